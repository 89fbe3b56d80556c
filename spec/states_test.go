package spec_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

// The reference's "State Definition" table: action required, pending,
// active, disabled, deleted.
var referenceStates = []string{"action_required", "pending", "active", "disabled", "deleted"}

func TestStateTable(t *testing.T) {
	st := load(t).States()
	if got := st.Names(); !slices.Equal(got, referenceStates) {
		t.Fatalf("states = %v, want %v", got, referenceStates)
	}
	for _, name := range referenceStates {
		s, ok := st.State(name)
		if !ok {
			t.Fatalf("State(%q) not found", name)
		}
		if s.Definition == "" {
			t.Errorf("%s has no definition", name)
		}
		if wantTerminal := name == "deleted"; s.Terminal != wantTerminal {
			t.Errorf("%s: terminal %v, want %v", name, s.Terminal, wantTerminal)
		}
		if s.Initial && s.WhyInitial == "" {
			t.Errorf("%s is initial without saying why", name)
		}
		for _, inv := range s.Invariants {
			if inv.Cite == "" {
				t.Errorf("%s: invariant %s cites nothing", name, inv.ID)
			}
		}
	}
	if _, ok := st.State("closed"); ok {
		t.Errorf("State(closed) found")
	}
	// "nor will you be able to un-delete the account"
	if next := st.Next("deleted"); len(next) != 0 {
		t.Errorf("deleted has outgoing edges %v", next)
	}
	for _, tr := range st.Transitions {
		if tr.From == "deleted" {
			t.Errorf("edge out of deleted: %+v", tr)
		}
		if tr.Why == "" || tr.Cite == "" {
			t.Errorf("edge %s -> %s lacks why or cite", tr.From, tr.To)
		}
	}
	// Every state but deleted can reach deleted via /account/delete.
	for _, name := range referenceStates[:4] {
		if !st.Allowed(name, "deleted") {
			t.Errorf("Allowed(%s, deleted) = false", name)
		}
	}
	cases := []struct {
		from, to string
		want     bool
	}{
		{"action_required", "active", true},
		{"deleted", "active", false},
		{"active", "pending", false},
		{"disabled", "pending", false},
		{"deleted", "deleted", true}, // staying is always allowed
		{"active", "active", true},
		{"nope", "nope", false},
		{"active", "nope", false},
	}
	for _, c := range cases {
		if got := st.Allowed(c.from, c.to); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
	// Nothing returns to pending (not_allowed documents it).
	for _, tr := range st.Transitions {
		if tr.To == "pending" {
			t.Errorf("edge into pending: %+v", tr)
		}
	}
}

func TestAccountStatesMatchesLoad(t *testing.T) {
	a, err := spec.AccountStates()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Names(), load(t).States().Names()) {
		t.Errorf("AccountStates() differs from Load().States()")
	}
}

// accountFixtures are the reference's account examples the brief names, by
// fixture name, decoded as encoding/json decodes into any.
func accountFixtures(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, name := range []string{"account.response.active", "account.response.disabled", "create.response"} {
		out[name] = readAccount(t, name)
	}
	return out
}

