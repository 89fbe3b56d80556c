package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// session is one run of the suite against one target.
type session struct {
	*suite
	t          Target
	base       string // the API base, ending in /v2
	client     *http.Client
	v          *validate.Validator
	red        redactor
	seed       int64
	runID      string       // in every name and reference_id the run makes
	apiVersion string       // the Api-Version every request sends: the contract's
	seq        atomic.Int64 // makes unique reference ids and names
	sel        selector
	clock      Clock // nil: wait across seconds instead

	acct   int64  // the shared account: looked up and modified
	listed int64  // a second account no check changes, which find bodies name
	lname  string // its name
	kyc    int64  // an account with KYC complete, for settlement_setup (0 without a driver)

	mu       sync.Mutex       // guards what follows
	errs     int              // error answers seen
	badErr   []badError       // error answers without WePay's error body
	reported map[string]bool  // checks that failed for a missing error body themselves
	created  []int64          // accounts the run created, in order
	owners   map[int64]string // the token of each account not created with Target.Token
	gone     map[int64]bool
	noClock  bool      // the clock refused to move: wait instead
	lastMade time.Time // when the last account was created
}

// start checks the target, builds the suite and makes the shared accounts.
func start(ctx context.Context, t Target) (*session, error) {
	base, client, err := t.endpoint()
	if err != nil {
		return nil, err
	}
	sel, err := t.selector()
	if err != nil {
		return nil, err
	}
	s, err := newSuite(t.Seed, t.Spec)
	if err != nil {
		return nil, err
	}
	vopts := []validate.Option{validate.WithEnvironment(t.environment())}
	if t.Spec != nil {
		vopts = append(vopts, validate.WithSpec(t.Spec))
	}
	v, err := validate.New(vopts...)
	if err != nil {
		return nil, err
	}
	seed := t.Seed
	if seed == 0 {
		seed = defaultSeed
	}
	runID := t.RunID
	if runID == "" {
		runID = newRunID()
	}
	t.issueTokens(ctx, runID)
	ss := &session{suite: s, t: t, base: base, client: client, v: v, seed: seed, runID: runID, sel: sel,
		apiVersion: s.sp.Document().Info.Version, clock: t.Clock, gone: map[int64]bool{}, owners: map[int64]string{}, reported: map[string]bool{},
		red: newRedactor(t.Token, t.OtherToken, t.RevokedToken)}
	if ss.clock == nil {
		if c, ok := t.Driver.(Clock); ok {
			ss.clock = c
		}
	}
	n := 0
	for i := range s.checks {
		if sel.selects(&s.checks[i]) {
			n++
		}
	}
	if n == 0 {
		return nil, &TargetError{Msg: "the selection (" + sel.describe() + ") takes no check"}
	}
	if err := ss.setup(ctx); err != nil {
		ss.cleanup(context.WithoutCancel(ctx)) // the accounts made before the failure
		return nil, err
	}
	return ss, nil
}

// newRunID is 8 random hex digits: a run's mark on what it creates.
func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// selected returns the checks the Target's selection takes, in order.
func (s *session) selected() []*check {
	var out []*check
	for i := range s.checks {
		if s.sel.selects(&s.checks[i]) {
			out = append(out, &s.checks[i])
		}
	}
	return out
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
			se := &SetupError{Step: "complete KYC of the KYC account with the state driver", Driver: true, Err: err}
			var de *DriverError
			if errors.As(err, &de) {
				se.Status, se.Code, se.Description = de.Status, int64(de.Code), de.Description
				se.Unreachable = de.Status == 0
			}
			return se
		}
	}
	return nil
}

