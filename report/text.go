package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

// writeText groups findings by unit, one line per finding, then lists the
// read problems and ends with a summary line.
func writeText(w io.Writer, s *Summary, o Options) error {
	bw := bufio.NewWriter(w)
	src := s.src()
	for g := range src.Units() {
		if len(g.Findings) == 0 {
			continue
		}
		fmt.Fprintln(bw, ansi.Paint(o.Color, ansi.Bold, oneLine(g.Unit.heading())))
		for _, f := range g.Findings {
			place := textPlace(f, g.Unit.File)
			drift := ""
			if f.APIVersion != "" {
				drift = " (Api-Version " + f.APIVersion + ")"
			}
			fmt.Fprintf(bw, "  %s %s: %s %s%s\n", ansi.Paint(o.Color, severityStyle(f.Severity), fmt.Sprintf("%-7s", f.Severity)),
				oneLine(place), oneLine(f.Message), ansi.Paint(o.Color, ansi.Dim, "["+f.Rule+"]"), oneLine(drift))
		}
	}
	for _, p := range s.Problems {
		fmt.Fprintf(bw, "%s: cannot read: %s\n", oneLine(problemPlace(p)), oneLine(p.Message))
	}
	for _, n := range s.notes() {
		fmt.Fprintln(bw, oneLine(n))
	}
	errs, warns := s.Counts()
	style := ansi.Green
	switch {
	case errs > 0 || s.Empty != "":
		style = ansi.Red
	case warns > 0:
		style = ansi.Yellow
	}
	fmt.Fprintln(bw, ansi.Paint(o.Color, style, s.countLine()))
	writePolicyText(bw, s)
	if err := bw.Flush(); err != nil {
		return err
	}
	return src.Err()
}

// textPlace says where a finding of a unit of unitFile is: its place and
// line ("components.schemas.X (line 12)"). A finding in another file than
// its unit's (lint --against: what only the baseline has, such as a
// removed operation) names that file with the line
// ("paths./account/modify.post (base.yaml:114)"), as JSON and GitHub do:
// the line is that file's.
func textPlace(f Finding, unitFile string) string {
	place := f.place()
	fileLine := f.File
	if f.Line > 0 {
		fileLine += fmt.Sprintf(":%d", f.Line)
	}
	switch {
	case place == "": // about the whole file (a spec that is not YAML): name it
		return fileLine
	case f.File != "" && f.File != unitFile:
		return place + " (" + fileLine + ")"
	case f.Where != "" && f.Line > 0:
		return place + fmt.Sprintf(" (line %d)", f.Line)
	}
	return place
}

// problemPlace names the input and, where known, the line and entry:
// "rec.jsonl:2: entry 1".
func problemPlace(p Problem) string {
	h := p.File
	if p.Line > 0 {
		h += fmt.Sprintf(":%d:", p.Line)
	}
	if p.Entry >= 0 {
		h += fmt.Sprintf(" entry %d", p.Entry)
	}
	return strings.TrimSuffix(h, ":")
}

// oneLine keeps a text on its line: line breaks are shown as \r and \n.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}
