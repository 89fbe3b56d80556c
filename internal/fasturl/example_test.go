package fasturl_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/internal/fasturl"
)

func ExampleParse() {
	u, err := fasturl.Parse("https://stage.wepayapi.com/v2/account/find?reference_id=abc123")
	fmt.Println(u.Host, u.Path, u.Query().Get("reference_id"), err)
	// Output: stage.wepayapi.com /v2/account/find abc123 <nil>
}
