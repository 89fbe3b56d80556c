// Package report writes the results of wepaykit's checks (validated traffic
// or a linted spec) as text, JSON, JUnit XML, GitHub workflow commands or
// SARIF 2.1.0.
//
// The formatters know nothing of HTTP: they render a [Summary], which the
// caller fills from its results. Findings are printed as given (they are
// redacted by the validator); no header or body is ever printed.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Formats, as accepted by [Write].
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatJUnit  = "junit"
	FormatGitHub = "github"
	FormatSARIF  = "sarif"
)

// Formats lists the formats [Write] accepts.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatJUnit, FormatGitHub, FormatSARIF}
}

// Subject says what was checked.
type Subject string

// Subjects of a summary.
const (
	Traffic Subject = "traffic" // recorded exchanges
	Spec    Subject = "spec"    // an OpenAPI document
)

// Severities of findings.
const (
	Error   = "error"
	Warning = "warning"
)

// Summary is everything a report shows.
type Summary struct {
	Tool    string  // "wepaykit" when empty
	Version string  // the tool's version
	Subject Subject // Traffic when empty
	// Files are the inputs in the order given. With more than one, each
	// finding of a JSON report names its file.
	Files   []string
	Entries int // entries read, skipped ones included (Traffic)
	Skipped int // entries not checked (Traffic)
	// Units are the things checked, in order: one per exchange (or skipped
	// entry) for Traffic, one per check for Spec. Every finding names its
	// unit; JUnit writes one test case per unit.
	Units    []Unit
	Findings []Finding
	Problems []Problem       // inputs or entries that could not be read
	Rules    map[string]Rule // descriptions of rules, by id; optional

	// Validated counts the exchanges (or bodies) checked (Traffic);
	// OutOfScope the WePay calls outside /account that were not, broken
	// down by call in OutOfScopeCalls; OtherHosts breaks Skipped down by
	// host. Entries less these three are the entries that could not be read.
	Validated  int
	OutOfScope int
	// Unanswered counts the validated exchanges without a response (only
	// their request was checked).
	Unanswered      int
	OutOfScopeCalls []Count
	OtherHosts      []Count
	// Ignored lists files of directories that were not read.
	Ignored []Ignored
	// VersionHints say which files declare an older Api-Version.
	VersionHints []VersionHint
	// Empty, when set, says why the run validated nothing and what to do
	// about it; every format shows it as a failure.
	Empty string
	// Suppressed are the findings the team policy keeps from failing the
	// run (rule off, ignored, known in the baseline); Policy describes the
	// policy. Both are optional.
	Suppressed []Suppressed
	Policy     *PolicyInfo
	// BaseDir is the directory file names are relative to (the working
	// directory); SARIF names it as the SRCROOT base of its URIs, so that
	// code scanning maps them to the repository. Optional.
	BaseDir string
	// Source, when set, yields the units, findings and suppressed
	// findings instead of Units, Findings and Suppressed, which are then
	// not read: for reports of more findings than memory should hold.
	// Every format streams them, keeping only counts.
	Source Source
}

// Unit is one thing checked: an exchange, or a check of a spec.
type Unit struct {
	File    string
	Entry   int    // 0-based entry index in File, -1 when not an entry
	Line    int    // 1-based line, 0 if unknown
	Name    string // for example "POST /account/create" or "lint.example"
	Skipped string // why the unit was not checked; "" when it was
}

// Finding is one problem found.
type Finding struct {
	Unit      int // index in Summary.Units
	File      string
	Entry     int    // 0-based entry index in File, -1 when not an entry
	Line      int    // 1-based line, 0 if unknown
	Where     string // dotted path in a spec (Spec)
	Operation string
	Side      string
	Location  string
	Pointer   string
	Rule      string
	Severity  string // Error or Warning
	Message   string
	Schema    string
	Cite      string
	// APIVersion is the older Api-Version the exchange declared, when the
	// finding may be version drift.
	APIVersion string
}

// Problem is an input, or an entry of one, that could not be read.
type Problem struct {
	File    string
	Entry   int // -1 when the whole input is concerned
	Line    int
	Message string
}

// Rule describes a rule for reports that list them (SARIF).
type Rule struct {
	Summary     string // one sentence
	Description string // a fuller description; Summary when empty
	Help        string // what the rule checks and why, with the cited reference sentences
	HelpURI     string // where the rule is documented
	Level       string // the rule's default severity: Error or Warning
}

// FormatError reports an unknown format.
type FormatError struct{ Format string }

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("report: unknown format %q (want text, json, junit, github or sarif)", e.Format)
}

// Write writes s to w in format (one of [Formats]), plain.
func Write(w io.Writer, format string, s *Summary) error {
	return WriteWith(w, format, s, Options{})
}

// Counts returns the number of error and warning findings.
func (s *Summary) Counts() (errors, warnings int) {
	errors, warnings, _ = s.tally()
	return errors, warnings
}

func (s *Summary) tool() string {
	if s.Tool == "" {
		return "wepaykit"
	}
	return s.Tool
}

func (s *Summary) subject() Subject {
	if s.Subject == "" {
		return Traffic
	}
	return s.Subject
}

// byUnit returns the findings of each unit, in finding order.
func (s *Summary) byUnit() [][]Finding {
	out := make([][]Finding, len(s.Units))
	for _, f := range s.Findings {
		if f.Unit >= 0 && f.Unit < len(out) {
			out[f.Unit] = append(out[f.Unit], f)
		}
	}
	return out
}

// ruleIDs lists the rules the findings use, sorted.
func (s *Summary) ruleIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for f := range s.AllFindings() {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	for f := range s.AllSuppressed() {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	return ids
}

// heading names a unit as "rec.har:120: entry 3 POST /account/create":
// the file and line first, in the form terminals and editors turn into a
// link to the place.
func (u Unit) heading() string {
	h := u.File
	if u.Line > 0 {
		h += fmt.Sprintf(":%d:", u.Line)
	}
	if u.Entry >= 0 {
		h += fmt.Sprintf(" entry %d", u.Entry)
	}
	if u.Name != "" {
		h += " " + u.Name
	}
	return strings.TrimSpace(h)
}

// place describes where in an exchange or spec a finding sits:
// "request body /name", "response header", "components.schemas.X".
func (f Finding) place() string {
	if f.Where != "" {
		return f.Where
	}
	p := f.Side
	if f.Location != "" {
		if p != "" {
			p += " "
		}
		p += f.Location
	}
	if f.Location == "body" {
		ptr := f.Pointer
		if ptr == "" {
			ptr = "(root)"
		}
		p += " " + ptr
	}
	return p
}
