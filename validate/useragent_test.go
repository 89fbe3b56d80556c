package validate_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// TestUserAgentRequired: rule user-agent-required ("a missing User-Agent
// ... header is error 1002") fires on a request whose headers were kept and
// lack a User-Agent, and never on one that kept no header at all.
func TestUserAgentRequired(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		header http.Header
		want   bool
	}{
		{"sent", http.Header{"User-Agent": {"WePay PHP SDK v0.2.7"}, "Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}, false},
		{"missing", http.Header{"Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}, true},
		{"empty", http.Header{"User-Agent": {""}, "Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}, true},
		{"blank", http.Header{"User-Agent": {" \t"}, "Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}, true},
		{"lower-case key", http.Header{"user-agent": {"curl/8.5.0"}, "Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}, false},
		{"no header recorded", http.Header{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "https://stage.wepayapi.com/v2"+spec.OpAccount, strings.NewReader(`{"account_id":1}`))
			req.Header = c.header
			fs, err := v.Request(req)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range fs {
				if f.Rule == spec.RuleUserAgentRequired {
					got = true
					if f.Severity != validate.SeverityError || f.Location != validate.InHeader {
						t.Errorf("finding %v: want an error on the header", f)
					}
				}
			}
			if got != c.want {
				t.Errorf("user-agent-required reported %v, want %v: %v", got, c.want, fs)
			}
		})
	}
}

// TestUserAgentMiddlewareAnswers1002: the middleware answers a call without
// User-Agent as WePay does, 400 with error_code 1002.
func TestUserAgentMiddlewareAnswers1002(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the handler was called for a request without User-Agent")
	}), validate.MiddlewareOptions{Mode: validate.Reject})
	req := httptest.NewRequest(http.MethodPost, "/v2"+spec.OpAccount, strings.NewReader(`{"account_id":1}`))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"error_code":1002`) {
		t.Fatalf("got %d %s, want 400 with error_code 1002", rec.Code, rec.Body)
	}
}

// TestUserAgentTransport: the RoundTripper judges what net/http puts on
// the wire. A request with no User-Agent key is sent with Go's default one
// (no finding); one whose User-Agent is set empty is sent without (a
// finding), and the server sees the same.
func TestUserAgentTransport(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("User-Agent"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	for _, c := range []struct {
		name  string
		set   func(http.Header)
		wantF bool
	}{
		{"default", func(http.Header) {}, false},
		{"explicit", func(h http.Header) { h.Set("User-Agent", "partner/1.0") }, false},
		{"emptied", func(h http.Header) { h["User-Agent"] = []string{""} }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := &recTB{}
			client := &http.Client{Transport: validate.Transport(tb, nil)}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2"+spec.OpFind, strings.NewReader(`{}`))
			req.Header.Set("Authorization", "Bearer t")
			req.Header.Set("Content-Type", "application/json")
			c.set(req.Header)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := strings.Contains(strings.Join(tb.errors, "\n"), "[user-agent-required]")
			if got != c.wantF {
				t.Errorf("user-agent-required reported %v, want %v: %q", got, c.wantF, tb.errors)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 || seen[0] == "" || seen[1] != "partner/1.0" || seen[2] != "" {
		t.Errorf("server saw User-Agents %q; want Go's default, partner/1.0 and none", seen)
	}
}
