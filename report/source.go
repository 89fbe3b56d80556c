package report

import (
	"iter"
)

// Source streams the units and findings of a report too large to hold in
// memory (see Summary.Source): the writers read them as they write, and
// keep only counts. Every method yields from the start at each call, and a
// report may call them several times (a pass for counts before the pass
// that writes, once per format), so a source reads its storage again each
// time rather than keeping what it read.
type Source interface {
	// Units yields every unit in report order (the order of test cases
	// in JUnit, of headings in text), each with its findings and
	// suppressed findings in finding order.
	Units() iter.Seq[UnitFindings]
	// Findings yields the findings in report order, each with its unit
	// (nil when it has none).
	Findings() iter.Seq2[*Unit, Finding]
	// Suppressed yields the suppressed findings in report order, each
	// with its unit (nil when it has none).
	Suppressed() iter.Seq2[*Unit, Suppressed]
	// Err returns the first error met reading the findings; a writer
	// returns it once it has written what it could read.
	Err() error
}

// UnitFindings is one unit with what was found in it, as a [Source]
// yields it. The Unit field of its findings is not used.
type UnitFindings struct {
	Unit       Unit
	Findings   []Finding
	Suppressed []Suppressed
}

// memSource is the Source of a summary's own Units, Findings and
// Suppressed.
type memSource struct{ s *Summary }

func (m memSource) unit(i int) *Unit {
	if i < 0 || i >= len(m.s.Units) {
		return nil
	}
	return &m.s.Units[i]
}

func (m memSource) Units() iter.Seq[UnitFindings] {
	return func(yield func(UnitFindings) bool) {
		fs, sup := m.s.byUnit(), m.s.suppressedByUnit()
		for i, u := range m.s.Units {
			if !yield(UnitFindings{Unit: u, Findings: fs[i], Suppressed: sup[i]}) {
				return
			}
		}
	}
}

func (m memSource) Findings() iter.Seq2[*Unit, Finding] {
	return func(yield func(*Unit, Finding) bool) {
		for _, f := range m.s.Findings {
			if !yield(m.unit(f.Unit), f) {
				return
			}
		}
	}
}

func (m memSource) Suppressed() iter.Seq2[*Unit, Suppressed] {
	return func(yield func(*Unit, Suppressed) bool) {
		for _, f := range m.s.Suppressed {
			if !yield(m.unit(f.Unit), f) {
				return
			}
		}
	}
}

func (memSource) Err() error { return nil }

// src is the summary's Source, or one over its slices.
func (s *Summary) src() Source {
	if s.Source != nil {
		return s.Source
	}
	return memSource{s}
}

// AllFindings yields the findings of the report: Summary.Findings, or
// those of Summary.Source.
func (s *Summary) AllFindings() iter.Seq[Finding] {
	return func(yield func(Finding) bool) {
		for _, f := range s.src().Findings() {
			if !yield(f) {
				return
			}
		}
	}
}

// AllSuppressed yields the suppressed findings of the report:
// Summary.Suppressed, or those of Summary.Source.
func (s *Summary) AllSuppressed() iter.Seq[Suppressed] {
	return func(yield func(Suppressed) bool) {
		for _, f := range s.src().Suppressed() {
			if !yield(f) {
				return
			}
		}
	}
}

// tally counts the findings and those of each severity.
func (s *Summary) tally() (errors, warnings, all int) {
	for f := range s.AllFindings() {
		all++
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings, all
}

// hasSuppressed reports whether the report has a suppressed finding.
func (s *Summary) hasSuppressed() bool {
	for range s.AllSuppressed() {
		return true
	}
	return false
}
