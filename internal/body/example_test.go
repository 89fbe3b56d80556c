package body_test

import (
	"fmt"
	"io"

	"github.com/wepaykit/wepaykit/internal/body"
)

func ExampleUnread() {
	r := body.New([]byte(`{"account_id":12345}`))
	b, ok := body.Unread(r) // the bytes, without reading them
	fmt.Println(string(b), ok)
	all, _ := io.ReadAll(r) // the body still reads whole
	fmt.Println(string(all))
	// Output:
	// {"account_id":12345} true
	// {"account_id":12345}
}
