package conformance_test

import (
	"errors"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/policy"
)

// TestKnownFailures accepts a stand-in's known failures with a baseline of
// check names and an ignore entry: they become "known", Check passes, and
// a check that newly fails is still a failure.
func TestKnownFailures(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, acceptsLongNames)
	target.Baseline = policy.NewBaseline("wepaykit conformance", "", []policy.Key{{Rule: "lengths/account/create/name"}, {Rule: "auth/no-authorization"}})
	p, err := policy.Parse("team.yaml", []byte("ignore:\n  - rule: lengths/account/modify/name\n    reason: our stand-in trims names on modify\n"))
	if err != nil {
		t.Fatal(err)
	}
	target.Policy = p
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range res {
		status[r.Check] = r.Status
	}
	if status["lengths/account/create/name"] != conformance.StatusKnown || status["lengths/account/modify/name"] != conformance.StatusKnown {
		t.Errorf("statuses: create %q, modify %q", status["lengths/account/create/name"], status["lengths/account/modify/name"])
	}
	// Without the ignore entry, the modify check fails again (a fresh
	// server: the checks create accounts with fixed reference ids).
	fresh := fakeTarget(t, acceptsLongNames)
	fresh.Baseline = target.Baseline
	err = conformance.Check(t.Context(), fresh)
	var ce *conformance.CheckError
	if !errors.As(err, &ce) || ce.Check != "lengths/account/modify/name" {
		t.Errorf("Check = %v, want the modify check's failure", err)
	}
	// The baseline entry that passes is reported as gone.
	raw := make([]conformance.Result, len(res))
	copy(raw, res)
	for i := range raw {
		if raw[i].Status == conformance.StatusKnown {
			raw[i].Status = conformance.StatusFail
		}
	}
	m := conformance.ApplyPolicy(raw, nil, target.Baseline)
	if g := m.Gone(); len(g) != 1 || g[0].Rule != "auth/no-authorization" {
		t.Errorf("gone = %+v", g)
	}
}
