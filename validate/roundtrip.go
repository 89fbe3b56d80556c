package validate

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/wepaykit/wepaykit/internal/callsite"
)

// TB is the part of testing.TB the test integrations use.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// Transport returns an http.RoundTripper for partner tests that validates
// every exchange with the embedded contract. Each error finding fails the
// test through tb.Errorf (naming the call, the pointer and the rule);
// warnings are logged. base nil means http.DefaultTransport.
//
// Findings are reported at the caller's own line: the first frame of the
// client's goroutine outside wepaykit and the standard library (the
// partner's client method, with the test line that called it), not at a
// line of wepaykit or net/http. See [Report].
//
// It builds a [Validator]; to share one across tests use
// [Validator.Transport].
func Transport(tb TB, base http.RoundTripper) http.RoundTripper {
	tb.Helper()
	v, err := New()
	if err != nil {
		tb.Errorf("wepaykit: %v", err)
		return base
	}
	return v.Transport(tb, base)
}

// Transport wraps base so that every exchange through it to WePay is
// validated and reported through tb; other traffic of a shared client (a
// health check on another host, a /checkout call) passes through, as
// [TransportOptions] describes. The request seen by base is a clone; the caller's
// request is not modified.
func (v *Validator) Transport(tb TB, base http.RoundTripper) http.RoundTripper {
	return v.TransportWith(tb, base, TransportOptions{})
}

// TransportWith is [Validator.Transport] with options: by default a request
// to a host that is not WePay's (and whose path does not start with /v2/),
// or a WePay call outside /account, passes through without findings (see
// [TransportOptions]). Options left empty take the policy's hosts and scope
// (see [WithPolicy]), as wepaykit validate takes them from the same file.
func (v *Validator) TransportWith(tb TB, base http.RoundTripper, o TransportOptions) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if p := v.policy; p != nil {
		if len(o.Hosts) == 0 {
			o.Hosts = p.Hosts
		}
		if o.Scope == "" && p.Scope != "" {
			o.Scope = Scope(p.Scope)
		}
	}
	return &transport{v: v, tb: tb, base: base, o: o}
}

type transport struct {
	v    *Validator
	tb   TB
	base http.RoundTripper
	o    TransportOptions
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || !t.o.checks(req) {
		return t.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	check.Header = withClientUserAgent(check.Header)
	findings, _, _, _, verr := t.v.exchange(check, resp)
	if verr != nil {
		// The RoundTripper runs in the client's goroutine: the partner's
		// frames are on this stack, below net/http's.
		callsite.Report(t.tb, true, callsite.Find(0), fmt.Sprintf("wepaykit: %s %s: %v", req.Method, req.URL.Path, verr))
		return resp, nil
	}
	at := callsite.Find(0)
	kept, suppressed := splitPolicy(t.v.policy, findings)
	report(t.tb, kept, at)
	for _, s := range suppressed {
		callsite.Report(t.tb, false, at, fmt.Sprintf("wepaykit: %s by the policy (%s: %s): %s", s.Verdict.Suppressed, s.Verdict.Source, s.Verdict.Reason, s.Finding))
	}
	return resp, nil
}

// Report sends findings to tb: errors through Errorf (failing the test),
// warnings through Logf. Each is reported at the first frame of the calling
// goroutine outside wepaykit and the standard library, as
// "client.go:31 (called from client_test.go:18): wepaykit: ..."; with a
// *testing.T that place replaces the location go test would print. Called
// from a [MiddlewareOptions] OnFindings function, the place is that
// function's line.
func Report(tb TB, findings []Finding) {
	tb.Helper()
	report(tb, findings, callsite.Find(0))
}

func report(tb TB, findings []Finding, at callsite.Place) {
	tb.Helper()
	for _, f := range findings {
		callsite.Report(tb, f.Severity == SeverityError, at, "wepaykit: "+f.String())
	}
}
