package lint_test

import (
	"fmt"
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
	// breaking.max-length paths./account/find.request.name
	// /account/find request field /name: maxLength 100, was 255
}
