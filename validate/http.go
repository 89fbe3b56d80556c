package validate

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/internal/body"
	"github.com/wepaykit/wepaykit/internal/header"
	"github.com/wepaykit/wepaykit/internal/redact"
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
	c.closeLimit()
	return v.applyPolicy(v.finish(out, secrets, nil)), nil
}

// checkBody parses, schema-checks and rule-checks a body; it returns the
// decoded value (nil when it could not be parsed).
func (c *call) checkBody(body []byte, emptyIsObject bool, secrets *[]string) any {
	val, known, ok := c.parse(body, emptyIsObject, c.bodySchema())
	if !ok {
		if val != nil {
			c.requestSecrets(val, secrets) // a body with numbers out of range
		}
		return nil
	}
	return c.checkValue(val, known, secrets)
}

// bodySchema is the schema of the body of c's side (of a success answer).
func (c *call) bodySchema() *jsonschema.Schema {
	if c.side == spec.Request {
		return c.p.req
	}
	return c.p.resp
}

// checkValue schema-checks and rule-checks a decoded body, whose schema
// verdict the decoder may have given (known; see call.schemaKnown).
func (c *call) checkValue(val any, known verdict, secrets *[]string) any {
	sc := c.bodySchema()
	c.requestSecrets(val, secrets)
	before := len(*c.out)
	c.schemaKnown(sc, val, known)
	c.runSites(val)
	*c.out = oneFindingPerDefect(*c.out, before)
	return val
}

// requestSecrets looks for secrets in a decoded request body (see
// call.secrets); an answer's body is not looked at.
func (c *call) requestSecrets(val any, secrets *[]string) {
	if c.side == spec.Request {
		var path [8]string
		c.secrets(val, path[:0], secrets)
	}
}

// Request validates a request: route, method, headers, query and body.
func (v *Validator) Request(r *http.Request) ([]Finding, error) {
	if r == nil || r.URL == nil {
		return nil, &InputError{What: "a request with a URL is required"}
	}
	body, err := readRequestBody(r, v.maxBody)
	if err != nil {
		return nil, err
	}
	var out []Finding
	var secrets []string
	v.request(r, body, &out, &secrets)
	return v.applyPolicy(v.finish(out, secrets, r)), nil
}

// Response validates the answer to a call (op is its path). Rules that
// compare the answer with its request need [Validator.Exchange].
func (v *Validator) Response(op string, resp *http.Response) ([]Finding, error) {
	p, ok := v.ops[opPath(op)]
	if !ok {
		return nil, &UnknownOperationError{Operation: op}
	}
	if resp == nil {
		return nil, &InputError{What: "a response is required"}
	}
	body, err := readResponseBody(resp, v.maxBody)
	if err != nil {
		return nil, err
	}
	host := ""
	if resp.Request != nil {
		host = requestHost(resp.Request)
	}
	var out []Finding
	_, _ = v.response(p, v.fixedEnv(host), nil, resp, body, &out)
	return v.applyPolicy(v.finish(out, nil, nil)), nil
}

// Exchange validates a request and its response together, including the
// rules that compare the two (an answer that contradicts its request). resp
// may be nil when no answer was recorded.
func (v *Validator) Exchange(req *http.Request, resp *http.Response) ([]Finding, error) {
	findings, _, _, _, err := v.exchange(req, resp)
	return v.applyPolicy(findings), err
}

// ExchangeStates is [Validator.Exchange] that also returns the account
// states a 200 answer reports (as [AccountStates] would), read from the body
// already decoded for validation, for callers that feed a [StateTracker].
//
// An /account/modify that sets country_options is judged by the country
// its answer shows (rule country-options-canada-only). When the answer
// shows none (no answer, or an error), the states end with an entry that
// stands for the request ([AccountState].Request): a StateTracker judges it
// by the country an earlier answer of the recording showed.
func (v *Validator) ExchangeStates(req *http.Request, resp *http.Response) ([]Finding, []AccountState, error) {
	findings, op, reqVal, respVal, err := v.exchange(req, resp)
	findings = v.applyPolicy(findings)
	if err != nil {
		return findings, nil, err
	}
	var states []AccountState
	if respVal != nil {
		states = statesOf(op, respVal)
	}
	if s, ok := countryOptionsPending(op, reqVal, states); ok {
		states = append(states, s)
	}
	return findings, states, nil
}

