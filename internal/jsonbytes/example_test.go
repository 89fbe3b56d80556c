package jsonbytes_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/internal/jsonbytes"
)

func ExamplePlainRun() {
	text := []byte(`Example Account", "state": "active"}`)
	fmt.Println(jsonbytes.PlainRun(text), string(text[:jsonbytes.PlainRun(text)]))
	// Output: 15 Example Account
}

func ExampleASCIIRun() {
	fmt.Println(jsonbytes.ASCIIRun([]byte(`Café"`)), jsonbytes.PlainRun([]byte(`Café"`)))
	// Output: 3 5
}

func ExampleAppendPlain() {
	src := []byte(`{\"state\":\"active\"}", "next": 1`)
	text, n := jsonbytes.AppendPlain(nil, src)
	fmt.Println(string(text), string(src[n]))
	// Output: {"state":"active"} "
}
