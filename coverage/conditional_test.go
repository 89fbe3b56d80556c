package coverage_test

import (
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// TestConditionalTransitions: a change the state table permits only for
// some reasons counts as covered and allowed when the account's reasons
// before the move permit it, and as forbidden when they do not (an account
// disabled for high_risk_chargeback is never reinstated).
func TestConditionalTransitions(t *testing.T) {
	c, err := coverage.New()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	see := func(id int64, i int, state string, disabled ...string) {
		r := []any{}
		for _, d := range disabled {
			r = append(r, d)
		}
		c.Observe(coverage.Exchange{Operation: spec.OpAccount, Environment: coverage.EnvStage, Status: 200,
			Request:  map[string]any{"account_id": id},
			Response: map[string]any{"account_id": id, "state": state, "disabled_reasons": r, "action_reasons": []any{}},
			Time:     t0.Add(time.Duration(i) * time.Minute)})
	}
	see(1, 0, spec.StateDisabled, "high_risk_chargeback") // never reinstated
	see(1, 1, spec.StateActive)
	see(2, 0, spec.StateDisabled, "fraud") // reinstated after an appeal
	see(2, 1, spec.StateActive)
	see(3, 0, spec.StateDisabled, "country_not_supported")
	see(3, 1, spec.StateActionRequired)
	got := map[[2]string]coverage.TransitionSeen{}
	for _, tr := range c.Report().Detail.Transitions {
		if tr.Count > 0 {
			got[[2]string{tr.From, tr.To}] = tr
			if tr.Allowed {
				got[[2]string{tr.From, tr.To + " allowed"}] = tr
			} else {
				got[[2]string{tr.From, tr.To + " forbidden"}] = tr
			}
		}
	}
	if tr := got[[2]string{"disabled", "active allowed"}]; tr.Count != 1 {
		t.Errorf("disabled -> active allowed: %+v", tr)
	}
	if tr := got[[2]string{"disabled", "active forbidden"}]; tr.Count != 1 {
		t.Errorf("disabled -> active forbidden (high_risk_chargeback): %+v", tr)
	}
	if tr := got[[2]string{"disabled", "action_required forbidden"}]; tr.Count != 1 {
		t.Errorf("disabled -> action_required forbidden (country_not_supported): %+v", tr)
	}
	if _, ok := got[[2]string{"disabled", "action_required allowed"}]; ok {
		t.Error("disabled -> action_required counted as allowed")
	}
}
