package conformance_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// unreachable are the checks no StateDriver and no environment of the fake
// can run: the rule that holds in production only. The edges out of
// pending run: the fake's Driver issues temporary access tokens, whose
// accounts start in pending, and sets states (a StateSetter), which takes
// pending -> active and action_required, and active -> action_required.
var unreachable = []string{
	"rules/account/create/callback_uri:callback-uri-no-port-in-production",
	"rules/account/modify/callback_uri:callback-uri-no-port-in-production",
}

// outcome runs the suite and returns the failing and the skipped checks.
func outcome(t *testing.T, target conformance.Target) (failed, skipped []string, res []conformance.Result) {
	t.Helper()
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		switch r.Status {
		case conformance.StatusFail:
			failed = append(failed, r.Check)
		case conformance.StatusSkip:
			skipped = append(skipped, r.Check)
		}
	}
	sort.Strings(failed)
	sort.Strings(skipped)
	return failed, skipped, res
}

func TestFakeServerConforms(t *testing.T) {
	t.Parallel()
	failed, skipped, res := outcome(t, fakeTarget(t, nil))
	for _, r := range res {
		if r.Status == conformance.StatusFail {
			for _, f := range r.Failures {
				t.Error(f)
			}
		}
	}
	want := slices.Clone(unreachable)
	sort.Strings(want)
	if d := cmp.Diff(want, skipped); d != "" {
		t.Errorf("skipped checks (-want +got):\n%s", d)
	}
	if len(failed) > 0 {
		t.Errorf("%d checks failed against the fake server: %v", len(failed), failed)
	}
}

// TestBrokenServersFail runs the suite against servers that each break
// one promise and requires exactly the checks that cover it to fail.
func TestBrokenServersFail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		wrap func(http.Handler, *knownTokens) http.Handler
		want []string
	}{
		{"accepts-long-names", acceptsLongNames, []string{
			"lengths/account/create/name",
			"lengths/account/modify/name",
		}},
		{"unknown-state-value", sleepingState, sleepingFailures},
		{"deleted-account-returns", undeadAccounts, []string{
			"states/action_required->deleted",
			"states/active->deleted",
			"states/deleted-is-terminal",
			"states/deleted-refuses-driver",
			"states/disabled->deleted",
			"states/pending->deleted",
		}},
		{"ignores-auth", ignoresAuth, []string{
			"auth/no-authorization",
			"auth/not-bearer",
			"auth/revoked-token",
			"auth/unknown-token",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			target := fakeTarget(t, tc.wrap)
			failed, _, res := outcome(t, target)
			want := slices.Clone(tc.want)
			sort.Strings(want)
			if d := cmp.Diff(want, failed); d != "" {
				t.Errorf("failing checks (-want +got):\n%s", d)
			}
			for _, r := range res {
				for _, f := range r.Failures {
					for _, tok := range []string{target.Token, target.OtherToken, target.RevokedToken} {
						if strings.Contains(f.Error(), tok) {
							t.Fatalf("%s: a failure shows a token: %s", r.Check, f)
						}
					}
				}
			}
		})
	}
}

// sleepingFailures are the checks that receive an account in a success
// answer: each sees the state "sleeping", outside the contract's enum.
// lengths/account/find/name finds no account: no account of the run is
// named only "aaa…" (each name carries the run id).
var sleepingFailures = []string{
	"auth/other-users-account",
	"enums/account/create/country", "enums/account/create/currencies/*",
	"enums/account/create/rbits/*/source", "enums/account/create/rbits/*/type", "enums/account/create/type",
	"enums/account/find/sort_order",
	"enums/account/modify/rbits/*/source", "enums/account/modify/rbits/*/type",
	"find/limit", "find/no-deleted", "find/pagination", "find/sort-order", "ipn/on-delete", "ipn/on-verified",
	"lengths/account/create/callback_uri", "lengths/account/create/description", "lengths/account/create/image_uri",
	"lengths/account/create/mcc", "lengths/account/create/name", "lengths/account/create/rbits/*/note",
	"lengths/account/create/reference_id", "lengths/account/create/support_contact_number/phone_number",
	"lengths/account/create/theme_object/name",
	"lengths/account/delete/reason",
	"lengths/account/modify/callback_uri", "lengths/account/modify/description", "lengths/account/modify/image_uri",
	"lengths/account/modify/name", "lengths/account/modify/rbits/*/note", "lengths/account/modify/reference_id",
	"lengths/account/modify/support_contact_number/phone_number", "lengths/account/modify/theme_object/name",
	"responses/account", "responses/account/create", "responses/account/delete", "responses/account/find",
	"responses/account/modify",
	"rules/account/create/country_options:country-options-canada-only", "rules/account/modify/country_options:country-options-canada-only",
	"states/action_required->active", "states/action_required->deleted", "states/action_required->disabled",
	"states/active->action_required", "states/active->deleted", "states/active->disabled",
	"states/delete-refused-with-balance", "states/deleted-is-terminal", "states/deleted-refuses-driver",
	"states/disabled->action_required", "states/disabled->active", "states/disabled->deleted",
	"states/no-reinstatement-country_not_supported", "states/no-reinstatement-high_risk_chargeback",
	"states/pending->action_required", "states/pending->active", "states/pending->deleted", "states/pending->disabled",
}

func TestAdminDriverOverHTTP(t *testing.T) {
	t.Parallel()
	h, err := wepaytest.New(wepaytest.WithAdmin(true), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	user, other := h.NewUser("owner"), h.NewUser("other")
	target := conformance.Target{BaseURL: srv.URL + "/v2", Client: srv.Client(), Token: user.Token, OtherToken: other.Token,
		Driver: &conformance.Admin{URL: srv.URL + "/v2", Client: srv.Client(), Token: h.AdminToken()}}
	failed, skipped, _ := outcome(t, target)
	if len(failed) > 0 {
		t.Errorf("failed over HTTP: %v", failed)
	}
	// The Admin driver registers a user and revokes its token for
	// auth/revoked-token (UserIssuer): only the unreachable checks skip.
	want := slices.Clone(unreachable)
	sort.Strings(want)
	if d := cmp.Diff(want, skipped); d != "" {
		t.Errorf("skipped checks (-want +got):\n%s", d)
	}
	var de *conformance.DriverError
	if err := (&conformance.Admin{URL: srv.URL, Token: h.AdminToken()}).Reinstate(t.Context(), 1); !errors.As(err, &de) || de.Status != http.StatusNotFound {
		t.Errorf("Reinstate of an unknown account: got %v, want a *DriverError with HTTP 404", err)
	}
}
