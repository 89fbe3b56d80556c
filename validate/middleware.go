package validate

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// Mode says what the middleware does with an invalid request.
type Mode int

// Middleware modes.
const (
	// ReportOnly passes every request on and reports findings.
	ReportOnly Mode = iota
	// Reject answers a request with error findings itself, with WePay's
	// error body, and does not call the wrapped handler.
	Reject
)

// MiddlewareOptions configures [Validator.Middleware].
type MiddlewareOptions struct {
	Mode Mode
	// OnFindings receives the findings of each request (side "request") and,
	// when ValidateResponses is set, of each response. It may be nil.
	OnFindings func(r *http.Request, findings []Finding)
	// ValidateResponses buffers each response of the wrapped handler and
	// validates it against the contract before sending it.
	ValidateResponses bool
	// Scope is the policy's scope (see [WithPolicy]), else ScopeAccount,
	// when empty: a WePay call outside /account (such as
	// /checkout/create) goes to the wrapped handler unchecked.
	// The host is not looked at: a server that wraps its handler is the
	// stand-in, whatever its address.
	Scope Scope
	// Strict checks every request, whatever its path.
	Strict bool
}

// Middleware validates requests (and optionally responses) of a server that
// implements the WePay /account calls, such as a stand-in or a proxy.
func (v *Validator) Middleware(next http.Handler, o MiddlewareOptions) http.Handler {
	if o.Scope == "" && v.policy != nil {
		o.Scope = Scope(v.policy.Scope)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !o.Strict && r.URL != nil && ClassifyPath(r.URL.Path, o.Scope) != InScope {
			next.ServeHTTP(w, r)
			return
		}
		body, err := readRequestBody(r, v.maxBody)
		if err != nil {
			status, eb := ErrorBody([]Finding{{Rule: RuleJSONSyntax, Severity: SeverityError, Location: InBody, Message: "the request body could not be read"}})
			writeJSON(w, status, eb)
			return
		}
		var reqFindings []Finding
		var secrets []string
		p, reqVal := v.request(r, body, &reqFindings, &secrets)
		reqFindings = v.applyPolicy(v.finish(reqFindings, secrets, r))
		if o.OnFindings != nil && len(reqFindings) > 0 {
			o.OnFindings(r, reqFindings)
		}
		if o.Mode == Reject && hasError(reqFindings) {
			status, eb := ErrorBody(reqFindings)
			if v.cov != nil {
				v.cover(r, p, body, reqVal, &http.Response{StatusCode: status}, eb, decodeQuiet(eb))
			}
			writeJSON(w, status, eb)
			return
		}
		if p == nil || !o.ValidateResponses && v.cov == nil {
			v.cover(r, p, body, reqVal, nil, nil, nil)
			next.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		resp := &http.Response{StatusCode: rec.status, Header: rec.header, Body: io.NopCloser(bytes.NewReader(rec.buf.Bytes())), Request: r}
		if o.ValidateResponses {
			var out []Finding
			okVal, errVal := v.response(p, v.fixedEnv(r.Host), reqVal, resp, rec.buf.Bytes(), &out)
			if okVal == nil {
				okVal = errVal
			}
			v.cover(r, p, body, reqVal, resp, rec.buf.Bytes(), okVal)
			out = v.applyPolicy(v.finish(out, secrets, r))
			if o.OnFindings != nil && len(out) > 0 {
				o.OnFindings(r, out)
			}
		} else {
			// Coverage only: the answer is not validated, but the exchange
			// (its request was) is counted with what was answered.
			v.cover(r, p, body, reqVal, resp, rec.buf.Bytes(), decodeQuiet(rec.buf.Bytes()))
		}
		for k, vals := range rec.header {
			w.Header()[k] = vals
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.buf.Bytes())
	})
}

func hasError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

type recorder struct {
	header http.Header
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
func (r *recorder) Write(b []byte) (int, error) { r.wrote = true; return r.buf.Write(b) }

// ErrorDetail is one entry of a WePay error body's details.
type ErrorDetail struct {
	Target     []string `json:"target"`
	TargetType string   `json:"target_type"`
	ReasonCode string   `json:"reason_code"`
	Message    string   `json:"message"`
}

// ErrorResponse is WePay's error body.
type ErrorResponse struct {
	Error            string        `json:"error"`
	ErrorDescription string        `json:"error_description"`
	ErrorCode        int           `json:"error_code"`
	Details          []ErrorDetail `json:"details,omitempty"`
}

// ErrorBody turns request findings into the HTTP status and error body WePay
// would answer with: 1001 unknown call (404), 1002 missing header, 1005
// malformed JSON, 1004 missing argument, 1003 invalid value (all 400).
// Warnings are ignored.
func ErrorBody(findings []Finding) (int, []byte) {
	e := ErrorResponse{Error: spec.ErrorInvalidRequest, ErrorCode: spec.ErrorCodeInvalidValue}
	status := http.StatusBadRequest
	rank := 0
	for _, f := range findings {
		if f.Severity != SeverityError {
			continue
		}
		code, r := errorCode(f)
		if r > rank {
			rank, e.ErrorCode, e.ErrorDescription = r, code, f.Message
			if p := strings.TrimPrefix(f.Pointer, "/"); f.Location == InBody && p != "" {
				// WePay names the parameter: "Parameter 'account_id' expected integer, ..."
				e.ErrorDescription = "Parameter '" + strings.ReplaceAll(p, "/", ".") + "': " + f.Message
			}
			if code == spec.ErrorCodeUnknownCall {
				status = http.StatusNotFound
			}
		}
		target, tt := f.Pointer, "HTTP_REQUEST_BODY"
		if f.Location != InBody {
			tt = "HTTP_REQUEST_" + strings.ToUpper(string(f.Location))
		}
		e.Details = append(e.Details, ErrorDetail{Target: []string{strings.TrimPrefix(target, "/")}, TargetType: tt, ReasonCode: f.Rule, Message: f.Message})
	}
	if e.ErrorDescription == "" {
		e.ErrorDescription = "the request is invalid"
	}
	b, _ := json.Marshal(e)
	return status, b
}

// errorCode maps a finding to a WePay error code and a precedence rank.
func errorCode(f Finding) (int, int) {
	switch f.Rule {
	case spec.RuleRouteUnknown:
		return spec.ErrorCodeUnknownCall, 6
	case spec.RuleAuthBearerRequired, spec.RuleContentTypeJSON, spec.RuleUserAgentRequired:
		return spec.ErrorCodeMissingHeader, 5
	case RuleJSONSyntax, RuleJSONInvalidUTF8, RuleJSONTooDeep, RuleJSONNumberRange, RuleBodyTooLarge:
		return spec.ErrorCodeUnparseable, 4
	case RuleSchemaRequired:
		return spec.ErrorCodeMissingArgument, 3
	}
	return spec.ErrorCodeInvalidValue, 2
}

func writeJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
