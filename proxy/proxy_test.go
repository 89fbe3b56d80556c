package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// TestEndToEnd drives the account lifecycle through the proxy to wepaytest
// and validates the recording as `wepaykit validate FILE` would.
func TestEndToEnd(t *testing.T) {
	up, user, _ := fakeUpstream(t)
	r := newRig(t, up.URL, proxy.Options{})
	c := r.front.Client()
	base := r.front.URL + "/v2"

	status, b := call(t, c, base+spec.OpCreate, user.Token, `{"name":"Alice's Shop","description":"Handmade soap"}`)
	if status != 200 {
		t.Fatalf("create: %d %s", status, b)
	}
	id := accountID(t, b)
	for _, x := range []struct{ op, body string }{
		{spec.OpAccount, fmt.Sprintf(`{"account_id":%d}`, id)},
		{spec.OpFind, `{"name":"Alice's Shop"}`},
		{spec.OpModify, fmt.Sprintf(`{"account_id":%d,"description":"Soap and candles"}`, id)},
		{spec.OpGetUpdateURI, fmt.Sprintf(`{"account_id":%d}`, id)},
		{spec.OpDelete, fmt.Sprintf(`{"account_id":%d}`, id)},
		{spec.OpAccount, fmt.Sprintf(`{"account_id":%d}`, id)}, // 3003: deleted
	} {
		status, b := call(t, c, base+x.op, user.Token, x.body)
		if status != 200 && x.op != spec.OpAccount {
			t.Fatalf("%s: %d %s", x.op, status, b)
		}
	}
	evs := r.events.list()
	if len(evs) != 7 {
		t.Fatalf("%d events, want 7:\n%s", len(evs), r.events.text())
	}
	for _, e := range evs {
		if len(e.Findings) > 0 || e.Err != nil || e.Skipped || e.Rejected {
			t.Errorf("unexpected outcome: %+v", e)
		}
	}
	if st := r.proxy.Stats(); st.Calls != 7 || st.Errors != 0 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
	if got := lines(t, r.record); len(got) != 7 {
		t.Fatalf("%d recorded lines", len(got))
	}
	res := validateFile(t, r.record)
	if res.Entries != 7 || res.Skipped != 0 || len(res.Findings) != 0 {
		t.Fatalf("validating the recording: %d entries, %d skipped, findings %v", res.Entries, res.Skipped, res.Findings)
	}
	if !strings.Contains(lines(t, r.record)[0], `"url":"https://stage.wepayapi.com/v2/account/create"`) {
		t.Errorf("recorded under %s", lines(t, r.record)[0])
	}
	if strings.Contains(r.events.text()+strings.Join(lines(t, r.record), "\n"), user.Token) {
		t.Error("a token reached the output or the recording")
	}
}

// TestFindingsForwarded: without Reject an invalid call still reaches the
// upstream; its findings (request and answer) are reported and recorded.
func TestFindingsForwarded(t *testing.T) {
	up, user, _ := fakeUpstream(t)
	r := newRig(t, up.URL, proxy.Options{})
	status, b := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpCreate, user.Token, `{"name":"My WePay shop","description":"d"}`)
	if status != 400 || !strings.Contains(string(b), `"error_code":1003`) {
		t.Fatalf("the upstream's refusal did not come through: %d %s", status, b)
	}
	evs := r.events.list()
	if len(evs) != 1 || !hasRule(evs[0].Findings, "account-name-no-wepay") || evs[0].Rejected {
		t.Fatalf("events %+v", evs)
	}
	res := validateFile(t, r.record)
	if len(res.Findings) != len(evs[0].Findings) {
		t.Errorf("recording gives %d findings, the proxy %d", len(res.Findings), len(evs[0].Findings))
	}
	if !strings.Contains(r.events.text(), "account-name-no-wepay") {
		t.Errorf("printed:\n%s", r.events.text())
	}
}

// TestReject: an invalid request is answered by the proxy with WePay's
// error body and never reaches the upstream; a valid one goes through.
func TestReject(t *testing.T) {
	var upstreamCalls atomic.Int64
	up, user, _ := fakeUpstreamWith(t, func(s *http.Server) {
		h := s.Handler
		s.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { upstreamCalls.Add(1); h.ServeHTTP(w, r) })
	})
	r := newRig(t, up.URL, proxy.Options{Reject: true})
	c := r.front.Client()
	for _, x := range []struct {
		body, code string
		status     int
	}{
		{`{"name":"My WePay shop","description":"d"}`, `"error_code":1003`, 400},
		{`{"description":"d"}`, `"error_code":1004`, 400},
		{`{"name":"x", `, `"error_code":1005`, 400},
	} {
		status, b := call(t, c, r.front.URL+"/v2"+spec.OpCreate, user.Token, x.body)
		if status != x.status || !strings.Contains(string(b), x.code) {
			t.Errorf("%s: %d %s", x.body, status, b)
		}
	}
	status, b := call(t, c, r.front.URL+"/v2/account/nonexistent", user.Token, `{}`)
	if status != 404 || !strings.Contains(string(b), `"error_code":1001`) {
		t.Errorf("unknown call: %d %s", status, b)
	}
	if n := upstreamCalls.Load(); n != 0 {
		t.Fatalf("%d rejected calls reached the upstream", n)
	}
	status, _ = call(t, c, r.front.URL+"/v2"+spec.OpCreate, user.Token, `{"name":"Fine","description":"d"}`)
	if status != 200 || upstreamCalls.Load() != 1 {
		t.Fatalf("valid call: %d, upstream calls %d", status, upstreamCalls.Load())
	}
	st := r.proxy.Stats()
	if st.Rejected != 4 || st.Calls != 5 {
		t.Errorf("stats %+v", st)
	}
	for _, e := range r.events.list()[:4] {
		if !e.Rejected || !hasError(e.Findings) {
			t.Errorf("event %+v", e)
		}
	}
	// The recording holds the proxy's answers; they are WePay error bodies,
	// so only the requests' findings come back.
	for _, f := range validateFile(t, r.record).Findings {
		if f.Side != "request" {
			t.Errorf("the proxy's own answer breaks the contract: %v", f.Finding)
		}
	}
}

