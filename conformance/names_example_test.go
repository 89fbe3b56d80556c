package conformance_test

import (
	"fmt"
	"slices"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/policy"
)

// ExampleCheckNames lists the names a policy file or a conformance
// baseline uses to accept a known failure of a stand-in.
func ExampleCheckNames() {
	names, err := conformance.CheckNames()
	if err != nil {
		panic(err)
	}
	fmt.Println(names[0], slices.Contains(names, "enums/account/create/country"))
	// Output:
	// responses/account true
}

// ExampleNewBaselineOutcome compares a run with its baseline of known
// failing checks: one known, one that passes now and may be pruned.
func ExampleNewBaselineOutcome() {
	res := []conformance.Result{
		{Check: "lengths/account/create/name", Status: conformance.StatusFail},
		{Check: "enums/account/create/country", Status: conformance.StatusPass},
		{Check: "auth/other-users-account", Status: conformance.StatusSkip},
	}
	b := policy.NewBaseline("wepaykit conformance", ".", []policy.Key{
		{Rule: "lengths/account/create/name"}, {Rule: "enums/account/create/country"}, {Rule: "auth/other-users-account"},
	})
	m := conformance.ApplyPolicy(res, nil, b)
	o := conformance.NewBaselineOutcome("conf.json", res, m)
	fmt.Println(o.Known, o.Gone)
	fmt.Println(o.Prune(b).Len(), "entries left")
	// Output:
	// 1 [enums/account/create/country]
	// 2 entries left
}
