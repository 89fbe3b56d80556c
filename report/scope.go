package report

import (
	"github.com/wepaykit/wepaykit/internal/counts"

	"fmt"
	"strings"
)

// Count is a number of entries that share a key: a call path or a host.
type Count = counts.Count

// Ignored is a file of a directory that was not read, and why ("not a
// recording: ...", "not a regular file", "excluded").
type Ignored struct {
	File   string
	Reason string
}

// VersionHint says that exchanges of one file declare an Api-Version older
// than the contract's: their findings may be version drift.
type VersionHint struct {
	File      string
	Version   string // the declared Api-Version
	Exchanges int
	Contract  string // the contract's version
}

// Text is the hint as reports print it.
func (h VersionHint) Text() string {
	return counts.VersionHint(h.Exchanges, h.Version, h.Contract)
}

// countNoun formats n with the singular or plural noun: "1 entry", "2 entries".
func countNoun(n int, one, many string) string { return counts.Noun(n, one, many) }

// countLine is the summary line of a traffic report: "12 entries: 9
// validated, 2 outside /account (/checkout/create x2), 1 other host
// (api.example.com): 1 error, 0 warnings".
func (s *Summary) countLine() string {
	errs, warns, all := s.tally()
	tail := countNoun(errs, "error", "errors") + ", " + countNoun(warns, "warning", "warnings")
	if s.subject() == Spec {
		return fmt.Sprintf("%s: %s", countNoun(all, "problem", "problems"), tail)
	}
	parts := []string{fmt.Sprintf("%d validated", s.Validated)}
	if s.Unanswered > 0 {
		parts[0] += fmt.Sprintf(" (%d without an answer)", s.Unanswered)
	}
	if s.OutOfScope > 0 {
		parts = append(parts, fmt.Sprintf("%d outside /account (%s)", s.OutOfScope, counts.List(s.OutOfScopeCalls)))
	}
	if s.Skipped > 0 {
		p := countNoun(s.Skipped, "other host", "other hosts")
		if len(s.OtherHosts) > 0 {
			p += " (" + counts.List(s.OtherHosts) + ")"
		}
		parts = append(parts, p)
	}
	if n := s.unread(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d unreadable", n))
	}
	return fmt.Sprintf("%s: %s: %s", countNoun(s.Entries, "entry", "entries"), strings.Join(parts, ", "), tail)
}

// unread counts the entries that were neither validated nor skipped.
func (s *Summary) unread() int {
	return max(s.Entries-s.Validated-s.OutOfScope-s.Skipped, 0)
}

// maxIgnoredShown bounds the files not read that a text report lists.
const maxIgnoredShown = 20

// notes are the lines a report prints before its summary: why nothing was
// validated, version hints and the files of directories not read.
func (s *Summary) notes() []string {
	var out []string
	if s.Empty != "" {
		out = append(out, "nothing validated: "+s.Empty)
	}
	for _, h := range s.VersionHints {
		out = append(out, h.File+": "+h.Text())
	}
	for i, ig := range s.Ignored {
		if i == maxIgnoredShown {
			out = append(out, fmt.Sprintf("and %d more files not read", len(s.Ignored)-i))
			break
		}
		out = append(out, ig.File+": "+ig.Reason+", skipped")
	}
	return out
}
