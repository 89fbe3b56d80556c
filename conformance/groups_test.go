package conformance_test

import (
	"net/http"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
)

// TestOneDefectOneCause: a stand-in that answers /account/find in reverse
// order has one defect, and the grouped report names one cause: the
// contract's find-sorted at /create_time, which every find check that met
// the defect is listed under (the checks' own order expectations
// included). It was 5 causes: find-sorted desc, find-sorted asc and three
// of the checks' own.
func TestOneDefectOneCause(t *testing.T) {
	t.Parallel()
	var reversed mutant
	for _, m := range mutants() {
		if m.name == "sort-order-reversed" {
			reversed = m
		}
	}
	target := fakeTarget(t, func(h http.Handler, _ *knownTokens) http.Handler { return proxy(h, reversed) })
	target.Run = "^find/"
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	groups := conformance.Groups(rep.Results)
	if len(groups) != 1 {
		for _, g := range groups {
			t.Logf("cause %s %q: %v", g.Rule, g.Causes, g.Checks)
		}
		t.Fatalf("one defect read as %d causes", len(groups))
	}
	g := groups[0]
	failed := 0
	for _, r := range rep.Results {
		if r.Status == conformance.StatusFail {
			failed++
		}
	}
	if g.Rule != "find-sorted" || g.Pointer != "/create_time" || len(g.Checks) != failed || failed < 3 {
		t.Errorf("cause %s at %s, checks %v (%d failed)", g.Rule, g.Pointer, g.Checks, failed)
	}
}

// TestGroupsJoinOnePlace: causes of one rule at one pointer join when a
// check met both; without a check in common, or without a pointer, they
// stay apart.
func TestGroupsJoinOnePlace(t *testing.T) {
	fail := func(check, rule, ptr, cause string) *conformance.CheckError {
		return &conformance.CheckError{Check: check, Category: "find", Call: "/account/find", Rule: rule, Pointer: ptr, Cause: cause, Msg: cause}
	}
	result := func(check string, fails ...*conformance.CheckError) conformance.Result {
		return conformance.Result{Check: check, Category: "find", Status: conformance.StatusFail, Failures: fails}
	}
	res := []conformance.Result{
		result("find/a", fail("find/a", "find-sorted", "/create_time", "not desc"), fail("find/a", "find-sorted", "/create_time", "not asc")),
		result("find/b", fail("find/b", "find-sorted", "/create_time", "not asc")),
		result("find/c", fail("find/c", "schema.enum", "/state", "got x")),
		result("find/d", fail("find/d", "schema.enum", "/state", "got y")),
		result("find/e", fail("find/e", "conformance.find", "", "one"), fail("find/e", "conformance.find", "", "two"), fail("find/e", "conformance.find", "", "two")),
	}
	groups := conformance.Groups(res)
	if len(groups) != 5 {
		for _, g := range groups {
			t.Logf("%s %q %v", g.Rule, g.Causes, g.Checks)
		}
		t.Fatalf("%d groups, want 5", len(groups))
	}
	if g := groups[0]; len(g.Causes) != 2 || g.Count != 3 || len(g.Checks) != 2 {
		t.Errorf("find-sorted: causes %q, count %d, checks %v; want both causes, 3 failures of 2 checks", g.Causes, g.Count, g.Checks)
	}
}