func (p *probe) setupAccount(ctx context.Context, step, name string) (int64, error) {
	p.s.tick(ctx)
	a := p.send(ctx, req{op: spec.OpCreate, body: map[string]any{"name": name, "description": "conformance check account", "reference_id": p.s.uniqueRef()}})
	if a.err != nil {
		return 0, &SetupError{Step: step, Call: "POST /v2" + spec.OpCreate, Unreachable: true, Err: errors.New(p.s.red.apply(a.err.Error()))}
	}
	if id := a.accountID(); a.status == http.StatusOK && id != 0 {
		return id, nil
	}
	se := &SetupError{Step: step, Call: "POST /v2" + spec.OpCreate, Status: a.status}
	if _, code, _, ok := a.errorBody(); ok {
		m, _ := a.val.(map[string]any)
		desc, _ := m["error_description"].(string)
		se.Code, se.Description = code, p.s.red.apply(desc)
	} else if a.status == http.StatusOK {
		se.Description = "the answer has no account_id"
	}
	se.Err = errors.New(se.detail())
	return 0, se
}

// uniqueName makes a name no other account of any run has: prefix, the
// run id and a number. Every account name the run sends carries it, but a
// name a check sends of the wrong type or leaves out.
func (s *session) uniqueName(prefix string) string {
	return fmt.Sprintf("%s %s-%d", prefix, s.runID, s.seq.Add(1))
}

// uniqueRef makes a reference id no other account of any run has.
func (s *session) uniqueRef() string { return fmt.Sprintf("cf%sx%d", s.runID, s.seq.Add(1)) }

// tick gives the next account a create_time of its own: the target's
// clock moves a second forward. Without a clock it does nothing; see
// spaced.
func (s *session) tick(ctx context.Context) {
	s.mu.Lock()
	c := s.clock
	if s.noClock {
		c = nil
	}
	s.mu.Unlock()
	if c == nil {
		return
	}
	if err := c.Advance(ctx, time.Second); err != nil && ctx.Err() == nil {
		s.mu.Lock()
		s.noClock = true
		s.mu.Unlock()
	}
}

// spaced reports whether tick gives accounts distinct create_times; when
// not, the checks that compare create times wait between accounts.
func (s *session) spaced() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock != nil && !s.noClock
}

// minGap is the wait between accounts whose create_times must differ when
// the target's clock cannot be moved: create_time counts seconds, so a
// second and a margin for the network.
const minGap = 1100 * time.Millisecond

// waitGap waits until minGap has passed since the last account was made.
func (s *session) waitGap(ctx context.Context) {
	s.mu.Lock()
	d := minGap - time.Since(s.lastMade)
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// made records an account the run created, or one it deleted; token is
// the access token it was created with when that is not Target.Token.
func (s *session) made(id int64, deleted bool, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if deleted {
		s.gone[id] = true
		return
	}
	if token != "" {
		s.owners[id] = token
	}
	s.created = append(s.created, id)
	s.lastMade = time.Now()
}

// cleanup deletes the accounts the run created and did not delete. It
// returns the accounts the target would not delete (one with a balance,
// for example). Its answers are not checked.
func (s *session) cleanup(ctx context.Context) (created int, left []int64) {
	s.mu.Lock()
	ids := slices.Clone(s.created)
	s.mu.Unlock()
	if s.t.KeepAccounts {
		return len(ids), nil
	}
	p := &probe{s: s, c: &check{name: "cleanup", category: "cleanup"}, tracker: s.v.NewStateTracker(), quiet: true}
	for _, id := range ids {
		s.mu.Lock()
		done, owner := s.gone[id], s.owners[id]
		s.mu.Unlock()
		if done || ctx.Err() != nil {
			continue
		}
		r := req{op: spec.OpDelete, body: map[string]any{"account_id": id}}
		if owner != "" {
			r.auth = "Bearer " + owner
		}
		a := p.send(ctx, r)
		if a.err != nil {
			// The target stopped answering: leave the rest rather than
			// wait out a timeout per account.
			s.mu.Lock()
			for _, rest := range ids[slices.Index(ids, id):] {
				if !s.gone[rest] {
					left = append(left, rest)
				}
			}
			s.mu.Unlock()
			break
		}
		if a.status != http.StatusOK {
			left = append(left, id)
		}
	}
	return len(ids), left
}

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
	for _, f := range p.failures {
		if f.Rule == RuleErrorBody || f.Rule == RuleCallMissing {
			s.mu.Lock()
			s.reported[c.name] = true
			s.mu.Unlock()
		}
	}
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
	quiet    bool   // the cleanup's probe: records nothing of the session's
	token    string // the access token calls send by default; "" means Target.Token
}

