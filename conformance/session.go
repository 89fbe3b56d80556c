package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wepaykit/wepaykit/validate"
)

// session is one run of the suite against one target.
type session struct {
	*suite
	t      Target
	base   string // the API base, ending in /v2
	client *http.Client
	v      *validate.Validator
	red    redactor
	seed   int64
	seq    atomic.Int64 // makes unique reference ids and names

	acct   int64  // the shared account: looked up and modified
	listed int64  // a second account no check changes, which find bodies name
	lname  string // its name
	kyc    int64  // an account with KYC complete, for settlement_setup (0 without a driver)

	mu     sync.Mutex // guards what follows
	errs   int        // error answers seen
	badErr []string   // checks that got an error answer without WePay's error body
}

// start checks the target, builds the suite and makes the shared accounts.
func start(ctx context.Context, t Target) (*session, error) {
	base, client, err := t.endpoint()
	if err != nil {
		return nil, err
	}
	s, err := newSuite(t.Seed)
	if err != nil {
		return nil, err
	}
	v, err := validate.New(validate.WithEnvironment(t.environment()))
	if err != nil {
		return nil, err
	}
	seed := t.Seed
	if seed == 0 {
		seed = defaultSeed
	}
	ss := &session{suite: s, t: t, base: base, client: client, v: v, seed: seed,
		red: newRedactor(t.Token, t.OtherToken, t.RevokedToken)}
	return ss, ss.setup(ctx)
}

// setup creates the accounts the checks share.
func (s *session) setup(ctx context.Context) error {
	p := &probe{s: s, c: &check{name: "setup", category: "setup"}, tracker: s.v.NewStateTracker()}
	var err error
	if s.acct, err = p.setupAccount(ctx, "create the shared account", s.uniqueName("Conformance Shared")); err != nil {
		return err
	}
	s.lname = s.uniqueName("Conformance Listed")
	if s.listed, err = p.setupAccount(ctx, "create the listed account", s.lname); err != nil {
		return err
	}
	if s.t.Driver != nil {
		if s.kyc, err = p.setupAccount(ctx, "create the KYC account", s.uniqueName("Conformance KYC")); err != nil {
			return err
		}
		if err := s.t.Driver.CompleteKYC(ctx, s.kyc); err != nil {
			return &SetupError{Step: "complete KYC of the KYC account with the driver", Err: err}
		}
	}
	return nil
}

func (p *probe) setupAccount(ctx context.Context, step, name string) (int64, error) {
	a := p.send(ctx, req{op: "/account/create", body: map[string]any{"name": name, "description": "conformance check account"}})
	if a.err != nil {
		return 0, &SetupError{Step: step, Unreachable: true, Err: a.err}
	}
	if id := a.accountID(); a.status == http.StatusOK && id != 0 {
		return id, nil
	}
	return 0, &SetupError{Step: step, Err: fmt.Errorf("want 200 with an account_id, got HTTP %d %s", a.status, a.got)}
}

// uniqueName makes a name no other account of the run has.
func (s *session) uniqueName(prefix string) string {
	return fmt.Sprintf("%s %d-%d", prefix, s.seed, s.seq.Add(1))
}

// uniqueRef makes a reference id no other account of the run has.
func (s *session) uniqueRef() string { return fmt.Sprintf("cf%dx%d", s.seed, s.seq.Add(1)) }

// missing returns why the target cannot run a check, or "".
func (s *session) missing(c *check) string {
	for _, n := range c.needs {
		if why := s.t.missing(n); why != "" {
			return why
		}
	}
	return ""
}