func readAccount(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := fixtures.Read(name)
	if err != nil {
		t.Fatalf("fixtures.Read(%s): %v", name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestViolationsAcceptReferenceExamples(t *testing.T) {
	st := load(t).States()
	for name, acct := range accountFixtures(t) {
		if v := st.Violations(acct); len(v) != 0 {
			t.Errorf("%s (state %v): violations %+v", name, acct["state"], v)
		}
	}
	// The other account-shaped examples too: modify's and find's elements.
	for _, name := range []string{"modify.response.active", "modify.response.disabled"} {
		if v := st.Violations(readAccount(t, name)); len(v) != 0 {
			t.Errorf("%s: violations %+v", name, v)
		}
	}
	b, err := fixtures.Read("find.response")
	if err != nil {
		t.Fatal(err)
	}
	var list []any
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	for i, acct := range list {
		if v := st.Violations(acct); len(v) != 0 {
			t.Errorf("find.response[%d]: violations %+v", i, v)
		}
	}
}

func TestViolationsFire(t *testing.T) {
	st := load(t).States()
	cases := []struct {
		name      string
		base      string // fixture to start from
		edit      func(m map[string]any)
		invariant string
		pointer   string
	}{
		{"active with action_reasons", "account.response.active",
			func(m map[string]any) { m["action_reasons"] = []any{"kyc"} },
			"no-action-reasons", "/action_reasons"},
		{"active with a disablement time", "account.response.active",
			func(m map[string]any) { m["disablement_time"] = 1466097386.0 },
			"no-disablement-scheduled", "/disablement_time"},
		{"active with disabled_reasons", "account.response.active",
			func(m map[string]any) { m["disabled_reasons"] = []any{"fraud"} },
			"not-disabled", "/disabled_reasons"},
		{"disabled with empty disabled_reasons", "account.response.disabled",
			func(m map[string]any) { m["disabled_reasons"] = []any{} },
			"disabled-reasons-present", "/disabled_reasons"},
		{"disabled without disabled_reasons", "account.response.disabled",
			func(m map[string]any) { delete(m, "disabled_reasons") },
			"disabled-reasons-present", "/disabled_reasons"},
		{"disabled with incoming payments ok", "account.response.disabled",
			func(m map[string]any) {
				m["statuses"].([]any)[0].(map[string]any)["incoming_payments_status"] = "ok"
			},
			"incoming-paused", "/statuses/0/incoming_payments_status"},
		{"action_required with empty action_reasons", "create.response",
			func(m map[string]any) { m["action_reasons"] = []any{} },
			"action-reasons-present", "/action_reasons"},
		{"action_required with null action_reasons", "create.response",
			func(m map[string]any) { m["action_reasons"] = nil },
			"action-reasons-present", "/action_reasons"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			acct := readAccount(t, c.base)
			c.edit(acct)
			vs := st.Violations(acct)
			if len(vs) != 1 {
				t.Fatalf("violations %+v, want exactly one (%s at %s)", vs, c.invariant, c.pointer)
			}
			if vs[0].Invariant.ID != c.invariant || vs[0].Pointer != c.pointer {
				t.Errorf("violation %s at %s, want %s at %s", vs[0].Invariant.ID, vs[0].Pointer, c.invariant, c.pointer)
			}
		})
	}
	// A second paused currency is checked element by element.
	acct := readAccount(t, "account.response.disabled")
	statuses := acct["statuses"].([]any)
	second := map[string]any{"currency": "CAD", "incoming_payments_status": "ok", "outgoing_payments_status": "paused"}
	acct["statuses"] = append(statuses, second)
	if vs := st.Violations(acct); len(vs) != 1 || vs[0].Pointer != "/statuses/1/incoming_payments_status" {
		t.Errorf("violations %+v, want one at /statuses/1/incoming_payments_status", vs)
	}
	// Not an account, or no known state: nothing to say (the schema reports it).
	for _, v := range []any{nil, "active", []any{}, map[string]any{}, map[string]any{"state": "closed"}} {
		if vs := st.Violations(v); len(vs) != 0 {
			t.Errorf("Violations(%v) = %+v, want none", v, vs)
		}
	}
}

func TestParseStates(t *testing.T) {
	good := `{"states": [
		{"name": "a", "initial": true, "invariants": [{"id": "x", "pointer": "/x", "check": "empty", "cite": "c"}]},
		{"name": "b", "terminal": true, "invariants": []}],
	  "transitions": [{"from": "a", "to": "b", "why": "w", "cite": "c"}]}`
	st, err := spec.ParseStates([]byte(good))
	if err != nil {
		t.Fatalf("ParseStates: %v", err)
	}
	if !st.Allowed("a", "b") || st.Allowed("b", "a") {
		t.Errorf("Allowed does not follow the parsed table")
	}
	bad := map[string]string{
		"edge out of a terminal state": `{"states": [{"name": "a", "initial": true}, {"name": "b", "terminal": true}],
			"transitions": [{"from": "b", "to": "a"}]}`,
		"edge to an unknown state": `{"states": [{"name": "a", "initial": true}],
			"transitions": [{"from": "a", "to": "zzz"}]}`,
		"edge from an unknown state": `{"states": [{"name": "a", "initial": true}],
			"transitions": [{"from": "zzz", "to": "a"}]}`,
		"duplicate state":    `{"states": [{"name": "a", "initial": true}, {"name": "a"}]}`,
		"no initial state":   `{"states": [{"name": "a"}]}`,
		"no states":          `{"states": []}`,
		"unnamed state":      `{"states": [{"name": "", "initial": true}]}`,
		"unknown check":      `{"states": [{"name": "a", "initial": true, "invariants": [{"id": "x", "pointer": "/x", "check": "odd"}]}]}`,
		"equals needs value": `{"states": [{"name": "a", "initial": true, "invariants": [{"id": "x", "pointer": "/x", "check": "equals"}]}]}`,
		"relative pointer":   `{"states": [{"name": "a", "initial": true, "invariants": [{"id": "x", "pointer": "x", "check": "empty"}]}]}`,
		"not JSON":           `{"states": [`,
		"wrong shape":        `{"states": {"a": 1}}`,
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := spec.ParseStates([]byte(in))
			var se *spec.StateTableError
			if !errors.As(err, &se) {
				t.Errorf("ParseStates: %v (%T), want *spec.StateTableError", err, err)
			}
		})
	}
}

