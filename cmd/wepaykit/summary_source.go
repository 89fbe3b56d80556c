package main

import (
	"iter"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/report"
)

// auditSource is the report.Source of a spooled audit result: it reads the
// exchanges, findings and suppressed findings from the result's spool at
// each pass and groups them by entry, giving the units trafficSummary and
// finishTrafficPolicy build in memory for a result that is not spooled,
// in the same order.
type auditSource struct {
	res       *audit.Result
	exchanges bool // the result kept its exchanges: one unit each
	files     map[string]int
}

func newAuditSource(res *audit.Result, exchanges bool) *auditSource {
	a := &auditSource{res: res, exchanges: exchanges, files: map[string]int{}}
	for i, f := range res.Files {
		if _, ok := a.files[f.Name]; !ok {
			a.files[f.Name] = i
		}
	}
	return a
}

// entryKey places an entry in the result's order: input, then entry.
type entryKey struct {
	file  int
	entry int
}

func (a *auditSource) key(file string, entry int) entryKey {
	return entryKey{a.files[file], entry}
}

func (k entryKey) before(o entryKey) bool {
	if k.file != o.file {
		return k.file < o.file
	}
	return k.entry < o.entry
}

// groups yields every entry with findings (and, with exchanges, every
// kept exchange) in the result's order, with its findings.
func (a *auditSource) groups() iter.Seq[report.UnitFindings] {
	return func(yield func(report.UnitFindings) bool) {
		nextF, stopF := iter.Pull(a.res.AllFindings())
		defer stopF()
		nextS, stopS := iter.Pull(a.res.AllSuppressed())
		defer stopS()
		f, fok := nextF()
		s, sok := nextS()
		// take gathers the findings of entry k; the unit is that of its
		// first finding, else its first suppressed finding.
		take := func(k entryKey) report.UnitFindings {
			var g report.UnitFindings
			unit := func(x audit.EntryFinding) report.Unit {
				return report.Unit{File: x.File, Entry: x.Entry, Line: x.Line, Name: strings.TrimSpace(x.Method + " " + x.Operation)}
			}
			for fok && a.key(f.File, f.Entry) == k {
				if g.Findings == nil {
					g.Unit = unit(f)
				}
				rf := reportFinding(0, f.File, f.Entry, f.Line, f.Finding)
				rf.APIVersion = f.APIVersion
				g.Findings = append(g.Findings, rf)
				f, fok = nextF()
			}
			for sok && a.key(s.File, s.Entry) == k {
				if g.Findings == nil && g.Suppressed == nil {
					g.Unit = unit(s.EntryFinding)
				}
				g.Suppressed = append(g.Suppressed, report.Suppressed{Finding: reportFinding(0, s.File, s.Entry, s.Line, s.Finding),
					Kind: string(s.Verdict.Suppressed), Reason: s.Verdict.Reason, Source: s.Verdict.Source})
				s, sok = nextS()
			}
			return g
		}
		// first is the next entry with findings; ok is false when none is left.
		first := func() (entryKey, bool) {
			switch {
			case fok && sok:
				kf, ks := a.key(f.File, f.Entry), a.key(s.File, s.Entry)
				if ks.before(kf) {
					return ks, true
				}
				return kf, true
			case fok:
				return a.key(f.File, f.Entry), true
			case sok:
				return a.key(s.File, s.Entry), true
			}
			return entryKey{}, false
		}
		if a.exchanges {
			for x := range a.res.AllExchanges() {
				k := a.key(x.File, x.Entry)
				// Findings of an entry that is not a kept exchange (none
				// are expected) keep their own unit.
				for fk, ok := first(); ok && fk.before(k); fk, ok = first() {
					if !yield(take(fk)) {
						return
					}
				}
				g := take(k)
				g.Unit = report.Unit{File: x.File, Entry: x.Entry, Line: x.Line, Name: strings.TrimSpace(x.Method + " " + x.Operation)}
				if x.Skipped != "" {
					g.Unit.Skipped = "not a WePay host: " + x.Skipped
				}
				if x.OutOfScope {
					g.Unit.Skipped = "a WePay call outside /account"
				}
				if !yield(g) {
					return
				}
			}
		}
		for k, ok := first(); ok; k, ok = first() {
			if !yield(take(k)) {
				return
			}
		}
	}
}

// Units yields the units in the order of the in-memory summary: the kept
// exchanges; without them, the entries with findings, then those with
// only suppressed findings (finishTrafficPolicy adds their units last).
func (a *auditSource) Units() iter.Seq[report.UnitFindings] {
	if a.exchanges {
		return a.groups()
	}
	return func(yield func(report.UnitFindings) bool) {
		for g := range a.groups() {
			if len(g.Findings) > 0 && !yield(g) {
				return
			}
		}
		for g := range a.groups() {
			if len(g.Findings) == 0 && !yield(g) {
				return
			}
		}
	}
}

// Findings implements report.Source.
func (a *auditSource) Findings() iter.Seq2[*report.Unit, report.Finding] {
	return func(yield func(*report.Unit, report.Finding) bool) {
		if !hasAny(a.res.AllFindings()) {
			return // no pass over the exchanges for nothing
		}
		for g := range a.groups() {
			for _, f := range g.Findings {
				if !yield(&g.Unit, f) {
					return
				}
			}
		}
	}
}

// Suppressed implements report.Source.
func (a *auditSource) Suppressed() iter.Seq2[*report.Unit, report.Suppressed] {
	return func(yield func(*report.Unit, report.Suppressed) bool) {
		if !hasAny(a.res.AllSuppressed()) {
			return
		}
		for g := range a.groups() {
			for _, f := range g.Suppressed {
				if !yield(&g.Unit, f) {
					return
				}
			}
		}
	}
}

// Err implements report.Source.
func (a *auditSource) Err() error { return a.res.Err() }

func hasAny[T any](seq iter.Seq[T]) bool {
	for range seq {
		return true
	}
	return false
}
