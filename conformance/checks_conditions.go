package conformance

import (
	"context"
	"fmt"
	"slices"

	"github.com/wepaykit/wepaykit/spec"
)

// conditionChecks makes a check per disabled reason that a condition of
// the state table names as blocking the way out of disabled (the embedded
// table: high_risk_chargeback, "There is no remediation", and
// country_not_supported, "The merchant must re-establish the account"):
// an account disabled for it is not reinstated.
func (s *suite) conditionChecks() []check {
	var reasons []string
	for _, tr := range s.sp.States().Transitions {
		if tr.From != stDisabled || tr.When == nil {
			continue
		}
		for _, r := range tr.When.DisabledReasonsNoneOf {
			if !slices.Contains(reasons, r) {
				reasons = append(reasons, r)
			}
		}
	}
	var out []check
	for _, r := range reasons {
		out = append(out, check{
			name: CatStates + "/no-reinstatement-" + r, category: CatStates, needs: []Need{NeedDriver}, ops: []string{spec.OpAccount},
			summary: fmt.Sprintf("an account disabled for %s is not reinstated (the state table's condition on leaving disabled)", r),
			run:     func(ctx context.Context, p *probe) { p.notReinstated(ctx, r) },
		})
	}
	return out
}

func (p *probe) notReinstated(ctx context.Context, reason string) {
	id := p.newAccount(ctx)
	if id == 0 {
		return
	}
	d := p.s.t.Driver
	if err := d.Disable(ctx, id, reason); err != nil {
		p.fail("driver Disable", nil, "account %d: %s", id, errText(err))
		return
	}
	if err := d.Reinstate(ctx, id); err == nil {
		p.fail("driver Reinstate", nil, "account %d: an account disabled for %s was reinstated; the state table allows no way out of disabled for it", id, reason)
	}
	p.confirm(ctx, id, stDisabled, "after the refused reinstatement")
}
