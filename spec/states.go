package spec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// StateTable is the account state machine: the states, their invariants and
// the legal transitions. The reference shows the transitions only as a
// picture, so the table is derived from cited sentences; see
// x-wepaykit-account-states in the spec.
type StateTable struct {
	States      []State       `json:"states"`
	Transitions []Transition  `json:"transitions"`
	NotAllowed  []Prohibition `json:"not_allowed,omitempty"`
}

// State is one account state.
type State struct {
	Name       string      `json:"name"`
	Initial    bool        `json:"initial"`  // an account may be first seen in it
	Terminal   bool        `json:"terminal"` // nothing leaves it
	Definition string      `json:"definition"`
	WhyInitial string      `json:"why_initial,omitempty"`
	Invariants []Invariant `json:"invariants"`
}

// Invariant is a condition every account in a state satisfies.
type Invariant struct {
	ID      string `json:"id"`
	Pointer string `json:"pointer"` // into the account; "*" stands for any array index
	Check   string `json:"check"`   // "empty", "nonempty", "null" or "equals"
	Value   any    `json:"value,omitempty"`
	Cite    string `json:"cite"`
}

// Transition is a legal change of state, with the reasoning behind it.
// Inferred marks an edge no sentence states, reasoned from the states'
// definitions; diagrams draw it dashed. When, if set, restricts the edge to
// accounts whose reasons (as they stand before the move) satisfy it.
type Transition struct {
	From     string     `json:"from"`
	To       string     `json:"to"`
	Why      string     `json:"why"`
	Cite     string     `json:"cite"`
	Inferred bool       `json:"inferred,omitempty"`
	When     *Condition `json:"when,omitempty"`
}

// Condition restricts a transition by the reason lists of the account in
// the state it leaves. Every list given must hold: none of the NoneOf
// values may be listed, at least one of the AnyOf values must be. Why and
// Cite explain a refusal.
type Condition struct {
	DisabledReasonsNoneOf []string `json:"disabled_reasons_none_of,omitempty"`
	DisabledReasonsAnyOf  []string `json:"disabled_reasons_any_of,omitempty"`
	ActionReasonsNoneOf   []string `json:"action_reasons_none_of,omitempty"`
	ActionReasonsAnyOf    []string `json:"action_reasons_any_of,omitempty"`
	Why                   string   `json:"why"`
	Cite                  string   `json:"cite"`
}

// Reasons are an account's action_reasons and disabled_reasons, which
// transition conditions read.
type Reasons struct {
	Action   []string
	Disabled []string
}

// Holds reports whether an account with reasons r satisfies c. A nil
// condition always holds.
func (c *Condition) Holds(r Reasons) bool {
	if c == nil {
		return true
	}
	return noneOf(r.Disabled, c.DisabledReasonsNoneOf) && anyOf(r.Disabled, c.DisabledReasonsAnyOf) &&
		noneOf(r.Action, c.ActionReasonsNoneOf) && anyOf(r.Action, c.ActionReasonsAnyOf)
}

func noneOf(have, banned []string) bool {
	for _, b := range banned {
		for _, h := range have {
			if h == b {
				return false
			}
		}
	}
	return true
}

func anyOf(have, wanted []string) bool {
	if len(wanted) == 0 {
		return true
	}
	return !noneOf(have, wanted)
}

// Refusal is the table's reason for refusing a change of state.
type Refusal struct {
	From, To string
	Why      string // the condition's, the prohibition's, or "no such transition"
	Cite     string
	// Conditional is true when an edge joins the states but the account's
	// reasons fail its condition.
	Conditional bool
}

// Error implements error.
func (r *Refusal) Error() string {
	msg := fmt.Sprintf("spec: the state table allows no transition from %s to %s", r.From, r.To)
	if r.Why != "" {
		msg += ": " + r.Why
	}
	if r.Cite != "" {
		msg += " (" + strconv.Quote(r.Cite) + ")"
	}
	return msg
}

// Permit reports whether an account in state from, listing reasons r, may
// move to state to: nil when it may, otherwise the table's reason. Staying
// in a known state is always permitted.
func (t *StateTable) Permit(from, to string, r Reasons) *Refusal {
	if from == to {
		if _, ok := t.State(from); ok {
			return nil
		}
	}
	var failed *Condition
	for _, tr := range t.Transitions {
		if tr.From != from || tr.To != to {
			continue
		}
		if tr.When.Holds(r) {
			return nil
		}
		failed = tr.When
	}
	if failed != nil {
		return &Refusal{From: from, To: to, Why: failed.Why, Cite: failed.Cite, Conditional: true}
	}
	for _, p := range t.NotAllowed {
		if (p.From == "" || p.From == from) && (p.To == "" || p.To == to) {
			return &Refusal{From: from, To: to, Why: p.Why, Cite: p.Cite}
		}
	}
	return &Refusal{From: from, To: to, Why: "no such transition"}
}

// Initials lists the states an account may be created in.
func (t *StateTable) Initials() []string {
	var out []string
	for _, st := range t.States {
		if st.Initial {
			out = append(out, st.Name)
		}
	}
	return out
}

