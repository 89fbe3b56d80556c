package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

func runConformance(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"conformance"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestConformanceBuiltInFake(t *testing.T) {
	t.Parallel()
	code, out, stderr := runConformance(t, "--format", "json", "--seed", "3")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, stderr, out)
	}
	var rep struct {
		Checks []struct {
			Check, Category, Status, Reason string
			DurationMS                      float64 `json:"duration_ms"`
		} `json:"checks"`
		Summary struct {
			Pass, Fail, Skip int
			ByCategory       map[string]map[string]int `json:"by_category"`
			WallMS           float64                   `json:"wall_ms"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.Summary
	if s.Fail != 0 || s.Pass+s.Skip != len(rep.Checks) || s.WallMS <= 0 || len(s.ByCategory) != 11 {
		t.Errorf("summary %+v for %d checks", s, len(rep.Checks))
	}
	ipn, pending := 0, 0
	for _, c := range rep.Checks {
		if c.Status == "skip" && strings.HasPrefix(c.Reason, "needs ") {
			t.Errorf("%s skipped for a capability the built-in fake has: %s", c.Check, c.Reason)
		}
		if strings.HasPrefix(c.Check, "states/pending->") {
			// The built-in fake's admin driver issues temporary access
			// tokens, whose accounts start in pending.
			pending++
			if c.Status != "pass" {
				t.Errorf("%s: %s %s; the built-in fake takes the edges out of pending", c.Check, c.Status, c.Reason)
			}
		}
		if c.Category == "ipn" {
			ipn++
			if c.Status != "pass" {
				t.Errorf("%s: %s %s; the built-in fake delivers IPNs to the check's listener", c.Check, c.Status, c.Reason)
			}
		}
	}
	if ipn != 2 {
		t.Errorf("%d ipn checks ran, want 2", ipn)
	}
	if pending != 4 {
		t.Errorf("%d states/pending->* checks ran, want 4", pending)
	}
}

func TestConformanceTextAndJUnit(t *testing.T) {
	t.Parallel()
	code, out, _ := runConformance(t, "-v")
	if code != exitOK || !strings.Contains(out, "PASS  responses/account\n") ||
		!strings.Contains(out, "PASS  states/pending->active\n") || strings.Contains(out, "SKIP  states/pending") || !strings.Contains(out, " passed, 0 failed (0 causes), ") {
		t.Errorf("exit %d, text output:\n%s", code, out)
	}
	code, out, _ = runConformance(t, "--format=junit")
	var doc struct {
		Suites []struct {
			Tests   int `xml:"tests,attr"`
			Skipped int `xml:"skipped,attr"`
			Cases   []struct {
				Name    string    `xml:"name,attr"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || code != exitOK || len(doc.Suites) != 1 {
		t.Fatalf("exit %d, err %v:\n%s", code, err, out)
	}
	skipped := 0
	for _, c := range doc.Suites[0].Cases {
		if c.Skipped != nil {
			skipped++
		}
	}
	if s := doc.Suites[0]; s.Tests != len(s.Cases) || s.Skipped != skipped || skipped == 0 {
		t.Errorf("junit counts: tests %d (cases %d), skipped %d (elements %d)", s.Tests, len(s.Cases), s.Skipped, skipped)
	}
}

// TestConformanceFailingTarget checks a target that answers calls without
// a token: exit 1, and no token in the report.
func TestConformanceFailingTarget(t *testing.T) {
	t.Parallel()
	h, err := wepaytest.New(wepaytest.WithAdmin(true), wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	user := h.NewUser("owner")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", "Bearer "+user.Token)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { h.Close(); srv.Close() })
	code, out, stderr := runConformance(t, srv.URL+"/v2", "--token", user.Token, "--admin-token", h.AdminToken())
	if code != exitFindings || !strings.Contains(out, "FAIL 1. ") || !strings.Contains(out, "1 check: auth/no-authorization\n") {
		t.Errorf("exit %d, stderr %s, output:\n%s", code, stderr, out)
	}
	if strings.Contains(out+stderr, user.Token) {
		t.Error("the report shows the token")
	}
}

func TestConformanceUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--format", "yaml"},
		{"--run", "("},
		{"--op", "/account/nope"},
		{"--run", "^no-such-check$"},
		{"--env", "moon"},
		{"http://127.0.0.1:1/v2"},
		{"http://127.0.0.1:1/v2", "http://127.0.0.1:2/v2", "--token", "x"},
		{"--token", "x"},
		{"--no-such-flag"},
		{"http://127.0.0.1:1/v2", "--token", "x"}, // unreachable
		{"ftp://127.0.0.1/v2", "--token", "x"},
	} {
		if code, out, stderr := runConformance(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, want %d with a message; stdout %q", args, code, exitUsage, out)
		}
	}
	if code, out, _ := runConformance(t, "--help"); code != exitOK || !strings.Contains(out, "wepaykit conformance [BASE_URL]") {
		t.Errorf("--help: exit %d:\n%s", code, out)
	}
}

// TestConformanceCannotStart: a target that is unreachable, refuses the
// token or refuses the first call ends the run with exit 2 and one line
// that ends with a hint, before any check.
func TestConformanceCannotStart(t *testing.T) {
	t.Parallel()
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	user := h.NewUser("owner")
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"server_error","error_description":"the database is down","error_code":1003}`))
	}))
	t.Cleanup(refusing.Close)
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"unreachable", []string{"http://127.0.0.1:1/v2", "--token", user.Token}, []string{"no answer", "hint: is the target running"}},
		{"bad token", []string{srv.URL + "/v2", "--token", "STAGE_not_a_token"}, []string{"HTTP 401", "error_code 1006", "hint: the target refused the token: check --token"}},
		{"no /v2", []string{srv.URL, "--token", user.Token}, []string{"HTTP 404", "hint: check BASE_URL"}},
		{"refused", []string{refusing.URL + "/v2", "--token", user.Token}, []string{"HTTP 500", "the database is down", "hint: the checks need /account/create"}},
		{"admin routes missing", []string{srv.URL + "/v2", "--token", user.Token, "--admin"}, []string{"state driver", "hint: the state driver was refused"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, stderr := runConformance(t, tc.args...)
			if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "wepaykit conformance: cannot start: ") {
				t.Fatalf("exit %d, stdout %q, stderr %q: want exit 2 and one line", code, out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			if strings.Contains(stderr, user.Token) {
				t.Error("stderr shows the token")
			}
		})
	}
}
