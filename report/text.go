package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeText groups findings by unit, one line per finding, then lists the
// read problems and ends with a summary line.
func writeText(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	for i, fs := range s.byUnit() {
		if len(fs) == 0 {
			continue
		}
		u := s.Units[i]
		fmt.Fprintln(bw, oneLine(u.heading()))
		for _, f := range fs {
			place := f.place()
			if f.Where != "" && f.Line > 0 {
				place += fmt.Sprintf(" (line %d)", f.Line)
			}
			fmt.Fprintf(bw, "  %-7s %s: %s [%s]\n", f.Severity, oneLine(place), oneLine(f.Message), f.Rule)
		}
	}
	for _, p := range s.Problems {
		fmt.Fprintf(bw, "%s: cannot read: %s\n", oneLine(problemPlace(p)), oneLine(p.Message))
	}
	errs, warns := s.Counts()
	if s.subject() == Spec {
		fmt.Fprintf(bw, "%d problems: %d errors, %d warnings\n", len(s.Findings), errs, warns)
	} else {
		fmt.Fprintf(bw, "%d entries (%d skipped): %d errors, %d warnings\n", s.Entries, s.Skipped, errs, warns)
	}
	return bw.Flush()
}

// problemPlace names the input and, where known, the entry and line.
func problemPlace(p Problem) string {
	h := p.File
	if p.Entry >= 0 {
		h += fmt.Sprintf(" entry %d", p.Entry)
	}
	if p.Line > 0 {
		h += fmt.Sprintf(" (line %d)", p.Line)
	}
	return h
}

// oneLine keeps a text on its line: line breaks are shown as \r and \n.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}