// Prohibition documents a family of transitions that are not allowed.
type Prohibition struct {
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	Why  string `json:"why"`
	Cite string `json:"cite"`
}

// AccountStates returns the state table of the embedded spec.
func AccountStates() (*StateTable, error) {
	s, err := Load()
	if err != nil {
		return nil, err
	}
	return s.States(), nil
}

// ParseStates reads a state table from JSON, for users who override the
// embedded one. The table is checked.
func ParseStates(data []byte) (*StateTable, error) {
	t := new(StateTable)
	if err := json.Unmarshal(data, t); err != nil {
		return nil, &StateTableError{Msg: err.Error()}
	}
	if err := t.Check(); err != nil {
		return nil, err
	}
	return t, nil
}

// States returns a copy of the spec's account state table.
func (s *Spec) States() *StateTable { return s.states.clone() }

// WithStates returns a copy of the spec that uses t as its state table.
func (s *Spec) WithStates(t *StateTable) (*Spec, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	c := *s
	c.states = t.clone()
	return &c, nil
}

func (t *StateTable) clone() *StateTable {
	b, _ := json.Marshal(t)
	c := new(StateTable)
	_ = json.Unmarshal(b, c)
	return c
}

// StateTableError reports an inconsistent state table.
type StateTableError struct{ Msg string }

// Error implements error.
func (e *StateTableError) Error() string { return "spec: state table: " + e.Msg }

// Check reports an inconsistent table: duplicate or unknown states, edges
// out of a terminal state, unknown invariant checks.
func (t *StateTable) Check() error {
	known := map[string]State{}
	initial := false
	for _, st := range t.States {
		if st.Name == "" {
			return &StateTableError{Msg: "a state has no name"}
		}
		if _, dup := known[st.Name]; dup {
			return &StateTableError{Msg: "state " + st.Name + " defined twice"}
		}
		known[st.Name] = st
		initial = initial || st.Initial
		for _, inv := range st.Invariants {
			switch inv.Check {
			case "empty", "nonempty", "null":
			case "equals":
				if inv.Value == nil {
					return &StateTableError{Msg: "invariant " + inv.ID + " of " + st.Name + ": equals needs a value"}
				}
			default:
				return &StateTableError{Msg: "invariant " + inv.ID + " of " + st.Name + ": unknown check " + strconv.Quote(inv.Check)}
			}
			if inv.Pointer == "" || inv.Pointer[0] != '/' {
				return &StateTableError{Msg: "invariant " + inv.ID + " of " + st.Name + ": pointer must start with /"}
			}
		}
	}
	if len(known) == 0 || !initial {
		return &StateTableError{Msg: "needs at least one state and one initial state"}
	}
	for _, tr := range t.Transitions {
		from, ok1 := known[tr.From]
		_, ok2 := known[tr.To]
		if !ok1 || !ok2 {
			return &StateTableError{Msg: fmt.Sprintf("transition %s -> %s names an unknown state", tr.From, tr.To)}
		}
		if from.Terminal {
			return &StateTableError{Msg: fmt.Sprintf("transition %s -> %s leaves a terminal state", tr.From, tr.To)}
		}
		if tr.When != nil && tr.When.Why == "" {
			return &StateTableError{Msg: fmt.Sprintf("transition %s -> %s: a condition must say why (when.why)", tr.From, tr.To)}
		}
	}
	return nil
}

// State finds a state by name.
func (t *StateTable) State(name string) (State, bool) {
	for _, st := range t.States {
		if st.Name == name {
			return st, true
		}
	}
	return State{}, false
}

// Names lists the states in table order.
func (t *StateTable) Names() []string {
	out := make([]string, len(t.States))
	for i, st := range t.States {
		out[i] = st.Name
	}
	return out
}

// Allowed reports whether an account may go from one state to another by
// some edge of the table, whatever the edge's condition ([StateTable.Permit]
// checks conditions). Staying in the same state is always allowed.
func (t *StateTable) Allowed(from, to string) bool {
	if from == to {
		_, ok := t.State(from)
		return ok
	}
	for _, tr := range t.Transitions {
		if tr.From == from && tr.To == to {
			return true
		}
	}
	return false
}

// Next lists the states reachable from a state in one transition.
func (t *StateTable) Next(from string) []string {
	var out []string
	for _, tr := range t.Transitions {
		if tr.From == from {
			out = append(out, tr.To)
		}
	}
	return out
}

// Violation is an invariant an account breaks, at a concrete pointer.
type Violation struct {
	Invariant Invariant
	Pointer   string // concrete RFC 6901 pointer into the account
}

