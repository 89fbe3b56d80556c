package conformance

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/internal/callsite"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
)

// Categories of checks, in the order they run.
const (
	CatResponses = "responses" // a valid call of each operation answers 200 with a conforming body
	CatLengths   = "lengths"   // a value at a length limit is accepted, one past it refused
	CatEnums     = "enums"     // every enum value is accepted, one outside the set refused
	CatRequired  = "required"  // a missing required argument is refused with 1004
	CatTypes     = "types"     // a wrong JSON type is refused with 1003, malformed JSON with 1005
	CatRules     = "rules"     // each request-side named rule of the contract is enforced
	CatAuth      = "auth"      // the access token travels only, and always, in Authorization
	CatFind      = "find"      // /account/find's limit, order, pages and deleted accounts
	CatStates    = "states"    // the account state machine: legal edges, refused changes
	CatIPN       = "ipn"       // an account's IPN reaches its callback_uri as the webhook describes
	CatErrors    = "errors"    // every refusal carries WePay's error body
)

// Categories lists the categories in the order their checks run.
func Categories() []string {
	return []string{CatResponses, CatLengths, CatEnums, CatRequired, CatTypes, CatRules, CatAuth, CatFind, CatStates, CatIPN, CatErrors}
}

// Info describes one check.
type Info struct {
	Check    string // stable name, for example "lengths/account/create/name"
	Category string // one of [Categories]
	Needs    []Need // capabilities the check needs beyond a token
	// Ops are the calls the check makes, the one it examines first;
	// /account/create, which every run needs, is listed only when it is
	// examined. Empty for checks of no one call. [Target.Ops] selects by
	// them.
	Ops     []string
	Summary string // what the check sends and expects
}

// Result is the outcome of one check.
type Result struct {
	Check    string
	Category string
	Status   string // "pass", "fail" or "skip"
	Reason   string // why it failed or was skipped; a note when it passed
	Duration time.Duration
	Failures []*CheckError // every failure, when Status is "fail"
	// Accepted says, when Status is StatusKnown, what accepted the failure:
	// policy.SuppressedOff, SuppressedIgnore or SuppressedBaseline.
	Accepted policy.Suppression
}

// Statuses of a [Result].
const (
	StatusPass = "pass"
	StatusFail = "fail"
	StatusSkip = "skip"
)

// check is one generated or hand-written check.
type check struct {
	name     string
	category string
	needs    []Need
	ops      []string // the call it examines, then the others it makes
	summary  string
	run      func(ctx context.Context, p *probe)
}

// suite is the checks of a contract and the request bodies they start
// from; it holds nothing of a target.
type suite struct {
	sp     *spec.Spec
	fields map[string][]spec.Field // request fields by call
	bases  map[string]any          // a safe valid request body of each call
	alts   map[string]any          // bodies for fields whose parent the base lacks, by call+pointer
	checks []check
}

// defaultSeed is the seed of request bodies when Target.Seed is 0.
const defaultSeed = 1

func newSuite(seed int64, sp *spec.Spec) (*suite, error) {
	if sp == nil {
		var err error
		if sp, err = spec.Load(); err != nil {
			return nil, err
		}
	}
	c, err := fake.NewContract(sp)
	if err != nil {
		return nil, err
	}
	if seed == 0 {
		seed = defaultSeed
	}
	s := &suite{sp: sp, fields: map[string][]spec.Field{}, bases: map[string]any{}, alts: map[string]any{}}
	if err := s.makeBases(c, seed); err != nil {
		return nil, err
	}
	for _, gen := range []func() []check{
		s.responseChecks, s.lengthChecks, s.enumChecks, s.requiredChecks, s.typeChecks,
		s.ruleChecks, s.authChecks, s.findChecks, s.stateChecks, s.ipnChecks, s.errorChecks,
	} {
		s.checks = append(s.checks, gen()...)
	}
	return s, nil
}

// List names every check of the embedded contract, in the order they run.
func List() ([]Info, error) {
	s, err := newSuite(defaultSeed, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Info, len(s.checks))
	for i, c := range s.checks {
		out[i] = Info{Check: c.name, Category: c.category, Needs: append([]Need(nil), c.needs...),
			Ops: append([]string(nil), c.ops...), Summary: c.summary}
	}
	return out, nil
}

