package conformance_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/validate"
)

func TestListNamesAreUniqueAndStable(t *testing.T) {
	t.Parallel()
	checks, err := conformance.List()
	if err != nil {
		t.Fatal(err)
	}
	again, err := conformance.List()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, c := range checks {
		if seen[c.Check] {
			t.Errorf("check %s listed twice", c.Check)
		}
		seen[c.Check] = true
		if !strings.HasPrefix(c.Check, c.Category+"/") || !slices.Contains(conformance.Categories(), c.Category) {
			t.Errorf("check %s: category %q is not its name's prefix or not a category", c.Check, c.Category)
		}
		if c.Summary == "" {
			t.Errorf("check %s has no summary", c.Check)
		}
		if again[i].Check != c.Check {
			t.Fatalf("List is not stable: %s then %s at %d", c.Check, again[i].Check, i)
		}
	}
	// Nested members of the contract get checks of their own.
	for _, name := range []string{
		"lengths/account/create/rbits/*/note",
		"lengths/account/create/theme_object/name",
		"lengths/account/get_update_uri/prefill_info/name/first",
		"lengths/account/settlement_setup/settlement_method/send_check_to_address/region",
		"required/account/get_update_uri/prefill_info/address/address1",
		"enums/account/settlement_setup/frequency",
		"rules/account/get_update_uri/redirect_uri:redirect-uri-no-underscore-subdomain",
	} {
		if !seen[name] {
			t.Errorf("no check %s", name)
		}
	}
	// A limit the pattern makes unreachable has no length check.
	if seen["lengths/account/create/support_contact_number/country_code"] {
		t.Error("country_code's pattern allows at most 4 characters; it must have no length check")
	}
}

func TestTargetErrors(t *testing.T) {
	t.Parallel()
	h := http.NotFoundHandler()
	for _, target := range []conformance.Target{
		{Token: "t"},
		{Handler: h, BaseURL: "http://127.0.0.1:1/v2", Token: "t"},
		{Handler: h},
		{BaseURL: "127.0.0.1:8080", Token: "t"},
		{Handler: h, Token: "t", Environment: "moon"},
	} {
		var te *conformance.TargetError
		if err := conformance.Check(t.Context(), target); !errors.As(err, &te) {
			t.Errorf("%+v: got %v, want a *TargetError", target, err)
		}
	}
}

func TestUnreachableTarget(t *testing.T) {
	t.Parallel()
	target := conformance.Target{BaseURL: "http://127.0.0.1:1/v2", Token: "secret-token-value"}
	_, err := conformance.Results(context.Background(), target)
	var se *conformance.SetupError
	if !errors.As(err, &se) || !se.Unreachable {
		t.Fatalf("got %v, want an unreachable *SetupError", err)
	}
	if strings.Contains(err.Error(), "secret-token-value") {
		t.Errorf("the error shows the token: %v", err)
	}
}

func TestCheckJoinsFailures(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, ignoresAuth)
	err := conformance.Check(t.Context(), target)
	if err == nil {
		t.Fatal("a server that ignores auth passed")
	}
	var ce *conformance.CheckError
	if !errors.As(err, &ce) || ce.Category != conformance.CatAuth || ce.Sent == "" || ce.Got == "" {
		t.Fatalf("got %#v, want an auth *CheckError with what was sent and got", ce)
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) < 4 {
		t.Errorf("want every failure joined, got %v", err)
	}
	if strings.Contains(err.Error(), target.Token) {
		t.Error("the error shows the token")
	}
}

// TestRun runs the suite the go test way, without a driver or a second
// user: those checks are skipped.
func TestRun(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, nil)
	target.Driver, target.OtherToken = nil, ""
	conformance.Run(t, target)
}

func TestProductionRules(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, nil)
	target.Environment = validate.EnvProduction
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if strings.Contains(r.Check, "callback-uri-no-port-in-production") && r.Status != conformance.StatusFail {
			// The fake is a stage server: it accepts a port, which production refuses.
			t.Errorf("%s: %s, want fail against a stage server in production mode", r.Check, r.Status)
		}
	}
}