// exchange validates an exchange and returns the call (when it is one of
// the contract's), the decoded request body and the decoded 200 answer
// (nil when there is none).
func (v *Validator) exchange(req *http.Request, resp *http.Response) ([]Finding, string, any, any, error) {
	if req == nil || req.URL == nil {
		return nil, "", nil, nil, &InputError{What: "a request with a URL is required"}
	}
	reqBody, err := readRequestBody(req, v.maxBody)
	if err != nil {
		return nil, "", nil, nil, err
	}
	var out []Finding
	var secrets []string
	p, reqVal := v.request(req, reqBody, &out, &secrets)
	if p == nil {
		v.cover(req, p, reqBody, reqVal, nil, nil, nil)
		return v.finish(out, secrets, req), "", nil, nil, nil
	}
	if resp == nil {
		v.cover(req, p, reqBody, reqVal, nil, nil, nil)
		return v.finish(out, secrets, req), p.op.Path, reqVal, nil, nil
	}
	respBody, err := readResponseBody(resp, v.maxBody)
	if err != nil {
		return nil, "", nil, nil, err
	}
	respVal, errVal := v.response(p, v.fixedEnv(requestHost(req)), reqVal, resp, respBody, &out)
	if respVal != nil {
		v.cover(req, p, reqBody, reqVal, resp, respBody, respVal)
	} else {
		v.cover(req, p, reqBody, reqVal, resp, respBody, errVal)
	}
	return v.finish(out, secrets, req), p.op.Path, reqVal, respVal, nil
}

