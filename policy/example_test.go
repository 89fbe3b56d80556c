package policy_test

import (
	"fmt"
	"time"

	"github.com/wepaykit/wepaykit/policy"
)

func ExampleParse() {
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
fail-on: error
rules:
  referrer-type-known: off
  unknown-field: error
ignore:
  - rule: schema.maxLength
    operation: /account/create
    pointer: /name
    files: "legacy/**"
    reason: names imported from the old shop, shortened in 2027
    until: 2027-06-30
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.FailOn, len(p.Rules), p.Ignore[0].Reason)
	// Output:
	// error 2 names imported from the old shop, shortened in 2027
}

func ExampleParse_unknownKey() {
	_, err := policy.Parse(".wepaykit.yaml", []byte("fail-on: error\nfail_on: warning\n"))
	fmt.Println(err)
	// Output:
	// .wepaykit.yaml:2: unknown key "fail_on" in the policy file (known keys: hosts, environment, strict, fail-on, max-body, max-depth, max-findings, workers, scope, format, outputs, quiet, exclude, allow-empty, state-across-files, rules, ignore, baseline, lint, conformance, coverage)
}

func ExamplePolicy_CheckRules() {
	p, _ := policy.Parse(".wepaykit.yaml", []byte("rules:\n  unknown-feild: error\n"))
	fmt.Println(p.CheckRules([]string{"unknown-field", "schema.maxLength"}))
	// Output:
	// .wepaykit.yaml:2: unknown rule "unknown-feild" (did you mean unknown-field?); known rules: schema.maxLength, unknown-field
}

func ExamplePolicy_Decide() {
	p, _ := policy.Parse(".wepaykit.yaml", []byte(`
rules:
  schema.maxLength:
    severity: warning
    pointers: [/balances/*/withdrawal_bank_name]
ignore:
  - rule: schema.maxLength
    pointer: /name
    files: "legacy/**"
    reason: names imported from the old shop
    until: 2027-06-30
`))
	p.Clock = func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }
	for _, k := range []policy.Key{
		{Rule: "schema.maxLength", Operation: "/account", Pointer: "/balances/0/withdrawal_bank_name"},
		{Rule: "schema.maxLength", Operation: "/account/create", Pointer: "/name", File: "legacy/2019.har"},
		{Rule: "schema.maxLength", Operation: "/account/create", Pointer: "/name", File: "today.har"},
	} {
		v := p.Decide(k, policy.Error)
		fmt.Printf("%s %s %q %q\n", k.Pointer, v.Severity, v.Suppressed, v.Reason)
	}
	// Output:
	// /balances/0/withdrawal_bank_name warning "" ""
	// /name error "ignore" "names imported from the old shop"
	// /name error "" ""
}

func ExampleNewBaseline() {
	today := []policy.Key{
		{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", File: "rec/a.har"},
		{Rule: "unknown-field", Operation: "/account", Side: "response", Pointer: "/x", File: "rec/a.har"},
	}
	b := policy.NewBaseline("wepaykit validate", ".", today)
	// The next run: the first finding again, a new one; the second is fixed.
	m := b.NewMatcher()
	for _, k := range []policy.Key{today[0], {Rule: "schema.pattern", Operation: "/account/modify", Side: "request", Pointer: "/theme_object/primary_color", File: "rec/a.har"}} {
		fmt.Println(k.Rule, "known:", m.Match(k))
	}
	fmt.Println(m.Known(), "known; gone:", m.Gone()[0])
	// Output:
	// schema.maxLength known: true
	// schema.pattern known: false
	// 1 known; gone: rec/a.har /account response /x [unknown-field]
}

func ExampleGlob() {
	fmt.Println(policy.Glob("/balances/*/withdrawal_bank_name", "/balances/3/withdrawal_bank_name"))
	fmt.Println(policy.Glob("legacy/**", "legacy/2019/shop.har"))
	fmt.Println(policy.Glob("legacy/*", "legacy/2019/shop.har"))
	// Output:
	// true
	// true
	// false
}
