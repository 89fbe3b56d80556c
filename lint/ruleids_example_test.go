package lint_test

import (
	"fmt"
	"slices"

	"github.com/wepaykit/wepaykit/lint"
)

// ExampleRuleIDs lists the ids a policy file may name for wepaykit lint:
// its checks of one document, then the change checks of --against.
func ExampleRuleIDs() {
	ids := lint.RuleIDs()
	fmt.Println(ids[:2])
	fmt.Println(slices.Contains(ids, "response-property-enum-value-added"))
	// Output:
	// [lint.openapi lint.operation]
	// true
}
