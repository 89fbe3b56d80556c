package partner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

var update = flag.Bool("update", false, "rewrite testdata/session.jsonl")

// gateway is the partner's API gateway in front of their WePay stand-in:
// it adds a trace id to every JSON object it answers with (a known quirk,
// ignored by the policy with its reason).
func gateway(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var obj map[string]any
		if json.Unmarshal(body, &obj) == nil && rec.Code == http.StatusOK {
			obj["partner_trace_id"] = "trace-1"
			body, _ = json.Marshal(obj)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// logTB records what the transport reports.
type logTB struct {
	mu         sync.Mutex
	errs, logs []string
}

func (l *logTB) Helper() {}
func (l *logTB) Errorf(f string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Sprintf(f, a...))
}
func (l *logTB) Logf(f string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.logs = append(l.logs, fmt.Sprintf(f, a...))
}

// flow is the partner's integration: create an account (their legacy
// client adds a member of its own), look it up, modify it.
func flow(t *testing.T, client *http.Client, base, token string) {
	t.Helper()
	call := func(op, body string) map[string]any {
		req, _ := http.NewRequest("POST", base+"/v2"+op, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		b, _ := io.ReadAll(resp.Body)
		json.Unmarshal(b, &out)
		return out
	}
	acct := call("/account/create", `{"name":"Pilot Bakery","description":"Cakes and bread","partner_order_ref":"po-17"}`)
	n, ok := acct["account_id"].(float64)
	if !ok {
		t.Fatalf("/account/create answered %v", acct)
	}
	id := fmt.Sprint(int64(n))
	call("/account", `{"account_id":`+id+`}`)
	call("/account/modify", `{"account_id":`+id+`,"description":"Cakes, bread and pies"}`)
}

// TestGoTestAndCIAgree runs the partner's flow in go test under the policy
// (it passes: the quirks are ignored, with their reasons logged), records
// it, and validates the recording as CI does (package audit, which
// wepaykit validate runs) under the same file: no finding fails there
// either, and the same findings are suppressed.
func TestGoTestAndCIAgree(t *testing.T) {
	path, err := policy.Find(".")
	if err != nil || path == "" {
		t.Fatalf("no policy file found: %q, %v", path, err)
	}
	p, err := policy.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New(validate.WithPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckRules(v.RuleIDs()); err != nil {
		t.Fatal(err)
	}

	clock := wepaytest.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	h, err := wepaytest.New(wepaytest.WithSeed(3), wepaytest.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user := h.NewUser("pilot")
	var recording bytes.Buffer
	w := traffic.NewJSONLWriter(&recording)
	srv := httptest.NewServer(traffic.RecordHandler(gateway(h), w, "https://stage.wepayapi.com", clock.Now, nil))
	t.Cleanup(srv.Close)

	tb := &logTB{}
	flow(t, &http.Client{Transport: v.Transport(tb, srv.Client().Transport)}, srv.URL, user.Token)
	if len(tb.errs) > 0 {
		t.Fatalf("go test fails under the policy:\n%s", strings.Join(tb.errs, "\n"))
	}
	var suppressedInTest []string
	for _, l := range tb.logs {
		if strings.Contains(l, "by the policy") {
			suppressedInTest = append(suppressedInTest, l)
		}
	}
	if len(suppressedInTest) == 0 {
		t.Fatalf("nothing suppressed in go test; logs:\n%s", strings.Join(tb.logs, "\n"))
	}

	// Without the policy, the same flow fails: the file is what makes it pass.
	bare := &logTB{}
	plain, _ := validate.New(validate.Strict(true))
	h2, _ := wepaytest.New(wepaytest.WithSeed(3), wepaytest.WithClock(clock))
	t.Cleanup(h2.Close)
	srv2 := httptest.NewServer(gateway(h2))
	t.Cleanup(srv2.Close)
	flow(t, &http.Client{Transport: plain.Transport(bare, srv2.Client().Transport)}, srv2.URL, h2.NewUser("pilot").Token)
	if len(bare.errs) != len(suppressedInTest) {
		t.Errorf("without the policy: %d failures, want the %d the policy suppresses:\n%s", len(bare.errs), len(suppressedInTest), strings.Join(bare.errs, "\n"))
	}

	// CI: the recording, validated under the same file.
	const golden = "testdata/session.jsonl"
	if *update {
		if err := os.WriteFile(golden, recording.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, recording.Bytes()) {
		t.Errorf("%s is stale (go test ./examples/partner -update):\n%s", golden, recording.Bytes())
	}
	res, err := audit.Run(context.Background(), v, []audit.Input{{Name: golden, Open: func() (io.ReadCloser, error) { return os.Open(golden) }}}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("CI reports findings that go test accepted: %+v", res.Findings)
	}
	if len(res.Suppressed) != len(suppressedInTest) {
		t.Errorf("CI suppressed %d findings, go test %d:\n%s", len(res.Suppressed), len(suppressedInTest), strings.Join(suppressedInTest, "\n"))
	}
	for _, s := range res.Suppressed {
		if s.Verdict.Reason == "" {
			t.Errorf("suppressed without a reason: %+v", s)
		}
	}
}
