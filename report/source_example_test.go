package report_test

import (
	"fmt"
	"iter"
	"os"

	"github.com/wepaykit/wepaykit/report"
)

// entries is a Source that makes its findings as they are read, one per
// entry, as a source reading them back from a file would: a report of
// any size is written without holding its findings.
type entries struct{ n int }

func (e entries) Units() iter.Seq[report.UnitFindings] {
	return func(yield func(report.UnitFindings) bool) {
		for i := range e.n {
			u := report.Unit{File: "big.har", Entry: i, Line: 10 * i, Name: "POST /account/create"}
			f := report.Finding{File: "big.har", Entry: i, Line: 10 * i, Operation: "/account/create", Side: "request",
				Location: "body", Pointer: "/name", Rule: "schema.maxLength", Severity: report.Error, Message: fmt.Sprintf("finding %d", i)}
			if !yield(report.UnitFindings{Unit: u, Findings: []report.Finding{f}}) {
				return
			}
		}
	}
}

func (e entries) Findings() iter.Seq2[*report.Unit, report.Finding] {
	return func(yield func(*report.Unit, report.Finding) bool) {
		for g := range e.Units() {
			if !yield(&g.Unit, g.Findings[0]) {
				return
			}
		}
	}
}

func (e entries) Suppressed() iter.Seq2[*report.Unit, report.Suppressed] {
	return func(func(*report.Unit, report.Suppressed) bool) {}
}

func (e entries) Err() error { return nil }

func ExampleSummary_Source() {
	s := &report.Summary{Files: []string{"big.har"}, Entries: 2, Validated: 2, Source: entries{n: 2}}
	_ = report.Write(os.Stdout, report.FormatText, s)
	// Output:
	// big.har entry 0 POST /account/create
	//   error   request body /name: finding 0 [schema.maxLength]
	// big.har:10: entry 1 POST /account/create
	//   error   request body /name: finding 1 [schema.maxLength]
	// 2 entries: 2 validated: 2 errors, 0 warnings
}
