package audit

import (
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

// SuppressedFinding is a finding the policy keeps out of Result.Findings:
// its rule is off, an ignore entry matches it, or the baseline knows it.
// It is kept so that reports can count and list it.
type SuppressedFinding struct {
	EntryFinding
	Verdict policy.Verdict `json:"suppression"`
}

// BaselineResult is how the run compares with Options.Baseline.
type BaselineResult struct {
	Known int                    // findings the baseline knows (in Result.Suppressed)
	Gone  []policy.BaselineEntry // baseline entries that did not occur (as often); Count is the number gone
	// Pruned is the baseline without what is gone, for --prune-baseline.
	Pruned *policy.Baseline
}

// applyPolicy moves the findings the policy suppresses from res.Findings
// to res.Suppressed, in order, and sets the severity rule control gives
// the others. Baseline occurrences are matched in finding order (input,
// entry), so when a defect occurs more often than the baseline knows, the
// last occurrences are the new ones.
func applyPolicy(res *Result, p *policy.Policy, b *policy.Baseline) {
	if p == nil && b == nil {
		return
	}
	var m *policy.Matcher
	if b != nil {
		m = b.NewMatcher()
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		v := policy.Judge(p, m, validate.PolicyKey(f.Finding, f.File), string(f.Severity))
		f.Severity = validate.Severity(v.Severity)
		if v.Suppressed != policy.Kept {
			res.Suppressed = append(res.Suppressed, SuppressedFinding{EntryFinding: f, Verdict: v})
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	if b != nil {
		res.Baseline = &BaselineResult{Known: m.Known(), Gone: m.Gone(), Pruned: m.Pruned()}
	}
}
