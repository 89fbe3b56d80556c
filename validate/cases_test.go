package validate_test

// Data-driven exchange cases. Every file under testdata/valid and
// testdata/invalid is one case, run as a subtest named after the file. A
// case is an HTTP exchange and the exact set of findings it must produce:
//
//	{
//	  "description": "what the case shows",                       (optional)
//	  "request": {
//	    "method": "POST",                                          (default POST)
//	    "url": "https://stage.wepayapi.com/v2/account/create",     (a bare path gets https://stage.wepayapi.com)
//	    "headers": {"Authorization": "Bearer ...", ...},           (sent as given; nothing is added)
//	    "body": {...} | "raw text",                                (JSON is sent byte for byte as written; a string is sent as its text)
//	    "body_base64": "..."                                       (raw bytes, for bodies JSON cannot hold such as invalid UTF-8)
//	  },
//	  "response": {"status": 200, "headers": {...}, "body": ..., "body_base64": ...},   (optional)
//	  "env": "auto" | "stage" | "production",                      (optional, WithEnvironment)
//	  "strict": true,                                              (optional, Strict)
//	  "max_body": 64,                                              (optional, WithMaxBody)
//	  "max_depth": 8,                                              (optional, WithMaxDepth)
//	  "max_findings": 2,                                           (optional, WithMaxFindings)
//	  "history": [{"operation": "/account/delete", "body": {...}}],
//	                       (optional: success answers observed before this exchange by a
//	                        StateTracker, which then also observes this exchange's 200 answer)
//	  "want": [{"side": "request", "location": "body", "pointer": "/name",
//	            "rule": "account-name-no-wepay", "severity": "error"}]
//	}
//
// want lists exactly the findings expected: a missing or an extra finding
// fails the case. A valid case may list warnings only.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// dcCase is one data-driven exchange case.
type dcCase struct {
	Description string       `json:"description"`
	Request     dcMessage    `json:"request"`
	Response    *dcMessage   `json:"response"`
	Env         string       `json:"env"`
	Strict      bool         `json:"strict"`
	MaxBody     int64        `json:"max_body"`
	MaxDepth    int          `json:"max_depth"`
	MaxFindings int          `json:"max_findings"`
	History     []dcObserved `json:"history"`
	Want        []dcWant     `json:"want"`
	name, dir   string       // file name without .json; "valid" or "invalid"
}

// dcMessage is a request or a response.
type dcMessage struct {
	Method     string            `json:"method"`
	URL        string            `json:"url"`
	Status     int               `json:"status"`
	Headers    map[string]string `json:"headers"`
	Body       json.RawMessage   `json:"body"`
	BodyBase64 *string           `json:"body_base64"`
}

// dcObserved is an answer a StateTracker saw before the case's exchange.
type dcObserved struct {
	Operation string          `json:"operation"`
	Body      json.RawMessage `json:"body"`
}

