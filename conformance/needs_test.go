package conformance_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/conformance"
)

// TestNeeds lists every check that needs more than a token, and what. A
// check needs only what it uses: a state driver for the changes the public
// API cannot make (KYC, banks, disabling, money), and nothing for what it
// does through the API alone (creating, deleting, looking up), so that
// states/deleted-is-terminal and the delete edge run without --admin, and
// so do the refusal checks of /account/settlement_setup.
func TestNeeds(t *testing.T) {
	t.Parallel()
	driver := []conformance.Need{conformance.NeedDriver}
	want := map[string][]conformance.Need{
		"responses/account/settlement_setup":                                                   driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/address1":    driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/address2":    driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/city":        driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/country":     driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/postal_code": driver,
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/region":      driver,
		"enums/account/settlement_setup/frequency":                                             driver,
		"ipn/on-verified": driver,
		"rules/account/create/callback_uri:callback-uri-no-port-in-production": {conformance.NeedProduction},
		"rules/account/modify/callback_uri:callback-uri-no-port-in-production": {conformance.NeedProduction},
		"auth/other-users-account":                      {conformance.NeedOtherToken},
		"auth/revoked-token":                            {conformance.NeedRevokedToken},
		"states/action_required->active":                driver,
		"states/action_required->disabled":              driver,
		"states/active->disabled":                       driver,
		"states/disabled->active":                       driver,
		"states/disabled->action_required":              driver,
		"states/active->deleted":                        driver,
		"states/disabled->deleted":                      driver,
		"states/active->action_required":                driver,
		"states/pending->action_required":               driver,
		"states/pending->active":                        driver,
		"states/pending->disabled":                      driver,
		"states/pending->deleted":                       driver,
		"states/no-reinstatement-country_not_supported": driver,
		"states/no-reinstatement-high_risk_chargeback":  driver,
		"states/deleted-refuses-driver":                 driver,
		"states/delete-refused-with-balance":            driver,
	}
	checks, err := conformance.List()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]conformance.Need{}
	for _, c := range checks {
		if len(c.Needs) > 0 {
			got[c.Check] = c.Needs
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("needs of the checks (-want +got):\n%s", d)
	}
}

// TestRunsWithoutWhatItDoesNotNeed: without a driver, a second user or a
// revoked token, exactly the checks that need them are skipped, each with
// the flag that would run it.
func TestRunsWithoutWhatItDoesNotNeed(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, nil)
	target.Driver, target.OtherToken, target.RevokedToken = nil, "", ""
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	flags := map[conformance.Need]string{conformance.NeedDriver: "--admin", conformance.NeedOtherToken: "--other-token",
		conformance.NeedRevokedToken: "--revoked-token", conformance.NeedProduction: "--env production"}
	all := infos(t)
	for _, r := range res {
		info := all[r.Check]
		switch {
		case r.Status == conformance.StatusFail:
			t.Errorf("%s failed: %s", r.Check, r.Reason)
		case len(info.Needs) > 0 && r.Status != conformance.StatusSkip:
			t.Errorf("%s needs %v but ran", r.Check, info.Needs)
		case len(info.Needs) > 0 && !contains(r.Reason, flags[info.Needs[0]]):
			t.Errorf("%s: skip reason %q does not name %s", r.Check, r.Reason, flags[info.Needs[0]])
		}
		if r.Check == "states/deleted-is-terminal" && r.Status != conformance.StatusPass {
			t.Errorf("states/deleted-is-terminal: %s without a driver, want pass", r.Status)
		}
	}
}