// TestStateTracking: an illegal change of state across calls of a session
// is reported (deleted, then active again).
func TestStateTracking(t *testing.T) {
	var n int
	upstream := jsonServer(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		state := map[int]string{1: "deleted", 2: "active"}[n]
		_, _ = fmt.Fprintf(w, `{"account_id":7,"state":%q}`, state)
	})
	r := newRig(t, upstream.URL, proxy.Options{})
	call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpDelete, "tok_abcdef", `{"account_id":7}`)
	call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpDelete, "tok_abcdef", `{"account_id":7}`)
	evs := r.events.list()
	if len(evs) != 2 || !hasRule(evs[1].Findings, validate.RuleStateTransition) {
		t.Fatalf("events:\n%s", r.events.text())
	}
}

// TestPassThrough: calls outside /account are forwarded untouched, not
// validated and not recorded.
func TestPassThrough(t *testing.T) {
	upstream := jsonServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, `{"path":%q,"query":%q}`, r.URL.Path, r.URL.RawQuery)
	})
	r := newRig(t, upstream.URL+"/base", proxy.Options{})
	status, b := call(t, r.front.Client(), r.front.URL+"/v2/checkout/create?x=1", "tok", `{"amount":1}`)
	if status != 200 || string(b) != `{"path":"/base/v2/checkout/create","query":"x=1"}` {
		t.Fatalf("%d %s", status, b)
	}
	evs := r.events.list()
	if len(evs) != 1 || !evs[0].Skipped || evs[0].Status != 200 || len(lines(t, r.record)) != 0 {
		t.Fatalf("events %+v, recording %v", evs, lines(t, r.record))
	}
	if st := r.proxy.Stats(); st.Passed != 1 || st.Calls != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	v := newValidator(t)
	for _, up := range []string{"", "stage.wepayapi.com", "ftp://x", "http://u:p@x", "http://x/?access_token=1", "://"} {
		if _, err := proxy.New(v, up, proxy.Options{}); err == nil {
			t.Errorf("upstream %q accepted", up)
		}
	}
	if _, err := proxy.New(nil, "http://x", proxy.Options{}); err == nil {
		t.Error("nil validator accepted")
	}
	if _, err := proxy.New(v, "http://x", proxy.Options{MaxBody: -1}); err == nil {
		t.Error("negative MaxBody accepted")
	}
	for up, want := range map[string]string{
		"http://127.0.0.1:8080":       proxy.DefaultRecordBase,
		"https://stage.wepayapi.com/": "https://stage.wepayapi.com",
		"https://wepayapi.com":        "https://wepayapi.com",
	} {
		p, err := proxy.New(v, up, proxy.Options{})
		if err != nil || p.RecordBase() != want {
			t.Errorf("New(%q).RecordBase() = %q, %v; want %q", up, p.RecordBase(), err, want)
		}
	}
}

func jsonServer(t *testing.T, f http.HandlerFunc) *httpServer {
	t.Helper()
	return newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		f(w, r)
	}))
}

func hasRule(fs []validate.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func hasError(fs []validate.Finding) bool {
	for _, f := range fs {
		if f.Severity == validate.SeverityError {
			return true
		}
	}
	return false
}

// TestPassThroughUpgrade: a connection upgrade outside /account (a
// WebSocket, say) works through the proxy.
func TestPassThroughUpgrade(t *testing.T) {
	upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "echo" {
			http.Error(w, "want an upgrade", http.StatusBadRequest)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
		_ = brw.Flush()
		line, _ := brw.ReadString('\n')
		_, _ = brw.WriteString("echo: " + line)
		_ = brw.Flush()
	}))
	r := newRig(t, upstream.URL, proxy.Options{})
	req, _ := http.NewRequest(http.MethodGet, r.front.URL+"/v2/stream", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "echo")
	resp, err := r.front.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", resp.StatusCode)
	}
	rw, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		t.Fatal("the upgraded body is not writable")
	}
	_, _ = io.WriteString(rw, "hello\n")
	buf := make([]byte, 64)
	n, _ := io.ReadAtLeast(rw, buf, len("echo: hello\n"))
	if string(buf[:n]) != "echo: hello\n" {
		t.Fatalf("got %q", buf[:n])
	}
	if evs := r.events.list(); len(evs) != 1 || !evs[0].Skipped || evs[0].Status != 101 {
		t.Fatalf("events %+v", evs)
	}
}