// request checks a request and returns its plan and decoded body (nil when
// the route is unknown or the body unusable).
func (v *Validator) request(r *http.Request, body []byte, out *[]Finding, secrets *[]string) (*opPlan, any) {
	path := r.URL.Path
	op := opPath(path)
	p, known := v.ops[op]
	c := &call{v: v, p: p, op: op, side: spec.Request, env: v.fixedEnv(requestHost(r)), out: out}
	defer c.closeLimit()
	if !known {
		if fam, wepay := otherCall(path); wepay {
			// Another WePay call: its rules are not the contract's, so the
			// only thing to say is that the contract does not describe it.
			c.named("route-unknown", InRoute, "", fmt.Sprintf("%s is a WePay %s call, outside the /account calls the contract describes", clip(v.redact.Path(op)), fam))
			return nil, nil
		}
		c.named("route-unknown", InRoute, "", fmt.Sprintf("%s is not an /account call of the contract", clip(v.redact.Path(path))))
	}
	switch {
	case r.Method == http.MethodPost:
	case r.Method == http.MethodGet && len(bytes.TrimSpace(body)) == 0:
		// quirk get-without-body: WePay's PHP SDK sends GET for a call
		// without request values, so WePay answers it.
		c.named("method-get-without-body", InRoute, "", "method GET without a body; the reference says POST (WePay's PHP SDK sends a call without values as GET, and WePay answers it)")
	default:
		c.named("method-not-post", InRoute, "", fmt.Sprintf("method %s; every call is a POST", r.Method))
	}
	c.auth(r.Header, secrets)
	// The query is read leniently, as a forgiving server would: ";" also
	// separates parameters and a bad escape does not hide a key.
	for _, kv := range redact.ParseQuery(r.URL.RawQuery) {
		if isSecretKey(kv[0]) {
			*secrets = append(*secrets, kv[1])
			c.named("token-in-parameter", InQuery, "", fmt.Sprintf("query parameter %q: access tokens must never be sent as parameters, only in the Authorization header", clip(v.redact.Query(kv[0]))))
		}
	}
	if av := header.Get(r.Header, "Api-Version"); av != "" {
		c.checkAPIVersion(av)
	}
	if len(bytes.TrimSpace(body)) == 0 && r.Method == http.MethodPost && header.Get(r.Header, "Content-Type") == "" {
		// wepay-facts: "a missing User-Agent, Content-Type or Authorization
		// header is error 1002"; an empty body still names its type.
		c.named("content-type-json", InHeader, "", "no Content-Type; a call is sent as application/json, even with an empty body")
	}
	c.userAgent(r.Header)
	if len(bytes.TrimSpace(body)) > 0 {
		if ct := header.Get(r.Header, "Content-Type"); !isJSON(ct) {
			c.named("content-type-json", InHeader, "", fmt.Sprintf("Content-Type %q; a body must be sent as application/json", clip(ct)))
			if isForm(ct) {
				// Secret parameters are read leniently too (";" separators,
				// bad escapes), so that their values are masked even where
				// the strict decoder below gives up on a parameter.
				for _, kv := range redact.ParseQuery(string(body)) {
					if isSecretKey(kv[0]) {
						*secrets = append(*secrets, kv[1])
					}
				}
				// An old client's form body: its parameters are checked as
				// the members they stand for, so that findings are about
				// their values, not about JSON syntax.
				return p, c.checkForm(body, known, secrets)
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
	vals := header.Values(h, "Authorization")
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
		if tok != "" || !strings.EqualFold(scheme, "Bearer") { // "Bearer" alone is no credential
			*secrets = append(*secrets, a, strings.TrimSpace(a))
		}
		if schemeName(scheme) != scheme && !strings.EqualFold(scheme, "Bearer") { // a lone word may be the credential
			*secrets = append(*secrets, scheme)
		}
		switch {
		case !strings.EqualFold(scheme, "Bearer") && tok == "":
			// A lone word may be the credential itself: never echo it.
			c.named("auth-bearer-required", InHeader, "", "Authorization is not \"Bearer <access_token>\"; WePay expects the Bearer scheme")
		case !strings.EqualFold(scheme, "Bearer"):
			c.named("auth-bearer-required", InHeader, "", fmt.Sprintf("Authorization uses the %q scheme; WePay expects Bearer", clip(schemeName(scheme))))
		case tok == "":
			c.named("auth-bearer-required", InHeader, "", "Authorization: Bearer carries no token")
		}
	}
}

// schemeName names an Authorization scheme only when it is a registered
// one; any other first word may be the credential itself and is never
// echoed.
func schemeName(s string) string {
	switch strings.ToLower(s) {
	case "basic", "digest", "token", "oauth", "negotiate", "hoba", "mutual", "aws4-hmac-sha256":
		return s
	}
	return "(unrecognised)"
}

// response checks an answer and returns its decoded body when it is a 200
// that could be parsed (ok), or when it is an error body that could be
// parsed (errBody).
func (v *Validator) response(p *opPlan, env Environment, reqVal any, resp *http.Response, body []byte, out *[]Finding) (ok, errBody any) {
	c := &call{v: v, p: p, op: p.op.Path, side: spec.Response, env: env, req: reqVal, out: out}
	defer c.closeLimit()
	code := resp.StatusCode
	hasBody := len(bytes.TrimSpace(body)) > 0
	if hasBody && !isJSON(header.Get(resp.Header, "Content-Type")) {
		c.named("content-type-json", InHeader, "", fmt.Sprintf("Content-Type %q; WePay answers with application/json", clip(header.Get(resp.Header, "Content-Type"))))
	}
	switch {
	case code == http.StatusOK:
		val := c.checkBody(body, false, nil)
		c.modifyCountryOptions(val)
		return val, nil
	case code >= 400 && code <= 599:
		before := len(*out)
		val, known, ok := c.parse(body, false, p.errBody)
		if ok {
			c.schemaKnown(p.errBody, val, known)
			c.runErrorSites(val)
			errBody = val
		}
		if containsError((*out)[before:]) {
			c.named("error-body-on-failure", InStatus, "", fmt.Sprintf("status %d without a valid WePay error body (error, error_description, error_code)", code))
		}
	default:
		c.add(Finding{Location: InStatus, Rule: RuleStatusUnknown, Severity: SeverityError,
			Message: fmt.Sprintf("status %d: WePay answers 200 on success and 4xx/5xx with an error body", code)})
	}
	return nil, errBody
}

// containsError reports whether fs holds an error (not only warnings): an
// error body with, say, an undocumented error_code is still an error body.
func containsError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
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

// requestHost is the host a request was sent to: the URL's on the client
// side, the Host header's on the server side (where URL.Host is empty).
func requestHost(r *http.Request) string {
	if r.URL != nil && r.URL.Host != "" {
		return r.URL.Host
	}
	return r.Host
}

// EnvironmentOf infers the environment from a host: wepayapi.com (any port)
// is production, everything else stage.
func EnvironmentOf(host string) Environment {
	if strings.Contains(host, ":") {
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
	}
	if strings.EqualFold(strings.TrimSuffix(host, "."), "wepayapi.com") {
		return EnvProduction
	}
	return EnvStage
}

// OpPath turns a request path into a call path: "/v2/account/find/" ->
// "/account/find".
func OpPath(p string) string { return opPath(p) }

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
	if strings.EqualFold(ct, "application/json") {
		return true // the common case, without ParseMediaType's allocations
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

// readRequestBody reads the body and puts back an identical one.
func readRequestBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if b, ok := body.Unread(r.Body); ok {
		return b, nil // a recorded body: its bytes, and it still reads whole
	}
	b, rest, err := readLimited(r.Body, limit, r.ContentLength)
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
	if b, ok := body.Unread(resp.Body); ok {
		return b, nil
	}
	b, rest, err := readLimited(resp.Body, limit, resp.ContentLength)
	if err != nil {
		return nil, &ReadError{Side: "response", Err: err}
	}
	resp.Body = restore(b, rest, resp.Body)
	return b, nil
}

// readLimited reads up to limit+1 bytes. When the body is longer, rest is
// the unread remainder (the body is still restored whole) and b holds what
// was read, longer than limit so that the size check reports it. size is
// the declared length (-1 or 0 when unknown), used only to size the buffer.
func readLimited(r io.Reader, limit, size int64) (b []byte, rest io.Reader, err error) {
	n := int64(512)
	if size > 0 && size <= limit {
		n = size + 1 // +1: the read that meets EOF needs no second buffer
	}
	b = make([]byte, 0, n)
	for left := limit + 1; left > 0; {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		room := b[len(b):cap(b)]
		if int64(len(room)) > left {
			room = room[:left]
		}
		k, rerr := r.Read(room)
		b, left = b[:len(b)+k], left-int64(k)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, nil, rerr
		}
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
// The secrets of r's headers and URL (r may be nil) are collected only here,
// when there is a finding to redact: most exchanges have none, and
// collecting them for every exchange cost a seventh of an audit.
func (v *Validator) finish(out []Finding, secrets []string, r *http.Request) []Finding {
	if len(out) == 0 {
		return out
	}
	if r != nil {
		v.collectSecrets(r, &secrets)
	}
	var sec redact.Secrets
	sec.Add(secrets...)
	var op, shownOp string // the findings of an exchange share their operation: redacted once
	for i := range out {
		// The exchange's own secrets first (whole, escaped or cut short),
		// then the policy's pass for what it never collected: secret
		// parameters in quoted URLs, token-shaped values.
		out[i].Message = v.redact.Message(sec.Text(out[i].Message))
		if i == 0 || out[i].Operation != op {
			op, shownOp = out[i].Operation, v.redact.Path(v.redact.Message(sec.Text(out[i].Operation)))
		}
		out[i].Operation = shownOp
		out[i].Pointer = redact.Tokens(sec.Text(out[i].Pointer))
	}
	slices.SortStableFunc(out, compareFindings)
	return out
}

// compareFindings orders findings as reports list them: the request's
// before the answer's, then by location, pointer, rule and message.
func compareFindings(a, b Finding) int {
	if a.Side != b.Side {
		switch {
		case a.Side == string(spec.Request):
			return -1
		case b.Side == string(spec.Request):
			return 1
		}
	}
	return cmp.Or(
		cmp.Compare(locOrder(a.Location), locOrder(b.Location)),
		strings.Compare(a.Pointer, b.Pointer),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Message, b.Message),
	)
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

// collectSecrets adds the values of the request's secret headers and of the
// secret parameters of its URL (path parameters, query, fragment, nested
// URLs), as the project's redaction policy finds them, to the values that
// no finding may quote.
func (v *Validator) collectSecrets(r *http.Request, secrets *[]string) {
	var sec redact.Secrets
	raw := r.RequestURI
	if raw == "" {
		raw = r.URL.RequestURI()
	}
	v.redact.Collect(&sec, r.Header, raw, nil)
	if sec.Len() > 0 {
		*secrets = append(*secrets, sec.Values()...)
	}
}
