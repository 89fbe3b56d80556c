package coverage_test

import (
	"slices"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// TestUserAgentRuleNeedsHeaders: user-agent-required read a request only
// when its headers were seen; a recording that kept none does not count it
// as applied.
func TestUserAgentRuleNeedsHeaders(t *testing.T) {
	for _, seen := range []bool{false, true} {
		c, err := coverage.New()
		if err != nil {
			t.Fatal(err)
		}
		c.Observe(coverage.Exchange{Operation: spec.OpFind, Environment: coverage.EnvStage, Status: 200,
			Request: map[string]any{}, Response: []any{}, RequestHeaders: seen})
		missing := slices.Contains(c.Report().Rules.Missing, spec.RuleUserAgentRequired)
		if missing == seen {
			t.Errorf("request headers seen %v: user-agent-required missing %v", seen, missing)
		}
	}
}
