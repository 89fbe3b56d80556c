package audit

import (
	"fmt"
	"net/url"
	"sort"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// validateExchange validates one exchange and keeps only what the report
// and the state tracker need.
func validateExchange(v *validate.Validator, x *traffic.Exchange, maxBody int64) outcome {
	out := outcome{entry: x.Index, line: x.Line, method: x.Request.Method, time: x.Time, op: opOf(x.Request.URL)}
	req, resp, err := x.HTTP()
	if err != nil {
		out.err = &traffic.EntryError{File: x.Source, Entry: x.Index, Line: x.Line, Err: &URLError{}}
		return out
	}
	findings, states, err := v.ExchangeStates(req, resp)
	if err != nil {
		out.err = &traffic.EntryError{File: x.Source, Entry: x.Index, Line: x.Line, Err: &ExchangeError{Err: err}}
		return out
	}
	reqLarge := x.Request.BodyTooLarge
	respLarge := x.Response != nil && x.Response.BodyTooLarge
	if reqLarge || respLarge {
		findings = dropBodyFindings(findings, reqLarge, respLarge)
		if reqLarge {
			findings = append(findings, tooLarge(out.op, spec.Request, x.Request.BodySize, maxBody))
		}
		if respLarge {
			findings = append(findings, tooLarge(out.op, spec.Response, x.Response.BodySize, maxBody))
		}
		// Keep the validator's order: request findings before response ones.
		sort.SliceStable(findings, func(i, j int) bool {
			return findings[i].Side == string(spec.Request) && findings[j].Side != string(spec.Request)
		})
	}
	out.findings = findings
	if !respLarge { // a body too large to keep was validated as empty
		out.states = states
		env := validate.EnvironmentOf(x.Host())
		for i := range out.states {
			out.states[i].Environment = env
		}
	}
	return out
}

// dropBodyFindings removes what the validator said about a body it did not
// get (it saw an empty body in place of one too large to keep).
func dropBodyFindings(in []validate.Finding, req, resp bool) []validate.Finding {
	out := in[:0]
	for _, f := range in {
		side := f.Side == string(spec.Request) && req || f.Side == string(spec.Response) && resp
		if side && (f.Location == validate.InBody || f.Rule == "error-body-on-failure") {
			continue
		}
		out = append(out, f)
	}
	return out
}

func tooLarge(op string, side spec.Side, size, limit int64) validate.Finding {
	return validate.Finding{Operation: op, Side: string(side), Location: validate.InBody,
		Rule: validate.RuleBodyTooLarge, Severity: validate.SeverityError,
		Message: fmt.Sprintf("body of %d bytes is over the %d-byte limit; not validated", size, limit)}
}

// opOf returns the call path of a request URL: "/v2/account/find/" ->
// "/account/find". The query (which may hold a token) is dropped.
func opOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return validate.OpPath(u.Path)
}
