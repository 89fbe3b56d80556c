package conformance_test

import (
	"fmt"
	"os"

	"github.com/wepaykit/wepaykit/conformance"
)

// sampleReport is a run in which two checks met one cause and a third
// was skipped.
func sampleReport() *conformance.Report {
	cause := func(check string) *conformance.CheckError {
		return &conformance.CheckError{Check: check, Category: conformance.CatLengths, Call: "/account/create",
			Rule: conformance.RuleAccepted, Pointer: "/name",
			Cause: "accepted (HTTP 200) where the contract wants HTTP 400 invalid_request [1003] with WePay's error body",
			Msg:   "/name of 256 characters (limit 255): want HTTP 400, got HTTP 200",
			Sent:  `POST /v2/account/create (Authorization: [REDACTED]) {"name":"Conformance 0badcafe-7 aaaaaaaaaaaaaaaaaaaaaaaaa…(256 chars)"}`,
			Got:   `HTTP 200 {"account_id":1234,"state":"action_required"}`}
	}
	return &conformance.Report{RunID: "0badcafe", Created: 3, Results: []conformance.Result{
		{Check: "lengths/account/create/name", Category: conformance.CatLengths, Status: conformance.StatusFail,
			Failures: []*conformance.CheckError{cause("lengths/account/create/name")}},
		{Check: "types/account/create/name", Category: conformance.CatTypes, Status: conformance.StatusFail,
			Failures: []*conformance.CheckError{cause("types/account/create/name")}},
		{Check: "auth/revoked-token", Category: conformance.CatAuth, Status: conformance.StatusSkip,
			Reason: "needs a revoked token: --revoked-token T (Target.RevokedToken), or a driver that revokes tokens (--admin against wepaykit serve; UserIssuer)"},
	}}
}

// Groups gathers failures by cause: two checks, one cause.
func ExampleGroups() {
	for _, g := range conformance.Groups(sampleReport().Results) {
		fmt.Println(g.Rule, g.Pointer, g.Count, g.Checks)
	}
	// Output:
	// conformance.accepted /name 2 [lengths/account/create/name types/account/create/name]
}

// WriteReport shows each cause once, the skips by reason with the flag
// that would run them, and a table per category.
func ExampleWriteReport() {
	_ = conformance.WriteReport(os.Stdout, sampleReport(), conformance.Output{Format: "text"})
	// Output:
	// FAIL 1. /name: accepted (HTTP 200) where the contract wants HTTP 400 invalid_request [1003] with WePay's error body [conformance.accepted]
	//    2 checks: lengths/account/create/name, types/account/create/name
	//    calls: /account/create
	//    first seen in lengths/account/create/name: /name of 256 characters (limit 255): want HTTP 400, got HTTP 200
	//    sent: POST /v2/account/create (Authorization: [REDACTED]) {"name":"Conformance 0badcafe-7 aaaaaaaaaaaaaaaaaaaaaaaaa…(256 chars)"}
	//    got:  HTTP 200 {"account_id":1234,"state":"action_required"}
	//
	// SKIP 1 check: needs a revoked token: --revoked-token T (Target.RevokedToken), or a driver that revokes tokens (--admin against wepaykit serve; UserIssuer)
	//    auth/revoked-token
	//
	// category    pass  fail  skip
	// lengths        0     1     0
	// types          0     1     0
	// auth           0     0     1
	// total          0     2     1
	//
	// 3 checks: 0 passed, 2 failed (1 cause), 1 skipped; run 0badcafe created 3 accounts, all deleted
}
