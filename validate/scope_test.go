package validate_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/validate"
)

func TestCallFamily(t *testing.T) {
	for _, c := range []struct {
		path, fam string
		known     bool
		class     validate.Class
	}{
		{"/v2/account/create", "/account", true, validate.InScope},
		{"/v2/account", "/account", true, validate.InScope},
		{"/v2/checkout/create", "/checkout", true, validate.OtherCall},
		{"/v2/oauth2/token", "/oauth2", true, validate.OtherCall},
		{"/v2/subscription_plan/find/", "/subscription_plan", true, validate.OtherCall},
		{"/v2/subscription", "/subscription", true, validate.OtherCall},
		{"/v2/user", "/user", true, validate.OtherCall},
		{"/v2/acount/create", "/acount", false, validate.InScope},     // a typo stays in scope
		{"/v2/account/balance", "/account", true, validate.OtherCall}, // retired, not a typo
		{"/v2/account/crate", "/account", true, validate.InScope},
		{"/v2/transfer/find", "/transfer", true, validate.OtherCall},
		{"/healthz", "/healthz", false, validate.InScope},
		{"/", "/", false, validate.InScope},
	} {
		fam, known := validate.CallFamily(c.path)
		if fam != c.fam || known != c.known {
			t.Errorf("CallFamily(%q) = %q, %v; want %q, %v", c.path, fam, known, c.fam, c.known)
		}
		if got := validate.ClassifyPath(c.path, validate.ScopeAccount); got != c.class {
			t.Errorf("ClassifyPath(%q) = %v, want %v", c.path, got, c.class)
		}
		if got := validate.ClassifyPath(c.path, validate.ScopeAll); got != validate.InScope {
			t.Errorf("ClassifyPath(%q, all) = %v", c.path, got)
		}
	}
	if got := validate.Classify("example.com", "/v2/account", nil, validate.ScopeAccount); got != validate.OtherHost {
		t.Errorf("other host: %v", got)
	}
	if got := validate.Classify("127.0.0.1:8080", "/v2/account", []string{"127.0.0.1:8080"}, validate.ScopeAccount); got != validate.InScope {
		t.Errorf("--host: %v", got)
	}
}

func TestOtherWePayCallIsOneRouteUnknown(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2/oauth2/token", strings.NewReader(`{"client_secret":"s3cr3t","code":"c"}`))
	fs, err := v.Request(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Rule != "route-unknown" || !strings.Contains(fs[0].Message, "/oauth2") {
		t.Fatalf("want one route-unknown, got %v", fs)
	}
	req = httptest.NewRequest("POST", "https://stage.wepayapi.com/v2/acount/create", strings.NewReader(`{}`))
	fs, _ = v.Request(req)
	if len(fs) == 0 || fs[0].Rule != "route-unknown" {
		t.Fatalf("typo: %v", fs)
	}
}

func TestTransportPassesOtherTraffic(t *testing.T) {
	srv := server(`ok`, 200)
	defer srv.Close()
	send := func(c *http.Client, method, path string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(`{"amount":10}`))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	tb := &recTB{}
	c := &http.Client{Transport: v.Transport(tb, nil)}
	send(c, "GET", "/healthz")             // another host, not a WePay path
	send(c, "POST", "/v2/checkout/create") // a WePay call outside /account
	if len(tb.errors)+len(tb.logs) != 0 {
		t.Fatalf("out-of-scope traffic reported: %q %q", tb.errors, tb.logs)
	}
	send(c, "POST", "/v2/account/create") // a stand-in's /account call is checked
	if len(tb.errors) == 0 {
		t.Fatal("an /account call to a stand-in was not checked")
	}

	strict := &recTB{}
	c = &http.Client{Transport: v.TransportWith(strict, nil, validate.TransportOptions{Strict: true})}
	send(c, "GET", "/healthz")
	if len(strict.errors) == 0 {
		t.Fatal("Strict did not check another host's call")
	}
	all := &recTB{}
	c = &http.Client{Transport: v.TransportWith(all, nil, validate.TransportOptions{Scope: validate.ScopeAll})}
	send(c, "POST", "/v2/checkout/create")
	if len(all.errors) != 1 || !strings.Contains(all.errors[0], "route-unknown") {
		t.Fatalf("ScopeAll: want one route-unknown, got %q", all.errors)
	}
}

func TestMiddlewarePassesOtherCalls(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	called := 0
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called++ })
	var seen []validate.Finding
	h := v.Middleware(next, validate.MiddlewareOptions{Mode: validate.Reject, OnFindings: func(_ *http.Request, fs []validate.Finding) { seen = append(seen, fs...) }})
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("POST", "/v2/checkout/create", strings.NewReader(`{}`)))
	if called != 1 || len(seen) != 0 {
		t.Fatalf("a /checkout call was not passed through: called %d, findings %v", called, seen)
	}
	strict := v.Middleware(next, validate.MiddlewareOptions{Mode: validate.Reject, Strict: true})
	rr = httptest.NewRecorder()
	strict.ServeHTTP(rr, httptest.NewRequest("POST", "/v2/checkout/create", strings.NewReader(`{}`)))
	if called != 1 || rr.Code != 404 {
		t.Fatalf("Strict: called %d, status %d", called, rr.Code)
	}
}

// TestTransportOtherVendorsV2: another vendor's /v2/ API passes through
// a shared client's transport; a stand-in's WePay call (a known family on
// any host, any /v2/ path on a loopback host) is checked.
func TestTransportOtherVendorsV2(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	stub := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
	})
	for url, checked := range map[string]bool{
		"https://api.zoom.us/v2/users/me":            false,
		"https://api.example.com/v2/orders/1":        false,
		"https://api.digitalocean.com/v2/account":    false, // another vendor's /v2/account
		"https://standin.internal/v2/account/create": false, // a stand-in elsewhere is named in Hosts
		"https://wepay-mock:8080/v2/account/create":  true,  // ... as this one is
		"https://wepay-mock:8080/v2/checkout/find":   false, // a WePay call outside /account
		"http://127.0.0.1:8080/v2/acount/create":     true,
		"http://localhost:8080/v2/whatever":          true,
		"http://[::1]:8080/v2/whatever":              true,
	} {
		tb := &recTB{}
		c := &http.Client{Transport: v.TransportWith(tb, stub, validate.TransportOptions{Hosts: []string{"wepay-mock:8080"}})}
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := len(tb.errors)+len(tb.logs) > 0; got != checked {
			t.Errorf("%s: checked %v, want %v (%q %q)", url, got, checked, tb.errors, tb.logs)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