func TestParseRejectsInconsistentEmbeddedStates(t *testing.T) {
	// An edge out of deleted in a copy of the spec is refused at Parse time.
	data := string(spec.Embedded())
	old := "    - {from: disabled, to: deleted,"
	edge := "    - {from: deleted, to: active, why: undelete, cite: none}\n"
	i := strings.Index(data, old)
	if i < 0 {
		t.Fatalf("the embedded spec no longer contains %q", old)
	}
	_, err := spec.Parse([]byte(data[:i]+edge+data[i:]), "undelete.yaml")
	var se *spec.SpecError
	if !errors.As(err, &se) || se.Where != spec.ExtStates {
		t.Fatalf("Parse with an edge out of deleted: %v, want *spec.SpecError at %s", err, spec.ExtStates)
	}
}

func TestWithStates(t *testing.T) {
	s := load(t)
	custom := s.States()
	custom.Transitions = append(custom.Transitions, spec.Transition{From: "active", To: "pending", Why: "partner extension", Cite: "test"})
	s2, err := s.WithStates(custom)
	if err != nil {
		t.Fatalf("WithStates: %v", err)
	}
	if !s2.States().Allowed("active", "pending") {
		t.Errorf("the override is not used")
	}
	if s.States().Allowed("active", "pending") {
		t.Errorf("WithStates changed the original spec")
	}
	// Changing the table afterwards changes neither spec.
	custom.Transitions = nil
	if !s2.States().Allowed("active", "pending") {
		t.Errorf("the override shares memory with the caller's table")
	}
	// A copy handed out by States cannot change the spec either.
	got := s.States()
	got.States[0].Name = "renamed"
	if s.States().States[0].Name != "action_required" {
		t.Errorf("States() shares memory with the spec")
	}
	// The rest of the spec is kept.
	if len(s2.Operations()) != len(s.Operations()) || len(s2.Rules()) != len(s.Rules()) {
		t.Errorf("WithStates lost operations or rules")
	}
	// An inconsistent override is refused.
	bad := s.States()
	bad.Transitions = append(bad.Transitions, spec.Transition{From: "deleted", To: "active"})
	var se *spec.StateTableError
	if _, err := s.WithStates(bad); !errors.As(err, &se) {
		t.Errorf("WithStates with an edge out of deleted: %v, want *spec.StateTableError", err)
	}
}
