// Command schemagen writes package schema's files from spec/openapi.yaml.
//
//	go run ./internal/cmd/schemagen -spec spec/openapi.yaml -out schema
//
// It is run by `go generate ./schema/`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wepaykit/wepaykit/internal/schemagen"
)

func main() {
	specPath := flag.String("spec", "spec/openapi.yaml", "the OpenAPI document")
	out := flag.String("out", "schema", "directory for the schema files")
	flag.Parse()
	if err := run(*specPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(specPath, out string) error {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	files, err := schemagen.Generate(data)
	if err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(out, "*"+schemagen.Suffix))
	for _, f := range old {
		if _, keep := files[filepath.Base(f)]; !keep && strings.HasSuffix(f, schemagen.Suffix) {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
