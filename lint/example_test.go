package lint_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

func ExampleLint() {
	// A partner's copy of the spec that allows shorter names in searches than
	// wepaykit's embedded spec: a breaking change for its users.
	embedded := spec.Embedded()
	partner := strings.Replace(string(embedded), "maxLength: 255", "maxLength: 100", 1)
	problems, err := lint.Lint([]byte(partner), "partner.yaml", embedded)
	if err != nil {
		panic(err)
	}
	for _, p := range problems[:1] {
		fmt.Println(p.Rule, p.Where)
		fmt.Println(p.Message)
	}
	// Output:
	// request-property-max-length-decreased components.schemas.AccountFindRequest.properties.name.maxLength
	// /account/find: the `name` request property's maxLength was decreased to `100`
}

func ExampleDiff() {
	// The account type gains "charity" in answers, and the account name of
	// /account/create no longer applies the rule against "wepay".
	embedded := string(spec.Embedded())
	next := strings.Replace(embedded, "          enum: [nonprofit, business, personal]\n        create_time:",
		"          enum: [nonprofit, business, personal, charity]\n        create_time:", 1)
	next = strings.Replace(next, "x-wepaykit-rules: [account-name-no-wepay, account-name-printable]", "x-wepaykit-rules: [account-name-printable]", 1)
	cl, err := lint.Diff([]byte(embedded), []byte(next), lint.WithNames("old.yaml", "new.yaml"))
	if err != nil {
		panic(err)
	}
	for _, c := range cl.Changes {
		if c.Operation == spec.OpCreate {
			fmt.Printf("%s %s %s: %s\n", c.Level, c.Check, c.Side, c.New.Where)
		}
	}
	// Output:
	// error response-property-enum-value-added response: components.schemas.Account.properties.type.enum
	// warning rule.request-unapplied request: components.schemas.AccountCreateRequest.properties.name.x-wepaykit-rules
}

func ExampleChangelog_Write() {
	old := `openapi: 3.1.0
info: {title: partner copy, version: "1"}
paths: {}
x-wepaykit-quirks:
  - id: fee-schedule-null
    found: fee_schedule is described as an array but also appears as null.
    handling: Array or null.
`
	next := strings.Replace(old, "handling: Array or null.", "handling: Array only; null is refused.", 1)
	cl, err := lint.Diff([]byte(old), []byte(next), lint.WithNames("old.yaml", "new.yaml"))
	if err != nil {
		panic(err)
	}
	if err := cl.Write(os.Stdout, lint.FormatText); err != nil {
		panic(err)
	}
	// Output:
	// Changes from old.yaml to new.yaml
	// 1 change: 0 errors, 1 warning, 0 info
	//
	// Quirks (x-wepaykit-quirks)
	//   warning quirk fee-schedule-null is read differently: now "Array only; null is refused.", was "Array or null." [quirk.reading-changed]
	//           x-wepaykit-quirks[0].handling line 7 in both
	//           cites: "fee_schedule is described as an array but also appears as null."
}

func ExampleWithLevels() {
	// A team accepts a new success status as a known change.
	embedded := string(spec.Embedded())
	next := strings.Replace(embedded, "        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n  /account/modify:",
		"        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n        \"202\":\n          description: Accepted.\n  /account/modify:", 1)
	cl, err := lint.Diff([]byte(embedded), []byte(next), lint.WithLevels(map[string]lint.Level{"response-success-status-added": lint.LevelInfo}))
	if err != nil {
		panic(err)
	}
	for _, c := range cl.Changes {
		fmt.Println(c.Level, c.Check, c.Operation)
	}
	// Output:
	// info response-success-status-added /account/create
}
