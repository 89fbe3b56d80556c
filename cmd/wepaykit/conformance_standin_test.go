package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// fourCalls is a stand-in that offers only /account, /account/create,
// /account/find and /account/delete (anything else is a bare 404 from its
// router) and breaks a handful of rules: its accounts lack balances and
// statuses, it cuts an over-long name instead of refusing it, and its
// /account/find ignores limit.
func fourCalls(h http.Handler) http.Handler {
	offered := []string{"/v2/account", "/v2/account/create", "/v2/account/find", "/v2/account/delete"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !slices.Contains(offered, r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if json.Unmarshal(raw, &body) == nil {
			if name, ok := body["name"].(string); ok && utf8.RuneCountInString(name) > 255 {
				body["name"] = string([]rune(name)[:255])
			}
			if r.URL.Path == "/v2/account/find" {
				delete(body, "limit")
			}
			raw, _ = json.Marshal(body)
		}
		in := r.Clone(r.Context())
		in.Body, in.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, in)
		out := rec.Body.Bytes()
		var v any
		if rec.Code == http.StatusOK && json.Unmarshal(out, &v) == nil {
			strip := func(m map[string]any) { delete(m, "balances"); delete(m, "statuses") }
			switch x := v.(type) {
			case map[string]any:
				if _, ok := x["state"]; ok {
					strip(x)
				}
			case []any:
				for _, e := range x {
					if m, ok := e.(map[string]any); ok {
						strip(m)
					}
				}
			}
			out, _ = json.Marshal(v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(out)
	})
}

// causeHead starts a cause's block.
var causeHead = regexp.MustCompile(`^FAIL \d+\. `)

// causeBlocks splits a text report into its FAIL blocks.
func causeBlocks(out string) []string {
	var blocks []string
	for _, b := range strings.Split(out, "\n\n") {
		if causeHead.MatchString(b) { // not the "FAIL  check" lines of -v
			blocks = append(blocks, b)
		}
	}
	return blocks
}

// TestConformanceFourCallStandIn: against a stand-in of four calls that
// breaks a handful of rules, a run scoped with --op names each distinct
// problem once, in well under a screen, and exits 1; unscoped, each call it
// lacks is one cause too.
func TestConformanceFourCallStandIn(t *testing.T) {
	t.Parallel()
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	user := h.NewUser("owner")
	srv := httptest.NewServer(fourCalls(h))
	t.Cleanup(func() { h.Close(); srv.Close() })

	code, out, stderr := runConformance(t, srv.URL+"/v2", "--token", user.Token,
		"--op", "/account", "--op", "/account/create", "--op", "/account/find", "--op", "/account/delete")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr %s\n%s", code, stderr, out)
	}
	blocks := causeBlocks(out)
	problems := map[string]*regexp.Regexp{
		"balances and statuses": regexp.MustCompile(`balances.*statuses|statuses.*balances`),
		"name length":           regexp.MustCompile(`^FAIL \d+\. /name: accepted \(HTTP 200\)`),
		"limit":                 regexp.MustCompile(`find answered \d+ accounts, more than the limit of \d+ \[find-within-limit\]`),
	}
	for what, re := range problems {
		n := 0
		for _, b := range blocks {
			if re.MatchString(strings.SplitN(b, "\n", 2)[0]) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: named by %d causes, want 1", what, n)
		}
	}
	for _, b := range blocks {
		if lines := strings.Count(b, "\n") + 1; lines > 24 {
			t.Errorf("a cause takes %d lines, more than a screen:\n%s", lines, b)
		}
	}
	if len(blocks) > 8 {
		t.Errorf("%d causes for a handful of problems:\n%s", len(blocks), out)
	}
	if strings.Contains(out, user.Token) {
		t.Error("the report shows the token")
	}
	t.Logf("scoped report:\n%s", out)

	code, out, _ = runConformance(t, srv.URL+"/v2", "--token", user.Token)
	if code != exitFindings {
		t.Fatalf("unscoped: exit %d, want 1", code)
	}
	t.Logf("unscoped causes:\n%s", strings.Join(regexp.MustCompile(`(?m)^FAIL .*$`).FindAllString(out, -1), "\n"))
	for _, op := range []string{"/account/modify", "/account/get_update_uri", "/account/get_reserve_details"} {
		head := "FAIL \\d+\\. " + regexp.QuoteMeta(op) + " answers HTTP 404: the target does not offer the call"
		if n := len(regexp.MustCompile("(?m)^"+head).FindAllString(out, -1)); n != 1 {
			t.Errorf("unscoped: %s is named by %d causes, want 1:\n%s", op, n, out)
		}
	}
}
