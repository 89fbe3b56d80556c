package conformance_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
)

// TestReinstatingServerFails runs the suite against a fake whose state
// table drops the conditions on leaving disabled: it reinstates accounts
// disabled for high_risk_chargeback, and the condition checks catch it.
func TestReinstatingServerFails(t *testing.T) {
	t.Parallel()
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	table := sp.States()
	for i := range table.Transitions {
		table.Transitions[i].When = nil
	}
	loose, err := sp.WithStates(table)
	if err != nil {
		t.Fatal(err)
	}
	h, err := wepaytest.New(wepaytest.WithSpec(loose), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		t.Fatal(err)
	}
	failed, _, _ := outcome(t, conformance.Target{Handler: h, Token: user.Token, OtherToken: other.Token,
		RevokedToken: gone.Token, Driver: h.Driver(), Seed: 1})
	for _, want := range []string{"states/no-reinstatement-country_not_supported", "states/no-reinstatement-high_risk_chargeback"} {
		if !slices.Contains(failed, want) {
			t.Errorf("%s did not fail; failed: %v", want, failed)
		}
	}
}
