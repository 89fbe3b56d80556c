package traffic_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wepaykit/wepaykit/traffic"
)

// PyYAML writes a dict shared by several interactions once, with an
// anchor, and refers to it with an alias after that; the reader resolves
// the alias to the earlier interaction's anchor.
func ExampleNewVCRPy_aliases() {
	cassette := `interactions:
- request:
    body: '{"account_id": 1723070}'
    headers: &id001
      Authorization:
      - Bearer STAGE_x
    method: POST
    uri: https://stage.wepayapi.com/v2/account
  response:
    body: {string: '{"account_id": 1723070}'}
    status: {code: 200, message: OK}
- request:
    body: '{"account_id": 1723071}'
    headers: *id001
    method: POST
    uri: https://stage.wepayapi.com/v2/account
version: 1
`
	r := traffic.NewVCRPy("cassette.yaml", strings.NewReader(cassette), traffic.Options{})
	for {
		x, err := r.Next()
		if err == io.EOF {
			break
		}
		var ee *traffic.EntryError
		if errors.As(err, &ee) {
			fmt.Printf("entry %d (line %d): %v\n", ee.Entry, ee.Line, ee.Err)
			continue
		}
		if err != nil {
			panic(err)
		}
		fmt.Println(x.Index, x.Request.Header.Get("Authorization"), string(x.Request.Body))
	}
	// Output:
	// 0 Bearer STAGE_x {"account_id": 1723070}
	// entry 1 (line 12): response: missing: VCR and vcrpy record one with every request
}
