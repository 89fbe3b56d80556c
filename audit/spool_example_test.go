package audit_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

// With Options.Spool the findings go to a temporary file as they are
// found, so that memory does not grow with them; they are read back, in
// the same order, by the iterators.
func ExampleResult_AllFindings() {
	v, err := validate.New()
	if err != nil {
		panic(err)
	}
	rec := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/create","headers":{"Content-Type":"application/json","User-Agent":"shop/1.0"},"body":{"name":"My WePay shop","description":"Cakes"}}}
`
	in := audit.Input{Name: "rec.jsonl", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rec)), nil }}
	res, err := audit.Run(context.Background(), v, []audit.Input{in}, audit.Options{Spool: true})
	if err != nil {
		panic(err)
	}
	defer res.Close() // removes the spool files
	fmt.Println("spooled:", res.Spooled(), "in memory:", len(res.Findings))
	for f := range res.AllFindings() {
		fmt.Printf("%s entry %d: %s\n", f.File, f.Entry, f.Rule)
	}
	if err := res.Err(); err != nil {
		panic(err)
	}
	// Output:
	// spooled: true in memory: 0
	// rec.jsonl entry 0: auth-bearer-required
	// rec.jsonl entry 0: account-name-no-wepay
}
