package audit_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

func ExampleRun() {
	v, err := validate.New()
	if err != nil {
		panic(err)
	}
	rec := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/create","headers":{"Content-Type":"application/json","User-Agent":"partner-app/2.1"},"body":{"name":"My WePay shop","description":"Cakes"}}}
{"request":{"method":"GET","url":"https://example.com/"}}
`
	in := audit.Input{Name: "rec.jsonl", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rec)), nil }}
	res, err := audit.Run(context.Background(), v, []audit.Input{in}, audit.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d entries, %d skipped\n", res.Entries, res.Skipped)
	for _, f := range res.Findings {
		fmt.Printf("%s entry %d line %d: %s %q\n", f.File, f.Entry, f.Line, f.Rule, f.Pointer)
	}
	// Output:
	// 2 entries, 1 skipped
	// rec.jsonl entry 0 line 1: auth-bearer-required ""
	// rec.jsonl entry 0 line 1: account-name-no-wepay "/name"
}
