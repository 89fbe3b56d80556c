package conformance

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake"
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
	CatErrors    = "errors"    // every refusal carries WePay's error body
)

// Categories lists the categories in the order their checks run.
func Categories() []string {
	return []string{CatResponses, CatLengths, CatEnums, CatRequired, CatTypes, CatRules, CatAuth, CatFind, CatStates, CatErrors}
}

// Info describes one check.
type Info struct {
	Check    string // stable name, for example "lengths/account/create/name"
	Category string // one of [Categories]
	Needs    []Need // capabilities the check needs beyond a token
	Summary  string // what the check sends and expects
}

// Result is the outcome of one check.
type Result struct {
	Check    string
	Category string
	Status   string // "pass", "fail" or "skip"
	Reason   string // why it failed or was skipped; a note when it passed
	Duration time.Duration
	Failures []*CheckError // every failure, when Status is "fail"
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

func newSuite(seed int64) (*suite, error) {
	sp, err := spec.Load()
	if err != nil {
		return nil, err
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
		s.ruleChecks, s.authChecks, s.findChecks, s.stateChecks, s.errorChecks,
	} {
		s.checks = append(s.checks, gen()...)
	}
	return s, nil
}

// List names every check of the embedded contract, in the order they run.
func List() ([]Info, error) {
	s, err := newSuite(defaultSeed)
	if err != nil {
		return nil, err
	}
	out := make([]Info, len(s.checks))
	for i, c := range s.checks {
		out[i] = Info{Check: c.name, Category: c.category, Needs: append([]Need(nil), c.needs...), Summary: c.summary}
	}
	return out, nil
}

// Results runs every check against the target, one after another, and
// returns the outcome of each in the order of [List]. The error is a
// *TargetError for an unusable Target and a *SetupError when the accounts
// the checks share could not be created (for example, the target is
// unreachable); failing checks are results, not errors. When ctx is done,
// Results stops and returns the results so far with ctx's error.
func Results(ctx context.Context, target Target) ([]Result, error) {
	ss, err := start(ctx, target)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(ss.checks))
	for i := range ss.checks {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		out = append(out, ss.run(ctx, &ss.checks[i]))
	}
	return out, nil
}

// Check runs every check against the target and returns every failure
// joined with errors.Join, each a *CheckError, or nil when the target
// conforms. Skipped checks are not failures. A *TargetError, a *SetupError
// or the error of a done ctx is returned alone.
func Check(ctx context.Context, target Target) error {
	res, err := Results(ctx, target)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range res {
		for _, f := range r.Failures {
			errs = append(errs, f)
		}
	}
	return errors.Join(errs...)
}

// Run runs every check against the target as a subtest of t named after
// the check. A check whose need the target lacks is skipped with the
// reason; each failure is reported with t.Error.
func Run(t *testing.T, target Target) {
	t.Helper()
	ss, err := start(t.Context(), target)
	if err != nil {
		t.Fatal(err)
		return
	}
	for i := range ss.checks {
		c := &ss.checks[i]
		t.Run(c.name, func(t *testing.T) {
			if why := ss.missing(c); why != "" {
				t.Skip(why)
			}
			r := ss.run(t.Context(), c)
			for _, f := range r.Failures {
				t.Error(f)
			}
			if r.Status == StatusSkip {
				t.Skip(r.Reason)
			}
		})
	}
}
