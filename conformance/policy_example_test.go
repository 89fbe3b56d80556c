package conformance_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/policy"
)

// ExampleApplyPolicy accepts a stand-in's known failing check with a
// baseline of check names; a check that newly fails still fails.
func ExampleApplyPolicy() {
	res := []conformance.Result{
		{Check: "lengths/account/create/name", Status: conformance.StatusFail, Reason: "accepted a 300-character name"},
		{Check: "auth/no-authorization", Status: conformance.StatusFail, Reason: "answered 200 without a token"},
		{Check: "find/sort-order", Status: conformance.StatusPass},
	}
	known := policy.NewBaseline("wepaykit conformance", "", []policy.Key{{Rule: "lengths/account/create/name"}})
	conformance.ApplyPolicy(res, nil, known)
	for _, r := range res {
		fmt.Println(r.Status, r.Check)
	}
	// Output:
	// known lengths/account/create/name
	// fail auth/no-authorization
	// pass find/sort-order
}
