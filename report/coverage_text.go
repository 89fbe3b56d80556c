package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/internal/redact"
)

// Coverage formats, as accepted by [WriteCoverage].
const (
	CoverageText = "text"
	CoverageJSON = "json"
	CoverageHTML = "html"
)

// CoverageFormats lists the formats [WriteCoverage] accepts.
func CoverageFormats() []string { return []string{CoverageText, CoverageJSON, CoverageHTML} }

// CoverageOptions tunes [WriteCoverage].
type CoverageOptions struct {
	// Title heads the HTML page; "wepaykit contract coverage" when empty.
	Title string
	// Findings are the run's findings, shown beside each call in the HTML
	// page (text and JSON leave them to [Write]). They are redacted again
	// before they are written.
	Findings []Finding
	// MissingLimit is the number of missing items the text format lists
	// per dimension; 0 means 12, a negative number all of them.
	MissingLimit int
}

// CoverageFormatError reports an unknown coverage format.
type CoverageFormatError struct{ Format string }

// Error implements error.
func (e *CoverageFormatError) Error() string {
	return fmt.Sprintf("report: unknown coverage format %q (want text, json or html)", e.Format)
}

// WriteCoverage writes a coverage report in format (one of
// [CoverageFormats]): "text", a table per dimension with percentages;
// "json", the document of package coverage (coverage.Encode); "html", one
// self-contained page (no network, no script from elsewhere) with the
// summary, the state diagram, the fields of each call and the findings.
func WriteCoverage(w io.Writer, format string, r *coverage.Report, o CoverageOptions) error {
	switch format {
	case CoverageText:
		return writeCoverageText(w, r, o)
	case CoverageJSON:
		return coverage.Encode(w, r)
	case CoverageHTML:
		return writeCoverageHTML(w, r, o)
	}
	return &CoverageFormatError{Format: format}
}

func writeCoverageText(w io.Writer, r *coverage.Report, o CoverageOptions) error {
	bw := bufio.NewWriter(w)
	d := r.Detail
	other := 0
	for _, n := range d.OtherCalls {
		other += n
	}
	fmt.Fprintf(bw, "contract coverage of %d validated exchanges (%d outside the contract), spec %s\n\n", d.Exchanges, other, oneLine(d.Spec))
	fmt.Fprintf(bw, "%-13s %8s %6s %7s\n", "DIMENSION", "COVERED", "TOTAL", "PERCENT")
	for _, nd := range r.Dimensions() {
		fmt.Fprintf(bw, "%-13s %8d %6d %6.1f%%\n", nd.Name, nd.Covered, nd.Total, nd.Percent())
	}
	fmt.Fprintf(bw, "\n%-30s %6s %8s %6s %9s %11s\n", "OPERATION", "CALLS", "SUCCESS", "ERROR", "FIELDS", "ENUM VALUES")
	for _, op := range d.Operations {
		succ, fail := statusCounts(op.Statuses)
		fc, ft, ec, et := fieldCounts(op)
		fmt.Fprintf(bw, "%-30s %6d %8d %6d %9s %11s\n", op.Operation, op.Calls, succ, fail,
			fmt.Sprintf("%d/%d", fc, ft), fmt.Sprintf("%d/%d", ec, et))
	}
	limit := o.MissingLimit
	if limit == 0 {
		limit = 12
	}
	for _, nd := range r.Dimensions() {
		if len(nd.Missing) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\nmissing %s (%d):\n", nd.Name, len(nd.Missing))
		for i, m := range nd.Missing {
			if limit > 0 && i == limit {
				fmt.Fprintf(bw, "  ... and %d more (--format json lists them all)\n", len(nd.Missing)-limit)
				break
			}
			fmt.Fprintf(bw, "  %s\n", oneLine(m))
		}
	}
	var forbidden []string
	for _, tr := range d.Transitions {
		if !tr.Allowed && tr.Count > 0 {
			forbidden = append(forbidden, fmt.Sprintf("%s -> %s (%d)", tr.From, tr.To, tr.Count))
		}
	}
	if len(forbidden) > 0 {
		fmt.Fprintf(bw, "\nobserved, but not in the state table: %s\n", strings.Join(forbidden, ", "))
	}
	if len(d.OtherCalls) > 0 {
		fmt.Fprintf(bw, "\nvalidated calls outside the contract: %s\n", strings.Join(coverageCallList(d.OtherCalls), ", "))
	}
	return bw.Flush()
}

// WriteShortfalls lists the thresholds a report does not meet, each with
// the items missing (at most limit of them; limit < 0 lists all).
func WriteShortfalls(w io.Writer, fs []coverage.Shortfall, limit int) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		fmt.Fprintf(bw, "coverage of %s is %.1f%%, below the minimum %g%%; missing (%d):\n", f.Dimension, f.Got, f.Percent, len(f.Missing))
		for i, m := range f.Missing {
			if limit >= 0 && i == limit {
				fmt.Fprintf(bw, "  ... and %d more\n", len(f.Missing)-limit)
				break
			}
			fmt.Fprintf(bw, "  %s\n", oneLine(m))
		}
	}
	return bw.Flush()
}

func statusCounts(m map[string]int) (succ, fail int) {
	for k, n := range m {
		switch {
		case k == "200":
			succ += n
		case len(k) == 3 && (k[0] == '4' || k[0] == '5'):
			fail += n
		}
	}
	return succ, fail
}

func fieldCounts(op coverage.OperationSeen) (fc, ft, ec, et int) {
	for _, fs := range [][]coverage.FieldSeen{op.Request, op.Response} {
		for _, f := range fs {
			ft++
			if f.Seen > 0 {
				fc++
			}
			for _, v := range f.Enum {
				et++
				if v.Seen > 0 {
					ec++
				}
			}
		}
	}
	return fc, ft, ec, et
}

func coverageCallList(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s (%d)", oneLine(redact.Default().Path(scrub(k))), m[k])
	}
	return out
}

// scrub is the one place the coverage page and text redact what they
// print, through internal/redact (the findings come redacted from the
// validator; this is the second belt for free text).
func scrub(s string) string {
	return redact.Default().Text(s)
}
