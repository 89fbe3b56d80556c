package coverage

import (
	"encoding/json"
	"strconv"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// sides are the bodies a call has, in the order plans keep them.
var sides = [3]spec.Side{spec.Request, spec.Response, spec.ErrorBody}

const (
	sideReq = iota
	sideResp
	sideErr
)

// plan is everything read from the spec once: the field trees each
// exchange is walked against, and the totals. It is immutable.
type plan struct {
	spec      *spec.Spec
	table     *spec.StateTable
	ops       []*opPlan // sorted by path
	byPath    map[string]*opPlan
	rules     []spec.Rule
	ruleIdx   map[string]int
	transport []int // the rules that read transport (headers, route, status)
	states    []string
	stateIdx  map[string]int
}

type opPlan struct {
	path    string
	sides   [3]*sidePlan
	codes   []int64 // the error codes the call can return
	codeIdx map[int64]int
	words   int // uint64 words of one exchange's marks (fields and enum values of every side)
}

// sidePlan is one body of a call: its fields, their enum values and the
// rule sites in it.
type sidePlan struct {
	fields    []spec.Field
	byPtr     map[string]int
	root      *node
	enumField []int // per enum slot: its field
	enumValue []any // per enum slot: the value
	enumBase  []int // per field: its first enum slot (-1 when it has no enum)
	rootRules []int // rules whose site is the body itself
	fieldOff  int   // bit offset of the first field in the exchange's marks
	enumOff   int   // bit offset of the first enum slot
}

// node is a place in a body: a property or the items of an array.
type node struct {
	field    int // index in sidePlan.fields; -1 when the place is not a listed field
	children map[string]*node
	items    *node
	enum     map[string]int // enum key -> slot
	enumStr  map[string]int // string enum value -> slot (the same slots, looked up without building a key)
	rules    []int          // rules whose site is this place
}

func newNode() *node { return &node{field: -1} }

func (n *node) child(tok string) *node {
	if tok == "*" {
		if n.items == nil {
			n.items = newNode()
		}
		return n.items
	}
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c := n.children[tok]
	if c == nil {
		c = newNode()
		n.children[tok] = c
	}
	return c
}

func (n *node) at(ptr string) *node {
	cur := n
	for _, tok := range jsonptr.Split(ptr) {
		cur = cur.child(tok)
	}
	return cur
}

func newPlan(s *spec.Spec) (*plan, error) {
	p := &plan{spec: s, table: s.States(), byPath: map[string]*opPlan{}, ruleIdx: map[string]int{}, stateIdx: map[string]int{}}
	p.rules = s.Rules()
	for i, r := range p.rules {
		p.ruleIdx[r.ID] = i
		if r.Where == "transport" {
			p.transport = append(p.transport, i)
		}
	}
	p.states = p.table.Names()
	for i, st := range p.states {
		p.stateIdx[st] = i
	}
	for _, op := range s.Operations() {
		o := &opPlan{path: op.Path, codeIdx: map[int64]int{}}
		bit := 0
		for i, side := range sides {
			sp, err := p.side(op.Path, side, &bit)
			if err != nil {
				return nil, err
			}
			o.sides[i] = sp
		}
		o.words = (bit + 63) / 64
		if i, ok := o.sides[sideErr].byPtr["/error_code"]; ok {
			for _, ex := range o.sides[sideErr].fields[i].Examples {
				if c, ok := asInt(ex); ok {
					if _, dup := o.codeIdx[c]; !dup {
						o.codeIdx[c] = len(o.codes)
						o.codes = append(o.codes, c)
					}
				}
			}
		}
		p.ops = append(p.ops, o)
		p.byPath[o.path] = o
	}
	return p, nil
}

// side builds the plan of one body. The error body's fields are walked
// only for the rule sites in it; they are not counted as fields.
func (p *plan) side(op string, side spec.Side, bit *int) (*sidePlan, error) {
	fields, err := p.spec.Fields(op, side)
	if err != nil {
		return nil, err
	}
	sites, err := p.spec.RuleSites(op, side)
	if err != nil {
		return nil, err
	}
	sp := &sidePlan{fields: fields, byPtr: map[string]int{}, root: newNode(), fieldOff: *bit}
	*bit += len(fields)
	sp.enumOff = *bit
	sp.enumBase = make([]int, len(fields))
	for i, f := range fields {
		sp.byPtr[f.Pointer] = i
		n := sp.root.at(f.Pointer)
		n.field = i
		sp.enumBase[i] = -1
		if len(f.Enum) == 0 {
			continue
		}
		n.enum, n.enumStr = map[string]int{}, map[string]int{}
		sp.enumBase[i] = len(sp.enumValue)
		for _, v := range f.Enum {
			k, ok := enumKey(v)
			if !ok {
				continue
			}
			if _, dup := n.enum[k]; dup {
				continue
			}
			n.enum[k] = len(sp.enumValue)
			if str, ok := v.(string); ok {
				n.enumStr[str] = len(sp.enumValue)
			}
			sp.enumField = append(sp.enumField, i)
			sp.enumValue = append(sp.enumValue, v)
		}
	}
	*bit += len(sp.enumValue)
	for _, s := range sites {
		ri, ok := p.ruleIdx[s.Rule]
		if !ok {
			continue // spec.Parse refuses undefined rules; a partner's copy is no different
		}
		if s.Pointer == "" {
			sp.rootRules = append(sp.rootRules, ri)
			continue
		}
		n := sp.root.at(s.Pointer)
		n.rules = append(n.rules, ri)
	}
	return sp, nil
}

// enumKey is the identity of a JSON scalar across decoders: a number is
// the same value whether it came as float64 or json.Number.
func enumKey(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return "s" + x, true
	case bool:
		return "b" + strconv.FormatBool(x), true
	case float64:
		return "n" + strconv.FormatFloat(x, 'g', -1, 64), true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return "", false
		}
		return "n" + strconv.FormatFloat(f, 'g', -1, 64), true
	case int:
		return "n" + strconv.Itoa(x), true
	case int64:
		return "n" + strconv.FormatInt(x, 10), true
	}
	return "", false
}

// asInt reads an integer from a decoded JSON number.
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, true
		}
		f, err := x.Float64()
		if err == nil && f == float64(int64(f)) {
			return int64(f), true
		}
	case float64:
		if x == float64(int64(x)) {
			return int64(x), true
		}
	case int:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

// valueText shows an enum value as JSON ("US", 3).
func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
