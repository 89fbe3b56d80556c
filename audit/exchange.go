package audit

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/internal/header"
	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// validateExchange validates one exchange and keeps only what the report
// and the state tracker need.
// seq is the entry's place among all the entries read, which orders
// coverage's account observations that share a time; perFile puts them in
// the recording of their file (accounts are followed within each file),
// as the state checks do unless Options.StateAcrossFiles.
func validateExchange(v *validate.Validator, x *traffic.Exchange, op string, maxBody int64, seq int, perFile bool) outcome {
	method, shown := names(x, op)
	out := outcome{entry: x.Index, line: x.Line, method: method, time: x.Time, op: shown,
		apiVersion: header.Get(x.Request.Header, "Api-Version"), unanswered: x.Response == nil}
	req, resp, err := x.HTTPView() // x is dropped once validated
	if err != nil {
		out.err = &traffic.EntryError{File: x.Source, Entry: x.Index, Line: x.Line, Err: &URLError{}}
		return out
	}
	if v.Coverage() != nil {
		ctx := coverage.WithOrder(req.Context(), x.Time, int64(seq))
		rec := ""
		if perFile {
			rec = x.Source
		}
		req = req.WithContext(coverage.WithRecording(ctx, rec))
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
	if x.Response != nil && x.Response.Status == http.StatusOK && len(header.Values(x.Request.Header, "Authorization")) == 0 &&
		x.SentTo == "" && traffic.IsWePayHost(req.URL.Host, nil) {
		filteredAuth(findings)
	}
	out.findings = findings
	if !respLarge { // a body too large to keep was validated as empty
		out.states = states
		host := req.URL.Host // x.Host(), without parsing the URL again
		if host == "" {
			host = header.Get(x.Request.Header, "Host")
		}
		env := validate.EnvironmentOf(host)
		for i := range out.states {
			out.states[i].Environment = env
		}
	}
	return out
}

// filteredAuth words auth-bearer-required on a recorded call to WePay
// (wepayapi.com or stage.wepayapi.com, not a stand-in: no sent_to) that
// has no Authorization header yet was answered 200 as a warning: WePay
// answers a call without one with error 1002, so the header was sent and
// the recorder left it out (vcrpy's filter_headers=['authorization']
// removes it; so does a go-vcr hook that deletes it). A stand-in may
// answer anything, so its calls keep the error; so does a call that sent
// its token as a parameter (token-in-parameter: WePay refuses it, and the
// 200 says nothing of a header). The recording cannot show the scheme
// that was used. A team that records with the header kept can raise the
// rule back to error in its policy.
func filteredAuth(findings []validate.Finding) {
	for _, f := range findings {
		if f.Rule == spec.RuleTokenInParameter {
			return
		}
	}
	for i := range findings {
		f := &findings[i]
		if f.Rule == spec.RuleAuthBearerRequired && f.Severity == validate.SeverityError {
			f.Severity = validate.SeverityWarning
			f.Message = "no Authorization header in the recording, yet the call was answered 200: the recorder probably left it out (vcrpy's filter_headers removes it; keep it, masked, to have the Bearer scheme checked)"
		}
	}
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

// names returns the method and the call path a report shows for an
// exchange, with the secrets of its headers and URL masked: a recording may
// hold a token anywhere, the method and a path parameter included. op is
// the call path of the request URL (see hostOp).
func names(x *traffic.Exchange, op string) (method, shown string) {
	method = x.Request.Method
	if plainMethod(method) && contractOp(op) {
		// Neither can hold a secret: a method of HTTP and a call path of
		// the contract are fixed words. Collecting the secrets of every
		// exchange only to find nothing to mask was a seventh of a run.
		return method, op
	}
	p := redact.Default()
	var sec redact.Secrets
	p.Collect(&sec, x.Request.Header, x.Request.URL, nil)
	return sec.Text(method), sec.Text(p.Path(op))
}

// contractOp reports whether op is one of the contract's eight calls
// (spec.OperationPaths, without building that list for every exchange).
func contractOp(op string) bool {
	switch op {
	case spec.OpAccount, spec.OpFind, spec.OpCreate, spec.OpModify, spec.OpDelete,
		spec.OpGetUpdateURI, spec.OpGetReserveDetails, spec.OpSettlementSetup:
		return true
	}
	return false
}

// plainMethod reports whether m is one of the methods of HTTP.
func plainMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}
