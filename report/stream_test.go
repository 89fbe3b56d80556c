package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"testing"
)

// legacyWrite writes s with the writers that built whole documents.
func legacyWrite(t *testing.T, format string, s *Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case FormatText:
		err = legacyWriteText(&b, s, Options{})
	case FormatJSON:
		err = legacyWriteJSON(&b, s)
	case FormatJUnit:
		err = legacyWriteJUnit(&b, s)
	case FormatGitHub:
		err = legacyWriteGitHub(&b, s)
	case FormatSARIF:
		err = legacyWriteSARIF(&b, s)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wrapped is a Source that is not the summary's own slices.
type wrapped struct {
	memSource
	err error
}

func (w wrapped) Err() error { return w.err }

func randomSummary(r *rand.Rand) *Summary {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	s := &Summary{Version: "v0", Files: []string{"a.har", "b <&> \"c\".jsonl"}, Entries: r.IntN(50), Validated: r.IntN(20), Skipped: r.IntN(3), Unanswered: r.IntN(2)}
	if r.IntN(4) == 0 {
		s.Subject = Spec
	}
	nu := r.IntN(12)
	for i := range nu {
		file := s.Files[min(i*2/max(nu, 1), 1)]
		if r.IntN(8) == 0 {
			file = pick("a.har", "z.har", "-") // out of order, a new file, stdin
		}
		u := Unit{File: file, Entry: i, Line: r.IntN(3) * 10, Name: pick("POST /account", "", "lint.x")}
		if r.IntN(5) == 0 {
			u.Skipped = pick("not a WePay host: x", "outside")
		}
		if r.IntN(6) == 0 {
			u.Entry = -1
		}
		s.Units = append(s.Units, u)
	}
	finding := func() Finding {
		unit := r.IntN(nu+2) - 1 // -1 and nu: no unit
		f := Finding{Unit: unit, File: pick("a.har", "b.har", "-", "/abs/x.har"), Entry: r.IntN(9), Line: r.IntN(4),
			Operation: pick("/account", "", "/account/create"), Side: pick("request", "response", ""), Location: pick("body", "query", ""),
			Pointer: pick("", "/name", "/a~1b"), Rule: pick("schema.maxLength", "unknown-field", "token-in-parameter"),
			Severity: pick(Error, Warning), Message: pick("plain", "100%\r\n<x> & \"y\"", "ünï"), Where: pick("", "", "components.x"),
			Schema: pick("", "#/x"), Cite: pick("", "a sentence"), APIVersion: pick("", "2014-01-08")}
		return f
	}
	for range r.IntN(15) {
		s.Findings = append(s.Findings, finding())
	}
	for range r.IntN(6) {
		s.Suppressed = append(s.Suppressed, Suppressed{Finding: finding(), Kind: pick(SuppressedOff, SuppressedIgnore, SuppressedBaseline), Reason: "r", Source: pick("", "p.yaml:3")})
	}
	for range r.IntN(3) {
		s.Problems = append(s.Problems, Problem{File: pick("a.har", "q.har"), Entry: r.IntN(3) - 1, Line: r.IntN(3), Message: "bad"})
	}
	if r.IntN(5) == 0 {
		s.Empty = "nothing"
	}
	if r.IntN(3) == 0 {
		s.Policy = &PolicyInfo{Config: "p.yaml", Baseline: pick("", "b.json"), Gone: []string{"g"}, ShowSuppressed: r.IntN(2) == 0,
			Expired: []Note{{File: "p.yaml", Line: 2, Message: "expired"}}}
	}
	if r.IntN(3) == 0 {
		s.Files = s.Files[:r.IntN(2)]
	}
	return s
}

// TestStreamingWritersMatchLegacy: the streaming writers write, byte for
// byte, what the writers that built whole documents wrote, for the golden
// samples and for random summaries (units out of file order, findings
// without a unit, suppressed findings, problems, policies), from the
// summary's slices and from a Source.
func TestStreamingWritersMatchLegacy(t *testing.T) {
	sums := []*Summary{sample(), specSample(), policySample(false), policySample(true), {}}
	r := rand.New(rand.NewPCG(17, 1))
	for range 400 {
		sums = append(sums, randomSummary(r))
	}
	for i, s := range sums {
		for _, f := range Formats() {
			want := legacyWrite(t, f, s)
			if got := render(t, f, s); !bytes.Equal(got, want) {
				t.Fatalf("summary %d, %s differs from the legacy writer:\n--- got\n%s\n--- want\n%s", i, f, got, want)
			}
			src := *s
			src.Source = wrapped{memSource: memSource{s}}
			src.Units, src.Findings, src.Suppressed = nil, nil, nil // only the Source is read
			src.Units = nil
			if got := render(t, f, &src); !bytes.Equal(got, want) {
				t.Fatalf("summary %d, %s from a Source differs from the legacy writer:\n--- got\n%s\n--- want\n%s", i, f, got, want)
			}
		}
	}
}

// TestSourceErrorIsReturned: a writer returns the error its Source met.
func TestSourceErrorIsReturned(t *testing.T) {
	boom := errors.New("spool read failed")
	s := sample()
	s.Source = wrapped{memSource: memSource{sample()}, err: boom}
	for _, f := range Formats() {
		if err := Write(&bytes.Buffer{}, f, s); !errors.Is(err, boom) {
			t.Errorf("%s: got %v, want the source's error", f, err)
		}
	}
}

// countingSource counts the findings its iterators yield at once.
type countingSource struct {
	n        int
	live     *int
	maxAlive *int
}

func (c countingSource) Units() iter.Seq[UnitFindings] {
	return func(yield func(UnitFindings) bool) {
		for i := range c.n {
			u := Unit{File: "big.har", Entry: i, Line: i + 1, Name: "POST /account/create"}
			if !yield(UnitFindings{Unit: u, Findings: []Finding{c.finding(i)}}) {
				return
			}
		}
	}
}

func (c countingSource) finding(i int) Finding {
	return Finding{File: "big.har", Entry: i, Line: i + 1, Operation: "/account/create", Side: "request", Location: "body",
		Pointer: "/name", Rule: "schema.maxLength", Severity: Error, Message: fmt.Sprintf("finding %d: length must be <= 255", i)}
}

func (c countingSource) Findings() iter.Seq2[*Unit, Finding] {
	return func(yield func(*Unit, Finding) bool) {
		for g := range c.Units() {
			if !yield(&g.Unit, g.Findings[0]) {
				return
			}
		}
	}
}

func (c countingSource) Suppressed() iter.Seq2[*Unit, Suppressed] {
	return func(func(*Unit, Suppressed) bool) {}
}
func (c countingSource) Err() error { return nil }

// BenchmarkWriteStreamed writes a report of 2000 findings from a Source
// (nothing kept: the bytes allocated per op are the work of encoding)
// beside the legacy writers, which build the whole document from the
// summary's slices (the baseline).
func BenchmarkWriteStreamed(b *testing.B) {
	src := countingSource{n: 2000}
	mem := &Summary{}
	for g := range src.Units() {
		for _, f := range g.Findings {
			f.Unit = len(mem.Units)
			mem.Findings = append(mem.Findings, f)
		}
		mem.Units = append(mem.Units, g.Unit)
	}
	legacy := map[string]func(io.Writer, *Summary) error{FormatJSON: legacyWriteJSON, FormatSARIF: legacyWriteSARIF, FormatJUnit: legacyWriteJUnit,
		FormatText: func(w io.Writer, s *Summary) error { return legacyWriteText(w, s, Options{}) }}
	for _, f := range []string{FormatJSON, FormatSARIF, FormatJUnit, FormatText} {
		b.Run(f+"/stream", func(b *testing.B) {
			s := &Summary{Source: src}
			for b.Loop() {
				if err := Write(discard{}, f, s); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(f+"/legacy", func(b *testing.B) {
			for b.Loop() {
				if err := legacy[f](discard{}, mem); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
