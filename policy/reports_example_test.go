package policy_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/policy"
)

// ExamplePolicy_Reports shows each command's report format and outputs:
// a section's replace the top-level ones, which are validate's.
func ExamplePolicy_Reports() {
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
format: text
outputs: {sarif: wepaykit.sarif}
lint:
  outputs: {sarif: lint.sarif}
`))
	if err != nil {
		panic(err)
	}
	for _, cmd := range []string{"validate", "lint", "conformance"} {
		f, outs := p.Reports(cmd)
		fmt.Printf("%s: %q %s\n", cmd, f, outs[0].File)
	}
	// Output:
	// validate: "text" wepaykit.sarif
	// lint: "" lint.sarif
	// conformance: "text" wepaykit.sarif
}

// ExampleUnknownRuleError_Nearest shows the suggestions for a typo.
func ExampleUnknownRuleError_Nearest() {
	e := &policy.UnknownRuleError{Rule: "maxLength", Known: []string{"schema.maxLength", "schema.minLength", "unknown-field"}}
	fmt.Println(e.Nearest(3))
	// Output:
	// [schema.maxLength]
}
