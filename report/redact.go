package report

import (
	"iter"

	"github.com/wepaykit/wepaykit/internal/redact"
)

// redacted returns a copy of s in which every text a format prints has
// gone through the project's one redaction (internal/redact): the
// validator already masks each exchange's own secrets, and this pass is
// the net for what no exchange told it, so that no format prints a secret
// parameter of a quoted URL or a token-shaped value, wherever a caller put
// it (a message, a pointer, an operation, an entry's name, a problem).
// s itself is not changed.
func redacted(s *Summary) *Summary {
	p := redact.Default()
	m := p.Message
	c := *s
	c.Files = mapStrings(s.Files, m)
	c.Units = clip(s.Units)
	for i, u := range s.Units {
		c.Units[i] = redactUnit(p, u)
	}
	if s.Source != nil {
		c.Source = redactSource{src: s.Source, p: p}
	}
	c.Findings = clip(s.Findings)
	for i, f := range s.Findings {
		c.Findings[i] = redactFinding(p, f)
	}
	c.Problems = clip(s.Problems)
	for i, pr := range s.Problems {
		pr.File, pr.Message = m(pr.File), m(pr.Message)
		c.Problems[i] = pr
	}
	c.Suppressed = clip(s.Suppressed)
	for i, sp := range s.Suppressed {
		c.Suppressed[i] = redactSuppressed(p, sp)
	}
	c.OutOfScopeCalls = redactCounts(s.OutOfScopeCalls, p)
	c.OtherHosts = redactCounts(s.OtherHosts, p)
	c.Ignored = clip(s.Ignored)
	for i, g := range s.Ignored {
		g.File, g.Reason = m(g.File), m(g.Reason)
		c.Ignored[i] = g
	}
	c.Empty = m(s.Empty)
	if s.Policy != nil {
		pi := *s.Policy
		pi.Gone = mapStrings(pi.Gone, m)
		c.Policy = &pi
	}
	return &c
}

func redactFinding(p *redact.Policy, f Finding) Finding {
	m := p.Message
	f.File, f.Where, f.Message = m(f.File), m(f.Where), m(f.Message)
	f.Operation = p.Path(m(f.Operation))
	f.Pointer = redact.Tokens(f.Pointer)
	return f
}

func redactCounts(cs []Count, p *redact.Policy) []Count {
	if cs == nil {
		return nil
	}
	out := make([]Count, len(cs))
	for i, c := range cs {
		c.Key = p.Path(p.Message(c.Key))
		out[i] = c
	}
	return out
}

func mapStrings(ss []string, f func(string) string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

// clip returns a copy of ss to change, nil for nil, so that an empty list
// is rendered as it was given.
func clip[T any](ss []T) []T {
	if ss == nil {
		return nil
	}
	return append([]T(nil), ss...)
}

func redactUnit(p *redact.Policy, u Unit) Unit {
	u.File, u.Name, u.Skipped = p.Message(u.File), p.Message(u.Name), p.Message(u.Skipped)
	return u
}

func redactSuppressed(p *redact.Policy, sp Suppressed) Suppressed {
	sp.Finding = redactFinding(p, sp.Finding)
	sp.Reason, sp.Source = p.Message(sp.Reason), p.Message(sp.Source)
	return sp
}

// redactSource is a [Source] whose units and findings go through the same
// pass as a summary's own (see redacted), as the writers stream them.
type redactSource struct {
	src Source
	p   *redact.Policy
}

func (r redactSource) Units() iter.Seq[UnitFindings] {
	return func(yield func(UnitFindings) bool) {
		for uf := range r.src.Units() {
			uf.Unit = redactUnit(r.p, uf.Unit)
			uf.Findings = clip(uf.Findings)
			for i, f := range uf.Findings {
				uf.Findings[i] = redactFinding(r.p, f)
			}
			uf.Suppressed = clip(uf.Suppressed)
			for i, sp := range uf.Suppressed {
				uf.Suppressed[i] = redactSuppressed(r.p, sp)
			}
			if !yield(uf) {
				return
			}
		}
	}
}

func (r redactSource) unit(u *Unit) *Unit {
	if u == nil {
		return nil
	}
	ru := redactUnit(r.p, *u)
	return &ru
}

func (r redactSource) Findings() iter.Seq2[*Unit, Finding] {
	return func(yield func(*Unit, Finding) bool) {
		for u, f := range r.src.Findings() {
			if !yield(r.unit(u), redactFinding(r.p, f)) {
				return
			}
		}
	}
}

func (r redactSource) Suppressed() iter.Seq2[*Unit, Suppressed] {
	return func(yield func(*Unit, Suppressed) bool) {
		for u, sp := range r.src.Suppressed() {
			if !yield(r.unit(u), redactSuppressed(r.p, sp)) {
				return
			}
		}
	}
}

func (r redactSource) Err() error { return r.src.Err() }
