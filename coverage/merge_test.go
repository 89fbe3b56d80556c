package coverage_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/coverage"
)

func encode(t *testing.T, r *coverage.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := coverage.Encode(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// roundTrip writes a report to JSON and reads it back, as two CI jobs and
// a merge step would.
func roundTrip(t *testing.T, r *coverage.Report) *coverage.Report {
	t.Helper()
	back, err := coverage.Decode(strings.NewReader(encode(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// TestMergeEqualsValidatingTogether: the merged coverage of two runs is the
// coverage of one run over both recordings, transitions across the two
// included, however the exchanges are split between them.
func TestMergeEqualsValidatingTogether(t *testing.T) {
	dir := t.TempDir()
	entries := synthEntries(t, 11, 160)
	splits := map[string]func(i int) bool{
		"alternate":   func(i int) bool { return i%2 == 0 },
		"halves":      func(i int) bool { return i < len(entries)/2 },
		"every-third": func(i int) bool { return i%3 == 0 },
	}
	for name, inA := range splits {
		t.Run(name, func(t *testing.T) {
			var a, b []synthEntry
			for i, e := range entries {
				if inA(i) {
					a = append(a, e)
				} else {
					b = append(b, e)
				}
			}
			fa, fb := filepath.Join(dir, name+"-a.har"), filepath.Join(dir, name+"-b.har")
			writeHAR(t, fa, a)
			writeHAR(t, fb, b)
			together := auditFiles(t, fa, fb)
			base, _ := sharedValidator()
			merged, err := coverage.Merge([]*coverage.Report{roundTrip(t, auditFiles(t, fa)), roundTrip(t, auditFiles(t, fb))}, coverage.WithSpec(base.Spec()))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(encode(t, together), encode(t, merged)); diff != "" {
				t.Errorf("merged differs from together (-together +merged):\n%s", diff)
			}
			if together.Transitions.Covered == 0 {
				t.Error("the recordings observe no transition: the test proves little")
			}
		})
	}
}

func TestMergeRefusesAnotherContract(t *testing.T) {
	r := auditFiles(t, "../testdata/traffic/valid.har")
	r.Detail.Operations[0].Request = append(r.Detail.Operations[0].Request, coverage.FieldSeen{Pointer: "/no_such_field", Seen: 1})
	_, err := coverage.Merge([]*coverage.Report{r})
	var me *coverage.MismatchError
	if !errors.As(err, &me) || me.What != "field" {
		t.Fatalf("got %v, want a *MismatchError about a field", err)
	}
	r = auditFiles(t, "../testdata/traffic/valid.har")
	r.Detail.Rules = append(r.Detail.Rules, coverage.RuleSeen{ID: "made-up", Applied: 1})
	if _, err := coverage.Merge([]*coverage.Report{r}); !errors.As(err, &me) || me.What != "rule" {
		t.Fatalf("got %v, want a *MismatchError about a rule", err)
	}
}

func TestDecodeRefusesOtherFiles(t *testing.T) {
	for name, in := range map[string]string{
		"empty":       "",
		"har":         `{"log":{"entries":[]}}`,
		"no-format":   `{"operations":{"covered":0,"total":8,"missing":[]}}`,
		"not-json":    "operations=100",
		"wrong-types": `{"detail":{"format":"one"}}`,
	} {
		if _, err := coverage.Decode(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestNegativeCountNamed: a count below zero (no run writes one) is
// refused, by Add and by ReadFile, with an error that says so and names
// the field and its value, and the file it was read from; not as a name
// the contract lacks.
func TestNegativeCountNamed(t *testing.T) {
	r := auditFiles(t, "../testdata/traffic/valid.har")
	op := r.Detail.Operations[0].Operation
	r.Detail.Operations[0].Calls = -5
	_, err := coverage.Merge([]*coverage.Report{r})
	var ne *coverage.NegativeCountError
	if !errors.As(err, &ne) || ne.Field != "detail.operations[0].calls" || ne.Value != -5 || ne.Name != op {
		t.Fatalf("got %v (%#v), want a *NegativeCountError for detail.operations[0].calls", err, ne)
	}
	if msg := err.Error(); !strings.Contains(msg, "detail.operations[0].calls ("+op+") is -5") || !strings.Contains(msg, "negative") || strings.Contains(msg, "does not have") {
		t.Errorf("message %q", msg)
	}
	var me *coverage.MismatchError
	if errors.As(err, &me) {
		t.Errorf("a negative count is not a mismatch: %v", err)
	}

	r = auditFiles(t, "../testdata/traffic/valid.har")
	r.Detail.Rules[0].Applied = -1
	file := filepath.Join(t.TempDir(), "neg.json")
	if err := os.WriteFile(file, []byte(encode(t, r)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = coverage.ReadFile(file)
	if !errors.As(err, &ne) || ne.Field != "detail.rules[0].applied" || ne.Value != -1 || ne.File != file ||
		!strings.Contains(err.Error(), file+": detail.rules[0].applied ("+r.Detail.Rules[0].ID+") is -1") {
		t.Fatalf("ReadFile: got %v", err)
	}
}
