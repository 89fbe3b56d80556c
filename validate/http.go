package validate

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// Body validates a bare JSON body of a call's side: schema, unknown fields,
// secrets and the named rules that need only the body. side is
// spec.Request or spec.Response (a success body).
func (v *Validator) Body(op string, side spec.Side, body []byte) ([]Finding, error) {
	p, ok := v.ops[opPath(op)]
	if !ok {
		return nil, &UnknownOperationError{Operation: op}
	}
	if side != spec.Request && side != spec.Response {
		return nil, &OptionError{Option: "side", Value: string(side)}
	}
	var out []Finding
	c := &call{v: v, p: p, op: p.op.Path, side: side, env: v.fixedEnv(""), out: &out}
	var secrets []string
	c.checkBody(body, side == spec.Request, &secrets)
	return finish(out, secrets), nil
}

// checkBody parses, schema-checks and rule-checks a body; it returns the
// decoded value (nil when it could not be parsed).
func (c *call) checkBody(body []byte, emptyIsObject bool, secrets *[]string) any {
	val, ok := c.parse(body, emptyIsObject)
	if !ok {
		return nil
	}
	sc := c.p.resp
	if c.side == spec.Request {
		sc = c.p.req
		c.secrets(val, "", secrets)
	}
	c.schema(sc, val)
	c.runSites(val)
	return val
}

// Request validates a request: route, method, headers, query and body.
func (v *Validator) Request(r *http.Request) ([]Finding, error) {
	body, err := readRequestBody(r, v.maxBody)
	if err != nil {
		return nil, err
	}
	var out []Finding
	var secrets []string
	v.request(r, body, &out, &secrets)
	return finish(out, secrets), nil
}

// Response validates the answer to a call (op is its path). Rules that
// compare the answer with its request need [Validator.Exchange].
func (v *Validator) Response(op string, resp *http.Response) ([]Finding, error) {
	p, ok := v.ops[opPath(op)]
	if !ok {
		return nil, &UnknownOperationError{Operation: op}
	}
	body, err := readResponseBody(resp, v.maxBody)
	if err != nil {
		return nil, err
	}
	host := ""
	if resp.Request != nil && resp.Request.URL != nil {
		host = resp.Request.URL.Host
	}
	var out []Finding
	v.response(p, v.fixedEnv(host), nil, resp, body, &out)
	return finish(out, nil), nil
}

// Exchange validates a request and its response together, including the
// rules that compare the two (an answer that contradicts its request). resp
// may be nil when no answer was recorded.
func (v *Validator) Exchange(req *http.Request, resp *http.Response) ([]Finding, error) {
	reqBody, err := readRequestBody(req, v.maxBody)
	if err != nil {
		return nil, err
	}
	var out []Finding
	var secrets []string
	p, reqVal := v.request(req, reqBody, &out, &secrets)
	if p == nil || resp == nil {
		return finish(out, secrets), nil
	}
	respBody, err := readResponseBody(resp, v.maxBody)
	if err != nil {
		return nil, err
	}
	v.response(p, v.fixedEnv(req.URL.Host), reqVal, resp, respBody, &out)
	return finish(out, secrets), nil
}

