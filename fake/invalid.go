package fake

import (
	"encoding/json"
	"sort"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// Variant is a body with exactly one defect and the finding it must cause.
// Its JSON form ({"name", "body", "want"}) suits JSON lines output.
type Variant struct {
	Name    string  `json:"name"` // "<rule> <pointer>[ <detail>]", unique within a call's side
	Payload Payload `json:"body"`
	Want    Expect  `json:"want"`
}

// Expect is the finding a validator must report for a variant. It may
// report others that follow from the same defect (a currency outside the
// enum also contradicts the country, for example), never one elsewhere.
type Expect struct {
	Pointer  string `json:"pointer"`       // RFC 6901 pointer: the bad member, or where a missing one belongs
	Rule     string `json:"rule"`          // "schema.<keyword>", "unknown-field" or a named rule id of the spec
	Env      string `json:"env,omitempty"` // "production" when the rule holds only there; "" for every environment
	Severity string `json:"severity"`      // "error" or "warning"
}

// Rules the validator reports besides the spec's named rules (see package
// validate).
const (
	ruleUnknownField = "unknown-field"
	ruleStates       = "account-state-invariants"
)

// cand is a defect before it is applied to a base body.
type cand struct {
	name  string
	want  Expect
	apply func(root any) any // changes a copy of the base and returns it
	inv   string             // for account-state-invariants: the invariant id broken
}

// base is one complete valid body variants start from.
type base struct {
	value any
}

// Invalid yields every single-defect variant of a call's side the contract
// implies, sorted by Name. It starts from valid bodies that include every
// optional member (one per oneOf branch, and for accounts one per state)
// and makes, for each field: a value of the wrong JSON type (schema.type),
// one character too long (schema.maxLength; not for enum fields, where the
// enum defect covers it, nor where no longer value can match the pattern),
// too short (schema.minLength), outside the enum (schema.enum), against the
// pattern (schema.pattern), not an absolute URI (schema.format), across a
// bound (schema.minimum, schema.maximum), one item too many
// (schema.maxItems); each required member removed (schema.required, at
// the member's pointer); both and neither oneOf branch (schema.oneOf; a
// branch's own required member removed is the "neither" case); an unknown
// member at the root, or in the first element of a root array
// (unknown-field). Then it breaks each named rule at its site:
// account-name-no-wepay, account-name-printable (a control character and
// an emoji), callback-uri-no-port-in-production (Env "production"),
// redirect-uri-no-underscore-subdomain, currency-matches-country,
// country-options-canada-only (Severity "warning"), settlement-check-not-daily,
// referrer-type-known (warning), each invariant of each state
// (account-state-invariants, at the member), country-options-us-null (at
// /country_options/debit_opt_in) and find-no-deleted (at the element's
// /state); currency-matches-country points at the currency (/currencies/0).
// Rules that compare a response with its request (response-echoes-request,
// delete-reports-deleted, settlement-method-matches, find-sorted,
// find-within-limit, find-matches-filter) cannot be broken in one body and
// are not produced.
//
// A defect to a country leaves out the optional members whose rules depend
// on it (a create request's currencies and country_options), so it does
// not also contradict them.
//
// A defect that would also break a state invariant is made on a body in
// another state; one that breaks an invariant in every state is left out.
func (g *Generator) Invalid(op string, side spec.Side) ([]Variant, error) {
	root, path, err := g.c.plan(op, side)
	if err != nil {
		return nil, err
	}
	seed := g.r.Int63()
	bases, err := g.bases(root, path, side, seed)
	if err != nil {
		return nil, err
	}
	chosen := map[string]Variant{}
	var order []string
	for bi, b := range bases {
		sub := g.c.Generator(mix(seed, uint64(1000+bi)))
		e := &enumerator{g: sub, c: g.c, base: b}
		e.walk(root, b.value, "", true)
		for _, cd := range e.out {
			if _, done := chosen[cd.name]; done {
				continue
			}
			v := cd.apply(jsonptr.Clone(b.value))
			if !g.statesClean(root, v, cd) {
				continue
			}
			js, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			chosen[cd.name] = Variant{Name: cd.name, Payload: Payload{JSON: js, Value: v}, Want: cd.want}
			order = append(order, cd.name)
		}
	}
	sort.Strings(order)
	out := make([]Variant, len(order))
	for i, n := range order {
		out[i] = chosen[n]
	}
	return out, nil
}

// bases makes the complete bodies variants start from: one per oneOf
// branch, and for bodies with accounts one per state (the first, disabled,
// has the most members set).
func (g *Generator) bases(root *node, op string, side spec.Side, seed int64) ([]base, error) {
	opts := []BodyOption{WithAllFields()}
	if hasRule(root, "country-options-canada-only") {
		opts = append(opts, WithCountry("CA")) // the only country that may send country_options
	} else if hasRule(root, ruleStates) {
		opts = append(opts, WithCountry("US")) // absent country and currency default to US and USD
	}
	states := []string{""}
	if hasRule(root, ruleStates) {
		states = g.c.allStates
		if op == spec.OpFind {
			states = g.c.liveStates
		}
		states = preferFirst(states, "disabled")
	}
	var out []base
	for _, st := range states {
		for br := 0; br < maxBranches(root, map[*node]bool{}); br++ {
			o := append([]BodyOption{withBranch(br)}, opts...)
			if st != "" {
				o = append(o, WithState(st))
			}
			sub := g.c.Generator(mix(seed, uint64(len(out))))
			p, err := sub.Body(op, side, o...)
			if err != nil {
				return nil, err
			}
			out = append(out, base{value: p.Value})
		}
	}
	return out, nil
}

func preferFirst(list []string, s string) []string {
	out := make([]string, 0, len(list))
	if contains(list, s) {
		out = append(out, s)
	}
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// maxBranches is the largest number of object oneOf branches in the plan.
func maxBranches(n *node, seen map[*node]bool) int {
	if n == nil || seen[n] {
		return 1
	}
	seen[n] = true
	k := 1
	if len(n.alts) > 1 && n.alts[0].types&tObject != 0 {
		k = len(n.alts)
	}
	for _, p := range n.props {
		k = max(k, maxBranches(p.n, seen))
	}
	for _, a := range n.alts {
		k = max(k, maxBranches(a, seen))
	}
	return max(k, maxBranches(n.items, seen))
}

// hasRule reports whether the plan names rule id at the root, at a member
// of the root, or at the root's items.
func hasRule(n *node, id string) bool {
	if n.items != nil && n.items.types&tObject != 0 && hasRule(n.items, id) {
		return true
	}
	if contains(n.rules, id) {
		return true
	}
	for _, p := range n.props {
		if contains(p.n.rules, id) {
			return true
		}
	}
	return false
}

// account is an account object of a body and the pointer to it.
type account struct {
	ptr   string
	value any
}

// accounts lists the account objects of a body: the root, or the elements
// of a root array, when their structure carries the state invariants.
func accounts(root *node, v any) []account {
	switch {
	case contains(root.rules, ruleStates):
		return []account{{"", v}}
	case root.items != nil && contains(root.items.rules, ruleStates):
		list, _ := v.([]any)
		out := make([]account, len(list))
		for i, a := range list {
			out[i] = account{"/" + itoa(i), a}
		}
		return out
	}
	return nil
}

// statesClean reports whether a variant breaks no state invariant, or, for
// an account-state-invariants variant, exactly the one it means to.
func (g *Generator) statesClean(root *node, v any, cd cand) bool {
	var broken []spec.Violation
	for _, a := range accounts(root, v) {
		for _, vi := range g.c.states.Violations(a.value) {
			vi.Pointer = a.ptr + vi.Pointer
			broken = append(broken, vi)
		}
	}
	if cd.want.Rule != ruleStates {
		return len(broken) == 0
	}
	return len(broken) == 1 && broken[0].Invariant.ID == cd.inv && broken[0].Pointer == cd.want.Pointer
}
