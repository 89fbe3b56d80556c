package validate

import (
	"bytes"
	"io"
	"net/http"
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

// Transport wraps base so that every exchange through it is validated and
// reported through tb. The request seen by base is a clone; the caller's
// request is not modified.
func (v *Validator) Transport(tb TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{v: v, tb: tb, base: base}
}

type transport struct {
	v    *Validator
	tb   TB
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
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
	findings, verr := t.v.Exchange(check, resp)
	if verr != nil {
		t.tb.Errorf("wepaykit: %s %s: %v", req.Method, req.URL.Path, verr)
		return resp, nil
	}
	Report(t.tb, findings)
	return resp, nil
}

// Report sends findings to tb: errors through Errorf (failing the test),
// warnings through Logf.
func Report(tb TB, findings []Finding) {
	tb.Helper()
	for _, f := range findings {
		if f.Severity == SeverityError {
			tb.Errorf("wepaykit: %s", f)
		} else {
			tb.Logf("wepaykit: %s", f)
		}
	}
}
