package audit_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

// ExampleOptions_policy validates a recording under a team policy and a
// baseline: the ignored finding and the known one are kept apart from
// Findings, with their reasons.
func ExampleOptions_policy() {
	v, err := validate.New()
	if err != nil {
		panic(err)
	}
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
ignore:
  - rule: account-name-no-wepay
    files: "legacy/**"
    reason: names imported from the old shop
`))
	if err != nil {
		panic(err)
	}
	known := policy.NewBaseline("wepaykit validate", "", []policy.Key{
		{Rule: "auth-bearer-required", Operation: "/account/create", Side: "request", File: "legacy/rec.jsonl"},
	})
	rec := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/create","headers":{"Content-Type":"application/json","User-Agent":"partner-app/2.1"},"body":{"name":"My WePay shop","description":"Cakes"}}}
`
	in := audit.Input{Name: "legacy/rec.jsonl", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rec)), nil }}
	res, err := audit.Run(context.Background(), v, []audit.Input{in}, audit.Options{Policy: p, Baseline: known})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Findings), "findings;", res.Baseline.Known, "known")
	for _, s := range res.Suppressed {
		fmt.Printf("%s: %s (%s)\n", s.Rule, s.Verdict.Suppressed, s.Verdict.Reason)
	}
	// Output:
	// 0 findings; 1 known
	// auth-bearer-required: baseline (in the baseline)
	// account-name-no-wepay: ignore (names imported from the old shop)
}