// run runs one check and returns its result.
func (s *session) run(ctx context.Context, c *check) Result {
	r := Result{Check: c.name, Category: c.category}
	if why := s.missing(c); why != "" {
		r.Status, r.Reason = StatusSkip, why
		return r
	}
	p := &probe{s: s, c: c, tracker: s.v.NewStateTracker()}
	began := time.Now()
	c.run(ctx, p)
	r.Duration = time.Since(began)
	switch {
	case len(p.failures) > 0:
		r.Status, r.Failures = StatusFail, p.failures
		r.Reason = p.failures[0].Msg
		if n := len(p.failures); n > 1 {
			r.Reason += fmt.Sprintf(" (and %d more)", n-1)
		}
	case p.skipped != "":
		r.Status, r.Reason = StatusSkip, p.skipped
	default:
		r.Status, r.Reason = StatusPass, p.note
	}
	return r
}

// probe is what a check uses to talk to the target and record failures.
type probe struct {
	s        *session
	c        *check
	tracker  *validate.StateTracker
	failures []*CheckError
	skipped  string
	note     string
}

// req is one request a check sends.
type req struct {
	op     string
	path   string // instead of op, for a call the contract lacks
	body   any    // marshalled to JSON unless raw is set; nil sends no body
	raw    []byte
	auth   string // the whole Authorization value; "" means Bearer Target.Token
	noAuth bool
	query  string // raw query string
}

// answer is what came back.
type answer struct {
	op     string
	status int
	body   []byte
	val    any   // the body decoded with UseNumber; nil when it is not JSON
	err    error // no answer came
	sent   string
	got    string
}

func (a *answer) accountID() int64 {
	m, _ := a.val.(map[string]any)
	n, _ := m["account_id"].(json.Number)
	id, _ := n.Int64()
	return id
}

func (a *answer) state() string {
	m, _ := a.val.(map[string]any)
	s, _ := m["state"].(string)
	return s
}

// errorBody reads WePay's error body: {"error", "error_description",
// "error_code"}; ok is false when the answer does not carry one.
func (a *answer) errorBody() (category string, code int64, details []any, ok bool) {
	m, isObj := a.val.(map[string]any)
	if !isObj {
		return "", 0, nil, false
	}
	category, ok1 := m["error"].(string)
	_, ok2 := m["error_description"].(string)
	n, ok3 := m["error_code"].(json.Number)
	code, err := n.Int64()
	details, _ = m["details"].([]any)
	return category, code, details, ok1 && ok2 && ok3 && err == nil
}

// fail records a failure of the check.
func (p *probe) fail(call string, a *answer, format string, args ...any) {
	e := &CheckError{Check: p.c.name, Category: p.c.category, Call: call, Msg: p.s.red.apply(fmt.Sprintf(format, args...))}
	if a != nil {
		e.Sent, e.Got = a.sent, a.got
	}
	p.failures = append(p.failures, e)
}

// errText renders an error for a report without any token.
func errText(err error) string {
	var de *DriverError
	if errors.As(err, &de) && de.Status != 0 {
		return fmt.Sprintf("HTTP %d, error_code %d: %s", de.Status, de.Code, de.Description)
	}
	return err.Error()
}

// sentSummary describes a request without its secrets.
func (p *probe) sentSummary(r req, path string, body []byte) string {
	var b strings.Builder
	b.WriteString("POST " + path)
	if r.query != "" {
		b.WriteString("?" + p.s.red.apply(redactQuery(r.query)))
	}
	if r.noAuth {
		b.WriteString(" (no Authorization)")
	} else {
		b.WriteString(" (Authorization: " + redacted + ")")
	}
	if body != nil {
		b.WriteString(" " + p.s.red.summarize(body))
	}
	return b.String()
}

// redactQuery hides the values of access_token and client_secret.
func redactQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, kv := range parts {
		k, _, found := strings.Cut(kv, "=")
		if lk := strings.ToLower(k); found && (lk == "access_token" || lk == "client_secret") {
			parts[i] = k + "=" + redacted
		}
	}
	return strings.Join(parts, "&")
}

// gotSummary describes an answer without secrets.
func (p *probe) gotSummary(status int, body []byte) string {
	return "HTTP " + strconv.Itoa(status) + " " + p.s.red.summarize(body)
}
