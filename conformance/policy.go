package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/policy"
)

// StatusKnown is the status of a failing check that the team policy
// accepts: a baseline of the stand-in's known failures lists it, its name
// is turned off under rules, or an ignore entry names it (rule: the check's
// name). It does not fail a run; its failures are kept in the Result.
const StatusKnown = "known"

// policyKey is a check's key for the policy: its name is the rule.
func policyKey(check string) policy.Key { return policy.Key{Rule: check} }

// decideCheck is the policy's verdict on a failed check: its name is the
// rule, and an entry that names an operation matches when the check failed
// on that call (any of the /account calls its failures name; a check whose
// failures name none, as for a driver call, has no operation).
func decideCheck(p *policy.Policy, r *Result) policy.Verdict {
	v := p.Decide(policy.Key{Rule: r.Check}, policy.Error)
	seen := map[string]bool{}
	for _, f := range r.Failures {
		if v.Suppressed != policy.Kept {
			break
		}
		if !strings.HasPrefix(f.Call, "/") || seen[f.Call] {
			continue
		}
		seen[f.Call] = true
		v = p.Decide(policy.Key{Rule: r.Check, Operation: f.Call}, policy.Error)
	}
	return v
}

// ApplyPolicy marks the failing results that p or b accept as
// StatusKnown, with the reason in front of Reason, and returns the
// baseline matcher (for the entries that no longer fail). p and b may be
// nil. [Results], [Check] and [Run] apply Target.Policy and
// Target.Baseline with it.
func ApplyPolicy(res []Result, p *policy.Policy, b *policy.Baseline) *policy.Matcher {
	m := b.NewMatcher()
	for i := range res {
		if res[i].Status == StatusSkip {
			// A check that did not run may still fail: its entry is not gone.
			m.Seen(policyKey(res[i].Check))
			continue
		}
		known(&res[i], p, m)
	}
	return m
}

// known marks r as StatusKnown when it failed and the policy accepts it.
func known(r *Result, p *policy.Policy, m *policy.Matcher) bool {
	if r.Status != StatusFail {
		return false
	}
	// The policy's rules and ignore entries see the check's name and the
	// call it failed on (an entry may name an operation); the baseline,
	// written as check names, sees the name alone.
	v := decideCheck(p, r)
	switch {
	case v.Suppressed != policy.Kept:
		m.Seen(policyKey(r.Check))
	case m.Match(policyKey(r.Check)):
		v.Suppressed, v.Reason, v.Source = policy.SuppressedBaseline, "in the baseline", m.Baseline().File
	default:
		return false
	}
	why := "known failure"
	switch v.Suppressed {
	case policy.SuppressedBaseline:
		why += " (baseline"
	case policy.SuppressedOff:
		why += " (rule off"
	default:
		why += " (ignored: " + v.Reason
	}
	if v.Source != "" {
		why += ", " + v.Source
	}
	why += ")"
	if r.Reason != "" {
		why += ": " + r.Reason
	}
	r.Status, r.Reason, r.Accepted = StatusKnown, why, v.Suppressed
	return true
}

// BaselineOutcome is how a run compared with a baseline of known failing
// checks: how many failing checks it accepted, and which of its entries
// no longer fail (so the file can shrink).
type BaselineOutcome struct {
	File   string   // the baseline file
	Known  int      // failing checks the baseline accepted
	Gone   []string // checks in the baseline that no longer fail, in baseline order
	Pruned bool     // Gone were removed from the file (wepaykit conformance --prune-baseline)
}

// NewBaselineOutcome describes res, after [ApplyPolicy] with the baseline
// of file, and m, the matcher ApplyPolicy returned.
func NewBaselineOutcome(file string, res []Result, m *policy.Matcher) *BaselineOutcome {
	o := &BaselineOutcome{File: file}
	for _, r := range res {
		if r.Status == StatusKnown && r.Accepted == policy.SuppressedBaseline {
			o.Known++
		}
	}
	ran := map[string]bool{}
	for _, r := range res {
		ran[r.Check] = r.Status == StatusPass
	}
	if m != nil {
		// Only a check that ran and passed is gone: the entries of checks
		// the run did not select (--run, --op) stay.
		for _, g := range m.Gone() {
			if ran[g.Rule] {
				o.Gone = append(o.Gone, g.Rule)
			}
		}
	}
	return o
}

// Prune returns b without the entries of o.Gone.
func (o *BaselineOutcome) Prune(b *policy.Baseline) *policy.Baseline {
	out := &policy.Baseline{Version: b.Version, Tool: b.Tool, Dir: b.Dir, File: b.File}
	for _, e := range b.Entries {
		if !slices.Contains(o.Gone, e.Rule) {
			out.Entries = append(out.Entries, e)
		}
	}
	return out
}

// text is the outcome in a summary line: "2 known (baseline); 1 baseline
// entry no longer fails: enums/x (--prune-baseline removes it)".
func (o *BaselineOutcome) text() string {
	s := fmt.Sprintf("%d known (baseline %s)", o.Known, o.File)
	if n := len(o.Gone); n > 0 {
		what := "--prune-baseline removes " + plural(n, "it", "them")
		if o.Pruned {
			what = "removed from " + o.File
		}
		s += fmt.Sprintf("; %d baseline %s no longer %s: %s (%s)", n, plural(n, "entry", "entries"), plural(n, "fails", "fail"), strings.Join(o.Gone, ", "), what)
	}
	return s
}
