package validate_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/validate"
)

// TestTransportTakesPolicyHostsAndScope: the policy's hosts and scope
// apply to the Transport's options left empty, as wepaykit validate takes
// them from the same file; options given win.
func TestTransportTakesPolicyHostsAndScope(t *testing.T) {
	srv := server(`{"checkout_id":1}`, 200)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	send := func(c *http.Client, path string) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(`{"account_id":1}`))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	v, err := validate.New(validate.WithPolicy(mustPolicy(t, "hosts: ["+host+"]\nscope: all\n")))
	if err != nil {
		t.Fatal(err)
	}
	tb := &recTB{}
	c := &http.Client{Transport: v.Transport(tb, nil)}
	send(c, "/v2/checkout/create") // scope: all makes another WePay call route-unknown
	if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "route-unknown") {
		t.Fatalf("scope from the policy: %q", tb.errors)
	}
	tb = &recTB{}
	c = &http.Client{Transport: v.Transport(tb, nil)}
	send(c, "/account/create") // a path without /v2/ on a host of the policy is WePay's
	if len(tb.errors) == 0 {
		t.Fatalf("hosts from the policy: the call to %s was not checked", host)
	}
	tb = &recTB{}
	c = &http.Client{Transport: v.TransportWith(tb, nil, validate.TransportOptions{Scope: validate.ScopeAccount, Hosts: []string{"elsewhere:1"}})}
	send(c, "/v2/checkout/create")
	send(c, "/account/create")
	if len(tb.errors) != 0 {
		t.Fatalf("options given did not win: %q", tb.errors)
	}
}

// TestMiddlewareTakesPolicyScope: under scope: all, another WePay call
// reaching a stand-in's middleware is checked (route-unknown).
func TestMiddlewareTakesPolicyScope(t *testing.T) {
	v, err := validate.New(validate.WithPolicy(mustPolicy(t, "scope: all\n")))
	if err != nil {
		t.Fatal(err)
	}
	var seen []validate.Finding
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := v.Middleware(next, validate.MiddlewareOptions{OnFindings: func(_ *http.Request, fs []validate.Finding) { seen = append(seen, fs...) }})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/v2/checkout/create", strings.NewReader(`{}`)))
	if len(seen) == 0 || seen[0].Rule != "route-unknown" {
		t.Fatalf("scope from the policy: %v", seen)
	}
}
