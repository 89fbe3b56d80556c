package conformance_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// ipnResults runs the ipn checks against a fake whose IPNs go through
// deliver (nil: straight to the listener).
func ipnResults(t *testing.T, deliver http.RoundTripper, edit func(*conformance.Target)) map[string]conformance.Result {
	t.Helper()
	if deliver == nil {
		deliver = ipnOnly{}
	}
	h, err := wepaytest.New(wepaytest.WithSeed(7), wepaytest.WithHTTPClient(&http.Client{Transport: deliver}),
		wepaytest.WithClock(wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user := h.NewUser("owner")
	target := conformance.Target{Handler: h, Token: user.Token, Driver: h.Driver(), Clock: h.Driver(), Run: "^ipn/"}
	if edit != nil {
		edit(&target)
	}
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]conformance.Result{}
	for _, r := range res {
		out[r.Check] = r
	}
	if len(out) != 2 {
		t.Fatalf("want the two ipn checks, got %v", res)
	}
	return out
}

// TestIPNChecksPass: the fake delivers each IPN as the webhook describes.
func TestIPNChecksPass(t *testing.T) {
	t.Parallel()
	for name, r := range ipnResults(t, nil, nil) {
		if r.Status != conformance.StatusPass || !strings.Contains(r.Reason, "query kept") {
			t.Errorf("%s: %s %s %v", name, r.Status, r.Reason, r.Failures)
		}
	}
}

// TestIPNSkipsRemoteTarget: a target on another host (a remote stage)
// cannot reach a listener on 127.0.0.1: skipped with that reason, not
// failed.
func TestIPNSkipsRemoteTarget(t *testing.T) {
	t.Parallel()
	h, err := wepaytest.New(wepaytest.WithHTTPClient(noNetworkClient()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user := h.NewUser("owner")
	// Requests to stage.wepayapi.com are answered by the fake in process.
	client := &http.Client{Transport: inProcess{h}}
	res, err := conformance.Results(t.Context(), conformance.Target{BaseURL: "https://stage.wepayapi.com/v2", Client: client,
		Token: user.Token, Driver: h.Driver(), Run: "^ipn/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("want the two ipn checks, got %v", res)
	}
	for _, r := range res {
		if r.Status != conformance.StatusSkip || !strings.Contains(r.Reason, "stage.wepayapi.com is not on a loopback address") {
			t.Errorf("%s: %s %q; want skipped because the target is remote", r.Check, r.Status, r.Reason)
		}
	}
}

// inProcess answers every request with a handler.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	in := r.Clone(r.Context())
	in.RequestURI = r.URL.RequestURI()
	p.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestIPNSkipsWithoutDelivery: no IPN within Target.IPNWait is a skip
// with the reason, never a failure.
func TestIPNSkipsWithoutDelivery(t *testing.T) {
	t.Parallel()
	res := ipnResults(t, noNetwork{}, func(tg *conformance.Target) { tg.IPNWait = 50 * time.Millisecond })
	for name, r := range res {
		if r.Status != conformance.StatusSkip || !strings.Contains(r.Reason, "no IPN reached the listener on 127.0.0.1 within 50ms") {
			t.Errorf("%s: %s %q; want skipped for want of a delivery", name, r.Status, r.Reason)
		}
	}
}

// mangle changes each IPN on its way to the listener.
type mangle func(*http.Request) *http.Request

func (m mangle) RoundTrip(r *http.Request) (*http.Response, error) {
	return ipnOnly{}.RoundTrip(m(r))
}

// TestIPNBadDeliveriesFail: each way of breaking the webhook fails both
// ipn checks with rule conformance.ipn.
func TestIPNBadDeliveriesFail(t *testing.T) {
	t.Parallel()
	form := func(body string) func(*http.Request) *http.Request {
		return func(r *http.Request) *http.Request {
			out, _ := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), strings.NewReader(body))
			out.Header = r.Header.Clone()
			return out
		}
	}
	for _, tc := range []struct {
		name, cause string
		m           func(*http.Request) *http.Request
	}{
		{"get", "method", func(r *http.Request) *http.Request {
			out, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, r.URL.String(), nil)
			out.Header = r.Header.Clone()
			return out
		}},
		{"json-body", "content type", func(r *http.Request) *http.Request {
			r.Header.Set("Content-Type", "application/json")
			return r
		}},
		{"query-lost", "query", func(r *http.Request) *http.Request {
			r.URL.RawQuery = ""
			return r
		}},
		{"id-in-query", "account_id to the query", func(r *http.Request) *http.Request {
			q := r.URL.Query()
			q.Set("account_id", "1")
			r.URL.RawQuery = q.Encode()
			return r
		}},
		{"state-in-body", "members", func(r *http.Request) *http.Request {
			_ = r.ParseForm()
			return form(r.PostForm.Encode() + "&state=active")(r)
		}},
		{"other-account", "another account", form(url.Values{"account_id": {"9"}}.Encode())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for name, r := range ipnResults(t, mangle(tc.m), nil) {
				if r.Status != conformance.StatusFail || len(r.Failures) == 0 {
					t.Errorf("%s: %s %q; want a failure", name, r.Status, r.Reason)
					continue
				}
				f := r.Failures[0]
				if f.Rule != conformance.RuleIPN || !strings.Contains(f.Cause, tc.cause) {
					t.Errorf("%s: failure %s %q; want rule %s, cause about %q", name, f.Rule, f.Cause, conformance.RuleIPN, tc.cause)
				}
			}
		})
	}
}