// dcWant is one expected finding. An empty Side matches either side.
type dcWant struct {
	Side     string `json:"side"`
	Location string `json:"location"`
	Pointer  string `json:"pointer"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
}

func (w dcWant) String() string {
	side := w.Side
	if side == "" {
		side = "*"
	}
	return fmt.Sprintf("%s %s %q %s %s", side, w.Location, w.Pointer, w.Rule, w.Severity)
}

func dcKey(f validate.Finding) dcWant {
	return dcWant{Side: f.Side, Location: string(f.Location), Pointer: f.Pointer, Rule: f.Rule, Severity: string(f.Severity)}
}

func (w dcWant) matches(g dcWant) bool {
	return (w.Side == "" || w.Side == g.Side) && w.Location == g.Location && w.Pointer == g.Pointer &&
		w.Rule == g.Rule && w.Severity == g.Severity
}

// dcBody returns the bytes of a message body and whether there is one.
func dcBody(m dcMessage) ([]byte, bool, error) {
	if m.BodyBase64 != nil {
		if m.Body != nil {
			return nil, false, fmt.Errorf("both body and body_base64")
		}
		b, err := base64.StdEncoding.DecodeString(*m.BodyBase64)
		return b, true, err
	}
	if m.Body == nil {
		return nil, false, nil
	}
	raw := bytes.TrimSpace(m.Body)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, false, err
		}
		return []byte(s), true, nil
	}
	return append([]byte(nil), raw...), true, nil
}

// dcLoad reads every case of a directory under testdata.
func dcLoad(t testing.TB, dir string) []*dcCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no cases in testdata/%s", dir)
	}
	sort.Strings(paths)
	var out []*dcCase
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &dcCase{name: strings.TrimSuffix(filepath.Base(p), ".json"), dir: dir}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, c)
	}
	return out
}

func dcAllCases(t testing.TB) []*dcCase {
	return append(dcLoad(t, "valid"), dcLoad(t, "invalid")...)
}

// dcValidators caches one validator per option set.
var dcValidators sync.Map

func dcValidator(t testing.TB, c *dcCase) *validate.Validator {
	t.Helper()
	key := fmt.Sprintf("%s|%v|%d|%d|%d", c.Env, c.Strict, c.MaxBody, c.MaxDepth, c.MaxFindings)
	if v, ok := dcValidators.Load(key); ok {
		return v.(*validate.Validator)
	}
	var opts []validate.Option
	if c.Env != "" {
		opts = append(opts, validate.WithEnvironment(validate.Environment(c.Env)))
	}
	if c.Strict {
		opts = append(opts, validate.Strict(true))
	}
	if c.MaxBody != 0 {
		opts = append(opts, validate.WithMaxBody(c.MaxBody))
	}
	if c.MaxDepth != 0 {
		opts = append(opts, validate.WithMaxDepth(c.MaxDepth))
	}
	if c.MaxFindings != 0 {
		opts = append(opts, validate.WithMaxFindings(c.MaxFindings))
	}
	v, err := validate.New(opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	dcValidators.Store(key, v)
	return v
}

// dcBuild turns a case into an HTTP request and, when it has one, response.
func dcBuild(c *dcCase) (*http.Request, *http.Response, error) {
	body, hasBody, err := dcBody(c.Request)
	if err != nil {
		return nil, nil, fmt.Errorf("request body: %w", err)
	}
	u := c.Request.URL
	if strings.HasPrefix(u, "/") {
		u = "https://stage.wepayapi.com" + u
	}
	method := c.Request.Method
	if method == "" {
		method = http.MethodPost
	}
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range c.Request.Headers {
		req.Header.Set(k, v)
	}
	if c.Response == nil {
		return req, nil, nil
	}
	resp := &http.Response{StatusCode: c.Response.Status, Header: http.Header{}, Body: http.NoBody, Request: req}
	if resp.StatusCode == 0 {
		resp.StatusCode = http.StatusOK
	}
	resp.Status = strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	for k, v := range c.Response.Headers {
		resp.Header.Set(k, v)
	}
	rb, hasRB, err := dcBody(*c.Response)
	if err != nil {
		return nil, nil, fmt.Errorf("response body: %w", err)
	}
	if hasRB {
		resp.Body = io.NopCloser(bytes.NewReader(rb))
		resp.ContentLength = int64(len(rb))
	}
	return req, resp, nil
}

// dcRun validates a case's exchange (and its state history) with v.
func dcRun(v *validate.Validator, c *dcCase) ([]validate.Finding, error) {
	req, resp, err := dcBuild(c)
	if err != nil {
		return nil, err
	}
	if len(c.History) > 0 {
		// As audit and the proxy do: the exchange's states (its 200
		// answer's, or a request the tracker judges) follow the history.
		tr := v.NewStateTracker()
		for _, h := range c.History {
			tr.Observe(h.Operation, h.Body)
		}
		fs, states, err := v.ExchangeStates(req, resp)
		if err != nil {
			return nil, err
		}
		return append(fs, tr.ObserveStates(req.URL.Path, states)...), nil
	}
	var fs []validate.Finding
	if resp == nil {
		fs, err = v.Request(req)
	} else {
		fs, err = v.Exchange(req, resp)
	}
	return fs, err
}

// dcCompare reports the difference between got and want, or "".
func dcCompare(got []validate.Finding, want []dcWant) string {
	used := make([]bool, len(got))
	var missing []string
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && w.matches(dcKey(g)) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, w.String())
		}
	}
	var extra []string
	for i, g := range got {
		if !used[i] {
			extra = append(extra, dcKey(g).String()+"  // "+g.Message)
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ""
	}
	var b strings.Builder
	for _, m := range missing {
		fmt.Fprintf(&b, "\n  missing: %s", m)
	}
	for _, e := range extra {
		fmt.Fprintf(&b, "\n  extra:   %s", e)
	}
	b.WriteString("\n  all findings:")
	for _, g := range got {
		fmt.Fprintf(&b, "\n    %s", g)
	}
	return b.String()
}

// dcCheckShape checks what every finding must satisfy, whatever the case.
func dcCheckShape(t testing.TB, sp *spec.Spec, fs []validate.Finding) {
	t.Helper()
	for _, f := range fs {
		switch {
		case f.Rule == "":
			t.Errorf("finding without a rule: %+v", f)
		case f.Severity != validate.SeverityError && f.Severity != validate.SeverityWarning:
			t.Errorf("finding with severity %q: %+v", f.Severity, f)
		case f.Side != string(spec.Request) && f.Side != string(spec.Response):
			t.Errorf("finding with side %q: %+v", f.Side, f)
		case f.Message == "":
			t.Errorf("finding without a message: %+v", f)
		case f.Operation == "":
			t.Errorf("finding without an operation: %+v", f)
		case f.Location != validate.InBody && f.Pointer != "":
			t.Errorf("%s finding with a pointer: %+v", f.Location, f)
		case f.Pointer != "" && !strings.HasPrefix(f.Pointer, "/"):
			t.Errorf("pointer %q does not start with /: %+v", f.Pointer, f)
		}
		switch f.Location {
		case validate.InBody, validate.InHeader, validate.InQuery, validate.InRoute, validate.InStatus:
		default:
			t.Errorf("finding with location %q: %+v", f.Location, f)
		}
		if r, ok := sp.Rule(f.Rule); ok {
			if string(f.Severity) != r.Severity {
				t.Errorf("%s reported as %s, the spec says %s", f.Rule, f.Severity, r.Severity)
			}
			if f.Cite == "" {
				t.Errorf("named rule %s reported without its citation", f.Rule)
			}
		}
	}
}

func TestCases(t *testing.T) {
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"valid", "invalid"} {
		t.Run(dir, func(t *testing.T) {
			for _, c := range dcLoad(t, dir) {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					if dir == "invalid" && len(c.Want) == 0 {
						t.Fatal("an invalid case must list the findings it expects")
					}
					for _, w := range c.Want {
						if dir == "valid" && w.Severity != string(validate.SeverityWarning) {
							t.Fatalf("a valid case may expect warnings only, not %s", w)
						}
						if w.Rule == "" || w.Location == "" || w.Severity == "" {
							t.Fatalf("incomplete want entry %s", w)
						}
					}
					got, err := dcRun(dcValidator(t, c), c)
					if err != nil {
						t.Fatal(err)
					}
					dcCheckShape(t, sp, got)
					if d := dcCompare(got, c.Want); d != "" {
						t.Errorf("%s: findings differ:%s", c.Description, d)
					}
				})
			}
		})
	}
}

// ruleConstants reads the Rule* constants of finding.go, so that a new
// constant without a case fails TestCasesCoverEveryRule.
func ruleConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "finding.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, "Rule") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("%s is not a string literal", n.Name)
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out[n.Name] = v
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no Rule* constants found in finding.go")
	}
	return out
}

// TestCasesCoverEveryRule fails when a rule of the spec or a Rule* constant
// has no invalid case that expects it.
func TestCasesCoverEveryRule(t *testing.T) {
	covered := map[string][]string{}
	for _, c := range dcLoad(t, "invalid") {
		for _, w := range c.Want {
			covered[w.Rule] = append(covered[w.Rule], c.name)
		}
	}
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sp.Rules() {
		if len(covered[r.ID]) == 0 {
			t.Errorf("spec rule %s has no invalid case in testdata/invalid", r.ID)
		}
	}
	for name, id := range ruleConstants(t) {
		if len(covered[id]) == 0 {
			t.Errorf("validate.%s (%q) has no invalid case in testdata/invalid", name, id)
		}
	}
	// Every rule a case expects must exist, so that a renamed rule cannot
	// leave stale cases behind that pass for the wrong reason.
	known := map[string]bool{}
	for _, r := range sp.Rules() {
		known[r.ID] = true
	}
	for _, id := range ruleConstants(t) {
		known[id] = true
	}
	for id, cases := range covered {
		if !known[id] {
			t.Errorf("cases %v expect rule %q, which is neither a spec rule nor a Rule* constant", cases, id)
		}
	}
}

// dcWithQuery returns raw with a query parameter set.
func dcWithQuery(raw, key, value string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