// Violations checks a decoded account (as encoding/json decodes into any)
// against the invariants of its state. An account whose state is unknown or
// missing yields none: the schema reports that.
func (t *StateTable) Violations(account any) []Violation {
	obj, ok := account.(map[string]any)
	if !ok {
		return nil
	}
	name, _ := obj["state"].(string)
	st, ok := t.State(name)
	if !ok {
		return nil
	}
	var out []Violation
	var buf [8]string
	for _, inv := range st.Invariants {
		visit(account, rooted(inv.Pointer), buf[:0], func(path []string, value any, found bool) {
			if !inv.holds(value, found) {
				out = append(out, Violation{Invariant: inv, Pointer: pointerOf(path)})
			}
		})
	}
	return out
}

func (inv Invariant) holds(v any, found bool) bool {
	switch inv.Check {
	case "empty":
		return !found || isEmpty(v)
	case "nonempty":
		return found && !isEmpty(v)
	case "null":
		return !found || v == nil
	case "equals":
		return found && reflect.DeepEqual(v, inv.Value)
	}
	return false
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// visit follows the JSON pointer ptr ("*" for every array element) from v
// and calls fn with each place reached: the tokens taken (a "*" replaced by
// the index), the value there and whether it exists. path is only valid
// during the call; it becomes a pointer (see pointerOf) only when one is
// reported, so an account that keeps its invariants costs no strings.
func visit(v any, ptr string, path []string, fn func(path []string, value any, found bool)) {
	if ptr == "" {
		fn(path, v, true)
		return
	}
	raw, rest := ptr[1:], ""
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		raw, rest = raw[:i], raw[i:]
	}
	tok := jsonptr.Unescape(raw)
	switch x := v.(type) {
	case map[string]any:
		if child, ok := x[tok]; ok {
			visit(child, rest, append(path, raw), fn)
			return
		}
	case []any:
		if tok == "*" {
			for i, e := range x {
				visit(e, rest, append(path, strconv.Itoa(i)), fn)
			}
			return
		}
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(x) {
			visit(x[i], rest, append(path, raw), fn)
			return
		}
	}
	fn(append(path, raw), nil, false)
}

// rooted returns ptr from its first "/" ("" when it has none), as a JSON
// pointer is read.
func rooted(ptr string) string {
	if i := strings.IndexByte(ptr, '/'); i >= 0 {
		return ptr[i:]
	}
	return ""
}

// pointerOf returns the JSON pointer of a path of (escaped) tokens.
func pointerOf(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return "/" + strings.Join(path, "/")
}

// Diagram renders the table as a Mermaid flowchart ("mermaid") or a
// Graphviz digraph ("dot"). Initial states get an edge from the start;
// terminal states an edge to the end. Inferred transitions are dashed, and
// a transition with a condition is labelled with it.
func (t *StateTable) Diagram(format string) (string, error) {
	var b strings.Builder
	switch format {
	case "mermaid":
		// A flowchart rather than a stateDiagram: only flowcharts draw an
		// edge dashed, which marks the inferred ones.
		b.WriteString("flowchart LR\n    start((\" \"))\n    stop(((\" \")))\n")
		for _, st := range t.States {
			if st.Initial {
				fmt.Fprintf(&b, "    start --> %s\n", st.Name)
			}
		}
		for _, tr := range t.Transitions {
			arrow := "-->"
			if tr.Inferred {
				arrow = "-.->"
			}
			label := ""
			if tr.When != nil {
				label = "|" + strconv.Quote(conditionLabel(tr.When)) + "|"
			}
			fmt.Fprintf(&b, "    %s %s%s %s\n", tr.From, arrow, label, tr.To)
		}
		for _, st := range t.States {
			if st.Terminal {
				fmt.Fprintf(&b, "    %s --> stop\n", st.Name)
			}
		}
	case "dot":
		b.WriteString("digraph account_states {\n    rankdir=LR;\n    start [shape=point];\n")
		for _, st := range t.States {
			shape := "ellipse"
			if st.Terminal {
				shape = "doublecircle"
			}
			fmt.Fprintf(&b, "    %s [shape=%s];\n", st.Name, shape)
		}
		for _, st := range t.States {
			if st.Initial {
				fmt.Fprintf(&b, "    start -> %s;\n", st.Name)
			}
		}
		for _, tr := range t.Transitions {
			attrs := "tooltip=" + strconv.Quote(tr.Why)
			if tr.Inferred {
				attrs += ", style=dashed"
			}
			if tr.When != nil {
				attrs += ", label=" + strconv.Quote(conditionLabel(tr.When))
			}
			fmt.Fprintf(&b, "    %s -> %s [%s];\n", tr.From, tr.To, attrs)
		}
		b.WriteString("}\n")
	default:
		return "", &NotFoundError{Kind: "diagram format", Name: format}
	}
	return b.String(), nil
}

// conditionLabel is a condition in a diagram's words.
func conditionLabel(c *Condition) string {
	var parts []string
	add := func(what string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, what+" "+strings.Join(vs, ", "))
		}
	}
	add("unless disabled for", c.DisabledReasonsNoneOf)
	add("if disabled for", c.DisabledReasonsAnyOf)
	add("unless action", c.ActionReasonsNoneOf)
	add("if action", c.ActionReasonsAnyOf)
	return strings.Join(parts, "; ")
}
