package validate

import (
	"bytes"
	"net/http"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/internal/header"
)

// WithCoverage feeds every exchange the validator validates (through
// [Validator.Exchange], [Validator.ExchangeStates], [Validator.Transport]
// and [Validator.Middleware]) to c, once per exchange. A recorded exchange
// is placed in time by its request's context (coverage.WithOrder) and in
// its recording (coverage.WithRecording); a live one at the time it is
// validated, in the recording of the host it went to. A Middleware without ValidateResponses
// buffers each answer when a collector is set, to count what it says.
func WithCoverage(c *coverage.Collector) Option {
	return func(cfg *config) error {
		if c == nil {
			return &OptionError{Option: "coverage", Value: "nil collector"}
		}
		cfg.cov = c
		return nil
	}
}

// cover reports one validated exchange to the collector, with the bodies
// already decoded for validation. resp is nil when no answer was seen.
func (v *Validator) cover(r *http.Request, p *opPlan, reqBody []byte, reqVal any, resp *http.Response, respBody []byte, respVal any) {
	if v.cov == nil {
		return
	}
	ex := coverage.Exchange{
		Environment: string(v.fixedEnv(requestHost(r))),
		Request:     reqVal, Response: respVal,
		APIVersion:   header.Get(r.Header, "Api-Version") != "",
		RequestBody:  len(bytes.TrimSpace(reqBody)) > 0,
		ResponseBody: len(bytes.TrimSpace(respBody)) > 0,
		// A recording that kept no header: user-agent-required did not read it.
		RequestHeaders: len(r.Header) > 0,
	}
	if p != nil {
		ex.Operation = p.op.Path
	} else {
		ex.Operation = opPath(r.URL.Path)
	}
	if resp != nil {
		ex.Status = resp.StatusCode
	}
	t, n, recorded := coverage.OrderFrom(r.Context())
	if recorded {
		ex.Time, ex.Order = t, n
	}
	// Accounts are followed within a recording: the one the context names,
	// else, for a live exchange, the server it went to (two fake servers
	// of one test binary hand out the same account ids).
	if rec, ok := coverage.RecordingFrom(r.Context()); ok {
		ex.Recording = rec
	} else if !recorded {
		ex.Recording = requestHost(r)
	}
	v.cov.Observe(ex)
}

// decodeQuiet decodes an answer the validator did not check, for coverage
// only; nil when it is not JSON.
func decodeQuiet(b []byte) any {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	v, err := decode(b)
	if err != nil {
		return nil
	}
	return v
}

// Coverage returns the collector [WithCoverage] gave, or nil.
func (v *Validator) Coverage() *coverage.Collector { return v.cov }

// WithCollector returns a validator that shares v's compiled contract but
// feeds c (nil: no collector) instead of v's collector. It is cheap: use
// it where two faces of one exchange (a server's middleware and its
// client's transport) would otherwise count it twice.
func (v *Validator) WithCollector(c *coverage.Collector) *Validator {
	cp := *v
	cp.cov = c
	return &cp
}