// Report is the outcome of a run: the result of each selected check and
// what the run left behind.
type Report struct {
	// RunID is the mark the run put in the names and reference_ids of the
	// accounts it created.
	RunID   string
	Results []Result
	// Created counts the accounts the run created; Left lists those still
	// there after the cleanup (all of them with Target.KeepAccounts, and
	// any the target would not delete, such as one with a balance).
	Created int
	Left    []int64
	// Spec is the contract the run checked against (Target.Spec, or the
	// embedded one): reports locate each cause in its source.
	Spec *spec.Spec
	// Baseline is how the run compared with Target.Baseline, when it had
	// one (see [BaselineOutcome]); every format of [WriteReport] reports it.
	Baseline *BaselineOutcome
}

// Execute runs the selected checks against the target, one after another,
// then deletes the accounts the run created (unless Target.KeepAccounts).
// The error is a *TargetError for an unusable Target and a *SetupError when
// the run could not start (the target is unreachable, refuses the token or
// the first call); failing checks are results, not errors. When ctx is
// done, Execute stops and returns the results so far with ctx's error.
func Execute(ctx context.Context, target Target) (*Report, error) {
	ss, err := start(ctx, target)
	if err != nil {
		return nil, err
	}
	checks := ss.selected()
	m := target.Baseline.NewMatcher()
	rep := &Report{RunID: ss.runID, Results: make([]Result, 0, len(checks)), Spec: ss.suite.sp}
	for _, c := range checks {
		if err = ctx.Err(); err != nil {
			break
		}
		r := ss.run(ctx, c)
		if r.Status == StatusSkip {
			m.Seen(policyKey(r.Check)) // a check that did not run may still fail
		} else {
			known(&r, target.Policy, m)
		}
		rep.Results = append(rep.Results, r)
		if target.Progress != nil {
			target.Progress(len(rep.Results), len(checks), r)
		}
	}
	if target.Baseline != nil {
		rep.Baseline = NewBaselineOutcome(target.Baseline.File, rep.Results, m)
	}
	rep.Created, rep.Left = ss.cleanup(context.WithoutCancel(ctx))
	return rep, err
}

// Results runs the selected checks against the target as [Execute] does
// and returns the outcome of each, in the order of [List].
func Results(ctx context.Context, target Target) ([]Result, error) {
	rep, err := Execute(ctx, target)
	if rep == nil {
		return nil, err
	}
	return rep.Results, err
}

// Check runs every check against the target and returns every failure
// joined with errors.Join, each a *CheckError, or nil when the target
// conforms. Skipped checks are not failures, but a run whose every check
// was skipped checked nothing and returns [ErrNothingChecked]. A
// *TargetError, a *SetupError or the error of a done ctx is returned
// alone.
func Check(ctx context.Context, target Target) error {
	res, err := Results(ctx, target)
	if err != nil {
		return err
	}
	var errs []error
	ran := false
	for _, r := range res {
		if r.Status == StatusKnown {
			continue // accepted by Target.Policy or Target.Baseline
		}
		ran = ran || r.Status != StatusSkip
		for _, f := range r.Failures {
			errs = append(errs, f)
		}
	}
	if !ran {
		return ErrNothingChecked
	}
	return errors.Join(errs...)
}

// ErrNothingChecked reports a run whose every selected check was skipped:
// the target lacks what they need (see each [Result]'s Reason).
var ErrNothingChecked = errors.New("conformance: every selected check was skipped; nothing was checked")

// Run runs every check against the target as a subtest of t named after
// the check. A check whose need the target lacks is skipped with the
// reason; each failure is reported with t.Error at the line that called
// Run (the subtests run in their own goroutines, where the caller's frame
// is not on the stack).
func Run(t *testing.T, target Target) {
	t.Helper()
	at := callsite.Find(0)
	ss, err := start(t.Context(), target)
	if err != nil {
		t.Fatal(err)
		return
	}
	m := target.Baseline.NewMatcher()
	t.Cleanup(func() { ss.cleanup(context.Background()) })
	for _, c := range ss.selected() {
		t.Run(c.name, func(t *testing.T) {
			if why := ss.missing(c); why != "" {
				callsite.Report(t, false, at, why)
				t.SkipNow()
			}
			r := ss.run(t.Context(), c)
			if known(&r, target.Policy, m) {
				t.Skip(r.Reason)
			}
			seen := map[[2]string]bool{}
			for _, f := range r.Failures {
				callsite.Report(t, true, at, f.errorOnce(seen))
			}
			if r.Status == StatusSkip {
				callsite.Report(t, false, at, r.Reason)
				t.SkipNow()
			}
		})
	}
}