// req is one request a check sends.
type req struct {
	op     string
	path   string // instead of op, for a call the contract lacks
	body   any    // marshalled to JSON unless raw is set; nil sends no body
	raw    []byte
	auth   string // the whole Authorization value; "" means Bearer the probe's token
	noAuth bool
	query  string // raw query string
}

// answer is what came back.
type answer struct {
	op     string
	status int
	body   []byte
	val    any           // the body decoded with UseNumber; nil when it is not JSON
	err    error         // no answer came
	sent   func() string // what was sent, summarised
	got    func() string // the answer, summarised; nil when none came
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

// why is what a failure has in common with failures of other checks that
// have the same cause (see [CheckError]).
type why struct {
	rule, pointer, cause string
}

// fail records a failure of the check whose message is its own cause.
func (p *probe) fail(call string, a *answer, format string, args ...any) {
	p.failAs(why{rule: RuleCheck}, call, a, format, args...)
}

// failAs records a failure of the check with its cause.
func (p *probe) failAs(w why, call string, a *answer, format string, args ...any) {
	msg := p.s.red.apply(fmt.Sprintf(format, args...))
	e := &CheckError{Check: p.c.name, Category: p.c.category, Call: call, Msg: msg,
		Rule: w.rule, Pointer: w.pointer, Cause: p.s.red.apply(w.cause)}
	if e.Cause == "" {
		e.Cause = msg
	}
	if a != nil {
		e.answer = a
		if a.sent != nil {
			e.Sent = a.sent()
		}
		if a.got != nil {
			e.Got = a.got()
		}
	}
	p.failures = append(p.failures, e)
}

// moot drops the contract findings about an answer that should not have
// been a success at all: they are consequences of the acceptance, which
// is the failure to report.
func (p *probe) moot(a *answer) {
	p.failures = slices.DeleteFunc(p.failures, func(e *CheckError) bool {
		return e.answer == a && !strings.HasPrefix(e.Rule, "conformance.")
	})
}

// failFinding records a finding of package validate about an answer: its
// rule, pointer and message are the cause, whichever check met it.
func (p *probe) failFinding(a *answer, f validate.Finding) {
	ptr := starred(f.Pointer)
	if a.op == spec.OpFind {
		// The same member of an account, whether /account answers it or
		// /account/find lists it.
		ptr = strings.TrimPrefix(ptr, "/*")
	}
	if f.Location != validate.InBody {
		ptr = string(f.Location)
	}
	p.failAs(why{rule: f.Rule, pointer: ptr, cause: f.Message}, a.op, a, "the answer breaks the contract: %s", f)
}

// starred replaces the array indexes of a pointer with "*", so that the
// same member of different array elements has one cause.
func starred(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if t != "" && strings.Trim(t, "0123456789") == "" {
			toks[i] = "*"
		}
	}
	return strings.Join(toks, "/")
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

// redactQuery hides the values of secret parameters (access_token,
// client_secret, ...), however they are encoded.
func redactQuery(q string) string { return redact.Default().Query(q) }

// gotSummary describes an answer without secrets.
func (p *probe) gotSummary(status int, body []byte) string {
	return "HTTP " + strconv.Itoa(status) + " " + p.s.red.summarize(body)
}

// issueTokens fills OtherToken and RevokedToken, when the Target lacks
// them, from a driver that registers users (UserIssuer). A driver that
// cannot (its admin route answers an error) leaves them empty: the checks
// that need them are then skipped, with the reason.
func (t *Target) issueTokens(ctx context.Context, runID string) {
	iss, ok := t.Driver.(UserIssuer)
	if !ok {
		return
	}
	if t.OtherToken == "" {
		if tok, err := iss.UserToken(ctx, "Conformance Other "+runID); err == nil {
			t.OtherToken = tok
		}
	}
	if t.RevokedToken == "" {
		if tok, err := iss.UserToken(ctx, "Conformance Revoked "+runID); err == nil && iss.RevokeToken(ctx, tok) == nil {
			t.RevokedToken = tok
		}
	}
}
