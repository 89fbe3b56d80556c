package spec_test

import (
	"slices"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestNamesMatchSpec keeps the constants and the embedded document in step.
func TestNamesMatchSpec(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range s.Operations() {
		got = append(got, o.Path)
	}
	want := spec.OperationPaths()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("spec operations %v, constants %v", got, want)
	}
	states := s.States().Names()
	for _, st := range []string{spec.StateActionRequired, spec.StatePending, spec.StateActive, spec.StateDisabled, spec.StateDeleted} {
		if !slices.Contains(states, st) {
			t.Errorf("state %q not in the state table %v", st, states)
		}
	}
	if len(states) != 5 {
		t.Errorf("state table has %v", states)
	}
}
