package coverage_test

import (
	"context"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/validate"
)

// sharedValidator is compiled once for the tests: compiling is the
// expensive part, and WithCollector gives each run its own collector.
var sharedValidator = sync.OnceValues(func() (*validate.Validator, error) { return validate.New() })

// auditFiles validates files with a collector and returns its report.
func auditFiles(tb testing.TB, files ...string) *coverage.Report {
	tb.Helper()
	base, err := sharedValidator()
	if err != nil {
		tb.Fatal(err)
	}
	c, err := coverage.New(coverage.WithSpec(base.Spec()))
	if err != nil {
		tb.Fatal(err)
	}
	v := base.WithCollector(c)
	var in []audit.Input
	for _, f := range files {
		f := f
		in = append(in, audit.Input{Name: f, Open: func() (io.ReadCloser, error) { return os.Open(f) }})
	}
	res, err := audit.Run(context.Background(), v, in, audit.Options{Workers: 2})
	if err != nil {
		tb.Fatal(err)
	}
	if len(res.Errors) > 0 {
		tb.Fatalf("reading: %v", res.Errors)
	}
	return c.Report()
}
