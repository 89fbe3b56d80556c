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
type Transition struct {
	From string `json:"from"`
	To   string `json:"to"`
	Why  string `json:"why"`
	Cite string `json:"cite"`
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

// Allowed reports whether an account may go from one state to another.
// Staying in the same state is always allowed.
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
	for _, inv := range st.Invariants {
		for _, hit := range resolve(account, strings.Split(inv.Pointer, "/")[1:], "") {
			if !inv.holds(hit.value, hit.found) {
				out = append(out, Violation{Invariant: inv, Pointer: hit.pointer})
			}
		}
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

type hit struct {
	pointer string
	value   any
	found   bool
}

// resolve follows tokens ("*" for every array element) from v.
func resolve(v any, tokens []string, at string) []hit {
	if len(tokens) == 0 {
		return []hit{{pointer: at, value: v, found: true}}
	}
	tok := jsonptr.Unescape(tokens[0])
	switch x := v.(type) {
	case map[string]any:
		child, ok := x[tok]
		if !ok {
			return []hit{{pointer: at + "/" + tokens[0], found: false}}
		}
		return resolve(child, tokens[1:], at+"/"+tokens[0])
	case []any:
		if tok == "*" {
			var out []hit
			for i, e := range x {
				out = append(out, resolve(e, tokens[1:], at+"/"+strconv.Itoa(i))...)
			}
			return out
		}
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(x) {
			return []hit{{pointer: at + "/" + tokens[0], found: false}}
		}
		return resolve(x[i], tokens[1:], at+"/"+tokens[0])
	}
	return []hit{{pointer: at + "/" + tokens[0], found: false}}
}

// Diagram renders the table as a Mermaid state diagram ("mermaid") or a
// Graphviz digraph ("dot"). Initial states get an edge from the start;
// terminal states an edge to the end.
func (t *StateTable) Diagram(format string) (string, error) {
	var b strings.Builder
	switch format {
	case "mermaid":
		b.WriteString("stateDiagram-v2\n")
		for _, st := range t.States {
			if st.Initial {
				fmt.Fprintf(&b, "    [*] --> %s\n", st.Name)
			}
		}
		for _, tr := range t.Transitions {
			fmt.Fprintf(&b, "    %s --> %s\n", tr.From, tr.To)
		}
		for _, st := range t.States {
			if st.Terminal {
				fmt.Fprintf(&b, "    %s --> [*]\n", st.Name)
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
			fmt.Fprintf(&b, "    %s -> %s [tooltip=%s];\n", tr.From, tr.To, strconv.Quote(tr.Why))
		}
		b.WriteString("}\n")
	default:
		return "", &NotFoundError{Kind: "diagram format", Name: format}
	}
	return b.String(), nil
}