// request checks a request and returns its plan and decoded body (nil when
// the route is unknown or the body unusable).
func (v *Validator) request(r *http.Request, body []byte, out *[]Finding, secrets *[]string) (*opPlan, any) {
	path := r.URL.Path
	op := opPath(path)
	p, known := v.ops[op]
	c := &call{v: v, p: p, op: op, side: spec.Request, env: v.fixedEnv(r.URL.Host), out: out}
	if !known {
		c.named("route-unknown", InRoute, "", fmt.Sprintf("%s is not an /account call of the contract", redactPath(path)))
	}
	if r.Method != http.MethodPost {
		c.named("method-not-post", InRoute, "", fmt.Sprintf("method %s; every call is a POST", r.Method))
	}
	c.auth(r.Header, secrets)
	for k, vals := range r.URL.Query() {
		if isSecretKey(k) {
			*secrets = append(*secrets, vals...)
			c.named("token-in-parameter", InQuery, "", fmt.Sprintf("query parameter %q: access tokens must never be sent as parameters, only in the Authorization header", k))
		}
	}
	if av := r.Header.Get("Api-Version"); av != "" && !v.apiVersionOK(av) {
		c.named("api-version-format", InHeader, "", fmt.Sprintf("Api-Version %q is not a date yyyy-mm-dd", clip(av)))
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if !isJSON(r.Header.Get("Content-Type")) {
			c.named("content-type-json", InHeader, "", fmt.Sprintf("Content-Type %q; a body must be sent as application/json", clip(r.Header.Get("Content-Type"))))
			if form, err := url.ParseQuery(string(body)); err == nil && strings.Contains(strings.ToLower(r.Header.Get("Content-Type")), "form") {
				for k, vals := range form {
					if isSecretKey(k) {
						*secrets = append(*secrets, vals...)
						c.named("token-in-parameter", InBody, "", fmt.Sprintf("form parameter %q: access tokens must never be sent as parameters", k))
					}
				}
				return p, nil
			}
		}
	}
	if !known {
		return nil, nil
	}
	val := c.checkBody(body, true, secrets)
	return p, val
}

func (c *call) auth(h http.Header, secrets *[]string) {
	vals := h.Values("Authorization")
	if len(vals) == 0 {
		c.named("auth-bearer-required", InHeader, "", "no Authorization header; send Authorization: Bearer <access_token>")
		return
	}
	for _, a := range vals {
		scheme, tok, _ := strings.Cut(strings.TrimSpace(a), " ")
		tok = strings.TrimSpace(tok)
		if tok != "" {
			*secrets = append(*secrets, tok)
		}
		*secrets = append(*secrets, a)
		switch {
		case !strings.EqualFold(scheme, "Bearer"):
			c.named("auth-bearer-required", InHeader, "", fmt.Sprintf("Authorization uses the %q scheme; WePay expects Bearer", clip(schemeName(scheme))))
		case tok == "":
			c.named("auth-bearer-required", InHeader, "", "Authorization: Bearer carries no token")
		}
	}
}

func schemeName(s string) string {
	if len(s) > 16 || strings.ContainsAny(s, "=:.") {
		return "(not a scheme)"
	}
	return s
}

func (v *Validator) response(p *opPlan, env Environment, reqVal any, resp *http.Response, body []byte, out *[]Finding) {
	c := &call{v: v, p: p, op: p.op.Path, side: spec.Response, env: env, req: reqVal, out: out}
	code := resp.StatusCode
	hasBody := len(bytes.TrimSpace(body)) > 0
	if hasBody && !isJSON(resp.Header.Get("Content-Type")) {
		c.named("content-type-json", InHeader, "", fmt.Sprintf("Content-Type %q; WePay answers with application/json", clip(resp.Header.Get("Content-Type"))))
	}
	switch {
	case code == http.StatusOK:
		c.checkBody(body, false, nil)
	case code >= 400 && code <= 599:
		before := len(*out)
		val, ok := c.parse(body, false)
		if ok {
			c.schema(p.errBody, val)
			c.runErrorSites(val)
		}
		if len(*out) > before {
			c.named("error-body-on-failure", InStatus, "", fmt.Sprintf("status %d without a valid WePay error body (error, error_description, error_code)", code))
		}
	default:
		c.add(Finding{Location: InStatus, Rule: RuleStatusUnknown, Severity: SeverityError,
			Message: fmt.Sprintf("status %d: WePay answers 200 on success and 4xx/5xx with an error body", code)})
	}
}

