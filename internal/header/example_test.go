package header_test

import (
	"fmt"
	"net/http"

	"github.com/wepaykit/wepaykit/internal/header"
)

func ExampleGet() {
	h := http.Header{}
	h.Set("content-type", "application/json")
	fmt.Println(header.Get(h, "Content-Type"), len(header.Values(h, "Authorization")))
	// Output: application/json 0
}
