// Command fixturenames writes fixtures/names_gen.go from the fixtures'
// manifest. It is run by `go generate ./fixtures/`.
//
//	go run ./internal/cmd/fixturenames -manifest fixtures/examples/index.json -out fixtures/names_gen.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wepaykit/wepaykit/internal/fixturegen"
)

func main() {
	manifest := flag.String("manifest", "examples/index.json", "the fixtures' manifest")
	out := flag.String("out", "names_gen.go", "the file to write")
	flag.Parse()
	data, err := os.ReadFile(*manifest)
	if err == nil {
		data, err = fixturegen.Generate(data)
	}
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