// runErrorSites applies the rules that govern the error body's fields.
func (c *call) runErrorSites(val any) {
	obj, ok := val.(map[string]any)
	if !ok {
		return
	}
	code, found := obj["error_code"]
	r, ok := c.v.rules["error-code-known"]
	if !ok || !found {
		return
	}
	rc := &ruleCtx{call: c, rule: r, field: c.v.errorCode, pointer: "/error_code", parent: obj, key: "error_code", value: code, found: true}
	ruleKnownExample(rc)
}

// errorCodeField finds the error_code field of the error schema.
func (v *Validator) errorCodeField() (spec.Field, bool) {
	sc, ok := v.spec.Schema("Error")
	if !ok || sc.Properties["error_code"] == nil || sc.Properties["error_code"].Value == nil {
		return spec.Field{}, false
	}
	return spec.Field{Pointer: "/error_code", Examples: sc.Properties["error_code"].Value.Examples}, true
}

// apiVersionOK checks an Api-Version value against the spec's pattern.
func (v *Validator) apiVersionOK(s string) bool {
	return v.apiVersion == nil || v.apiVersion.MatchString(s)
}

func (v *Validator) fixedEnv(host string) Environment {
	if v.env != EnvAuto {
		return v.env
	}
	return EnvironmentOf(host)
}

// EnvironmentOf infers the environment from a host: wepayapi.com (any port)
// is production, everything else stage.
func EnvironmentOf(host string) Environment {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if strings.EqualFold(strings.TrimSuffix(host, "."), "wepayapi.com") {
		return EnvProduction
	}
	return EnvStage
}

// opPath turns a request path into a call path: "/v2/account/find/" ->
// "/account/find".
func opPath(p string) string {
	p = strings.TrimSuffix(p, "/")
	if strings.HasPrefix(p, "/v2/") {
		p = p[3:]
	}
	if p == "" {
		return "/"
	}
	return p
}

func isJSON(ct string) bool {
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:61] + "..."
	}
	return s
}

func redactPath(p string) string { return clip(p) }

// readRequestBody reads the body and puts back an identical one.
func readRequestBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, rest, err := readLimited(r.Body, limit)
	if err != nil {
		return nil, &ReadError{Side: "request", Err: err}
	}
	r.Body = restore(b, rest, r.Body)
	if rest == nil {
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	return b, nil
}

func readResponseBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	b, rest, err := readLimited(resp.Body, limit)
	if err != nil {
		return nil, &ReadError{Side: "response", Err: err}
	}
	resp.Body = restore(b, rest, resp.Body)
	return b, nil
}

// readLimited reads up to limit+1 bytes. When the body is longer, rest is
// the unread remainder (the body is still restored whole) and b holds what
// was read, longer than limit so that the size check reports it.
func readLimited(r io.Reader, limit int64) (b []byte, rest io.Reader, err error) {
	b, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(b)) > limit {
		return b, r, nil
	}
	return b, nil, nil
}

type restored struct {
	io.Reader
	closer io.Closer
}

func (r restored) Close() error { return r.closer.Close() }

func restore(b []byte, rest io.Reader, orig io.Closer) io.ReadCloser {
	if rest == nil {
		_ = orig.Close()
		return io.NopCloser(bytes.NewReader(b))
	}
	return restored{Reader: io.MultiReader(bytes.NewReader(b), rest), closer: orig}
}

// finish redacts secrets from messages and sorts findings deterministically.
func finish(out []Finding, secrets []string) []Finding {
	for i := range out {
		out[i].Message = redact(out[i].Message, secrets)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Side != b.Side {
			return a.Side == "request"
		}
		if a.Location != b.Location {
			return locOrder(a.Location) < locOrder(b.Location)
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	return out
}

func locOrder(l Location) int {
	switch l {
	case InRoute:
		return 0
	case InStatus:
		return 1
	case InHeader:
		return 2
	case InQuery:
		return 3
	}
	return 4
}

// redact replaces every secret value in s.
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 3 && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
	}
	return s
}
