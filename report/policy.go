package report

import (
	"bufio"
	"fmt"
	"strings"
)

// Kinds of suppression, as in package policy.
const (
	SuppressedOff      = "off"      // the finding's rule is off
	SuppressedIgnore   = "ignore"   // an ignore entry of the policy matches it
	SuppressedBaseline = "baseline" // the baseline knows it
)

// Suppressed is a finding the team policy keeps from failing the run. It
// is never dropped: every format counts it, and JSON and SARIF list it
// (SARIF as a result with a suppression and its justification).
type Suppressed struct {
	Finding
	Kind   string // SuppressedOff, SuppressedIgnore or SuppressedBaseline
	Reason string // the ignore entry's reason, or why the rule is off
	Source string // where the deciding entry is: "path:line" of the policy file, or the baseline file
}

// PolicyInfo describes the policy a run used.
type PolicyInfo struct {
	Config   string   // the policy file, "" when none
	Baseline string   // the baseline file, "" when none
	Known    int      // findings the baseline knows (also in Summary.Suppressed)
	Gone     []string // baseline entries that no longer occur, one line each
	Expired  []Note   // ignore entries past their until date, which no longer apply
	Pruned   bool     // Gone were removed from the baseline file (--prune-baseline)
	// ShowSuppressed lists suppressed findings in the text and GitHub
	// formats too (--show-ignored); JSON, JUnit and SARIF always list them.
	ShowSuppressed bool
}

// Note is a message about an input or the policy file, with its place.
type Note struct {
	File    string
	Line    int
	Message string
}

// SuppressedCounts returns how many findings each kind of suppression
// kept from the report.
func (s *Summary) SuppressedCounts() (off, ignored, known int) {
	for f := range s.AllSuppressed() {
		switch f.Kind {
		case SuppressedOff:
			off++
		case SuppressedIgnore:
			ignored++
		case SuppressedBaseline:
			known++
		}
	}
	return off, ignored, known
}

// hasPolicy reports whether the policy has anything to say in a report.
func (s *Summary) hasPolicy() bool {
	return s.Policy != nil || s.hasSuppressed()
}

// suppressedByUnit returns the suppressed findings of each unit.
func (s *Summary) suppressedByUnit() [][]Suppressed {
	out := make([][]Suppressed, len(s.Units))
	for _, f := range s.Suppressed {
		if f.Unit >= 0 && f.Unit < len(out) {
			out[f.Unit] = append(out[f.Unit], f)
		}
	}
	return out
}

// kindWord names a kind of suppression in text.
func kindWord(kind string) string {
	switch kind {
	case SuppressedOff:
		return "off"
	case SuppressedBaseline:
		return "known"
	}
	return "ignored"
}

// line describes a suppressed finding on one line, without its unit.
func (f Suppressed) line() string {
	why := f.Reason
	if f.Source != "" {
		why += "; " + f.Source
	}
	return fmt.Sprintf("%s %s %s: %s [%s] (%s)", kindWord(f.Kind), f.Severity, oneLine(f.place()), oneLine(f.Message), f.Rule, oneLine(why))
}

// policyText writes what the policy did: the suppressed findings when
// asked, expired ignores, baseline entries gone, and the counts.
func writePolicyText(bw *bufio.Writer, s *Summary) {
	if !s.hasPolicy() {
		return
	}
	show := s.Policy != nil && s.Policy.ShowSuppressed
	if show && s.hasSuppressed() {
		src := s.src()
		fmt.Fprintln(bw, "Suppressed by the policy:")
		for g := range src.Units() {
			if len(g.Suppressed) == 0 {
				continue
			}
			fmt.Fprintln(bw, oneLine(g.Unit.heading()))
			for _, f := range g.Suppressed {
				fmt.Fprintf(bw, "  %s\n", f.line())
			}
		}
		for u, f := range src.Suppressed() {
			if u == nil {
				fmt.Fprintf(bw, "  %s\n", f.line())
			}
		}
	}
	if p := s.Policy; p != nil {
		for _, n := range p.Expired {
			fmt.Fprintf(bw, "%s: %s\n", notePlace(n), oneLine(n.Message))
		}
	}
	off, ignored, known := s.SuppressedCounts()
	if s.Policy != nil {
		known = max(known, s.Policy.Known) // conformance's known checks are not findings
	}
	if s.Policy != nil && s.Policy.Baseline != "" || known > 0 {
		fmt.Fprintf(bw, "%d known %s (baseline)\n", known, plural(known, "finding", "findings"))
	}
	if off+ignored > 0 {
		hint := ""
		if !show {
			hint = "; --show-ignored lists them"
		}
		fmt.Fprintf(bw, "%d suppressed by the policy: %d rule off, %d ignored%s\n", off+ignored, off, ignored, hint)
	}
	if p := s.Policy; p != nil && len(p.Gone) > 0 {
		what := "--prune-baseline removes them"
		if p.Pruned {
			what = "removed from " + p.Baseline
		}
		fmt.Fprintf(bw, "%d baseline %s no longer %s (%s):\n", len(p.Gone),
			plural(len(p.Gone), "entry", "entries"), plural(len(p.Gone), "occurs", "occur"), what)
		for _, g := range p.Gone {
			fmt.Fprintf(bw, "  %s\n", oneLine(g))
		}
	}
}

func notePlace(n Note) string {
	if n.Line > 0 {
		return fmt.Sprintf("%s:%d", n.File, n.Line)
	}
	return n.File
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// suppressedCountsLine is the one-line count used by JUnit.
func (s *Summary) suppressedCountsLine() string {
	off, ignored, known := s.SuppressedCounts()
	return fmt.Sprintf("%d suppressed by the policy: %d rule off, %d ignored, %d known (baseline)", off+ignored+known, off, ignored, known)
}

// writePolicyGitHub writes expired ignores as warnings, suppressed
// findings as notices when asked, and the policy's counts as plain lines.
func writePolicyGitHub(bw *bufio.Writer, s *Summary) {
	if !s.hasPolicy() {
		return
	}
	if p := s.Policy; p != nil {
		for _, n := range p.Expired {
			fmt.Fprintf(bw, "::warning %s::%s\n", ghProps(n.File, n.Line, "expired ignore"), ghData(n.Message))
		}
		if p.ShowSuppressed {
			for u, f := range s.src().Suppressed() {
				fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(f.File, f.Line, f.Rule), ghData(unitName(u)+f.line()))
			}
		}
		for _, g := range p.Gone {
			fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(p.Baseline, 0, "baseline entry no longer occurs"), ghData(g))
		}
	}
	var b strings.Builder
	tmp := bufio.NewWriter(&b)
	sub := *s
	if sub.Policy != nil {
		cp := *sub.Policy
		cp.Expired, cp.Gone, cp.ShowSuppressed = nil, nil, false
		sub.Policy = &cp
	}
	writePolicyText(tmp, &sub)
	tmp.Flush()
	bw.WriteString(b.String())
}
