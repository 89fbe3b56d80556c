package report

import (
	"io"
	"slices"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

// Options change how [WriteWith] renders a report for people. The zero
// value is what [Write] uses: plain text, fit for files and CI logs.
type Options struct {
	// Color marks severities, rules and the summary line with ANSI colours
	// (text format only). Callers decide: wepaykit turns it on for a
	// terminal unless NO_COLOR is set or --color says otherwise.
	Color bool
}

// WriteWith writes s to w in format (one of [Formats]) with options o.
func WriteWith(w io.Writer, format string, s *Summary, o Options) error {
	if !slices.Contains(Formats(), format) {
		return &FormatError{Format: format}
	}
	s = redacted(s)
	switch format {
	case FormatText:
		return writeText(w, s, o)
	case FormatJSON:
		return writeJSON(w, s)
	case FormatJUnit:
		return writeJUnit(w, s)
	case FormatGitHub:
		return writeGitHub(w, s)
	case FormatSARIF:
		return writeSARIF(w, s)
	}
	return &FormatError{Format: format}
}

// severityStyle is the colour of a severity.
func severityStyle(sev string) string {
	if sev == Error {
		return ansi.Red
	}
	return ansi.Yellow
}
