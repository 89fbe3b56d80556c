package conformance_test

import (
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/policy"
)

// TestExecuteBaselineOutcome: Execute compares the run with
// Target.Baseline: a known failure is counted, a check that ran and passed
// is gone, a check the run did not select is not; the JSON and text
// reports carry it.
func TestExecuteBaselineOutcome(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, acceptsLongNames)
	target.Run = "^(lengths/account/create/name|auth/no-authorization)$"
	target.Baseline = policy.NewBaseline("wepaykit conformance", "", []policy.Key{
		{Rule: "lengths/account/create/name"}, {Rule: "auth/no-authorization"}, {Rule: "enums/account/create/country"}})
	target.Baseline.File = "conf.json"
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	b := rep.Baseline
	if b == nil || b.Known != 1 || strings.Join(b.Gone, ",") != "auth/no-authorization" {
		t.Fatalf("outcome = %+v", b)
	}
	if left := b.Prune(target.Baseline); left.Len() != 2 {
		t.Errorf("pruned: %d entries left, want 2 (the known one and the one not run)", left.Len())
	}
	var js, text strings.Builder
	conformance.WriteReport(&js, rep, conformance.Output{Format: "json"})
	conformance.WriteReport(&text, rep, conformance.Output{})
	if !strings.Contains(js.String(), `"gone_entries": [
      "auth/no-authorization"
    ]`) || !strings.Contains(js.String(), `"known": 1`) {
		t.Errorf("json:\n%s", js.String())
	}
	if !strings.Contains(text.String(), "1 known (baseline conf.json); 1 baseline entry no longer fails: auth/no-authorization (--prune-baseline removes it)") {
		t.Errorf("text:\n%s", text.String())
	}
}
