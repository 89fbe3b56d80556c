package fake

import (
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// Contract is what a [Generator] needs from the spec, planned once: for
// every call and side a tree of the body's schema with the value kind of
// each field and the semantic hooks of each structure. A Contract is
// immutable and safe for concurrent use; build it once and make a cheap
// Generator per goroutine with [Contract.Generator].
type Contract struct {
	sp     *spec.Spec
	states *spec.StateTable
	plans  map[planKey]*node
	ops    []spec.Operation

	// Account states a body may be in when no WithState option is given:
	// initial states for a new account, non-terminal ones otherwise.
	initialStates []string
	liveStates    []string
	allStates     []string
}

type planKey struct {
	op   string
	side spec.Side
}

// typeMask is a set of JSON types (null is node.nullable).
type typeMask uint8

const (
	tObject typeMask = 1 << iota
	tArray
	tString
	tInteger
	tNumber
	tBoolean
)

func typeOf(name string) typeMask {
	switch name {
	case "object":
		return tObject
	case "array":
		return tArray
	case "string":
		return tString
	case "integer":
		return tInteger
	case "number":
		return tNumber
	case "boolean":
		return tBoolean
	}
	return 0
}

// node is the plan of one schema: its constraints, how to make a value for
// it and which hooks keep its structure consistent.
type node struct {
	ref      string // component name, "" for an inline schema
	types    typeMask
	nullable bool
	closed   bool // additionalProperties: false
	props    []*prop
	items    *node
	alts     []*node // oneOf branches besides null; exactly one is generated
	enum     []any
	examples []any
	minLen   int
	maxLen   int // -1 when unbounded
	maxItems int // -1 when unbounded
	pattern  *regexp.Regexp
	min, max *float64
	format   string
	kind     kind
	rules    []string
	pre      func(g *Generator, c *genCtx)
	post     func(g *Generator, c *genCtx, m map[string]any)
	list     func(g *Generator, c *genCtx, n *node) []any // makes a whole array
}

// prop is one member of an object node.
type prop struct {
	name     string
	token    string // the name as an RFC 6901 reference token
	required bool
	hooked   bool // made by the object's post hook, not by the walker
	n        *node
}

func (n *node) prop(name string) *prop {
	for _, p := range n.props {
		if p.name == name {
			return p
		}
	}
	return nil
}

// NewContract plans every call of sp. It fails with a *BuildError when a
// schema uses a construct the generator does not support.
func NewContract(sp *spec.Spec) (*Contract, error) {
	c := &Contract{sp: sp, states: sp.States(), plans: map[planKey]*node{}, ops: sp.Operations()}
	b := &builder{sp: sp, byRef: map[string]*node{}}
	for _, op := range c.ops {
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			name, err := sp.BodySchema(op.Path, side)
			if err != nil {
				return nil, err
			}
			n, err := b.ref(name)
			if err != nil {
				return nil, err
			}
			c.plans[planKey{op.Path, side}] = n
		}
	}
	for _, st := range c.states.States {
		c.allStates = append(c.allStates, st.Name)
		if st.Initial {
			c.initialStates = append(c.initialStates, st.Name)
		}
		if !st.Terminal {
			c.liveStates = append(c.liveStates, st.Name)
		}
	}
	return c, nil
}

// Spec returns the spec the contract was planned from.
func (c *Contract) Spec() *spec.Spec { return c.sp }

// Operations lists the calls of the contract, sorted by path.
func (c *Contract) Operations() []spec.Operation { return append([]spec.Operation(nil), c.ops...) }

func (c *Contract) plan(op string, side spec.Side) (*node, string, error) {
	o, ok := c.sp.Operation(op)
	if !ok {
		return nil, "", &UnknownOperationError{Operation: op}
	}
	n, ok := c.plans[planKey{o.Path, side}]
	if !ok {
		return nil, "", &UnknownOperationError{Operation: op, Side: string(side)}
	}
	return n, o.Path, nil
}

type builder struct {
	sp    *spec.Spec
	byRef map[string]*node
}

// ref plans a component schema; a component is planned once, so recursive
// structures become cyclic plans.
func (b *builder) ref(name string) (*node, error) {
	if n, ok := b.byRef[name]; ok {
		return n, nil
	}
	sc, ok := b.sp.Schema(name)
	if !ok {
		return nil, &BuildError{Schema: name, Msg: "no such component"}
	}
	n := &node{ref: name}
	b.byRef[name] = n
	if err := b.fill(n, sc, name, "", ""); err != nil {
		return nil, err
	}
	return n, nil
}

// schemaRef plans a property, item or branch schema.
func (b *builder) schemaRef(r *openapi3.SchemaRef, comp, where, name string) (*node, error) {
	if r == nil || r.Value == nil {
		return nil, &BuildError{Schema: comp, Where: where, Msg: "unresolved schema"}
	}
	if r.Ref != "" {
		const p = "#/components/schemas/"
		if !strings.HasPrefix(r.Ref, p) {
			return nil, &BuildError{Schema: comp, Where: where, Msg: "reference outside components.schemas: " + r.Ref}
		}
		return b.ref(strings.TrimPrefix(r.Ref, p))
	}
	n := &node{}
	if err := b.fill(n, r.Value, comp, where, name); err != nil {
		return nil, err
	}
	return n, nil
}

func (b *builder) fill(n *node, sc *openapi3.Schema, comp, where, name string) error {
	n.maxLen, n.maxItems = -1, -1
	if sc.Type != nil {
		for _, t := range *sc.Type {
			if t == "null" {
				n.nullable = true
			} else {
				n.types |= typeOf(t)
			}
		}
	}
	for _, e := range sc.Enum {
		if e == nil {
			n.nullable = true
		} else {
			n.enum = append(n.enum, e)
		}
	}
	n.examples = sc.Examples
	n.format = sc.Format
	if sc.MaxLength != nil {
		n.maxLen = int(*sc.MaxLength)
	}
	n.minLen = int(sc.MinLength)
	if sc.MaxItems != nil {
		n.maxItems = int(*sc.MaxItems)
	}
	n.min, n.max = sc.Min, sc.Max
	if sc.Pattern != "" {
		re, err := regexp.Compile(sc.Pattern)
		if err != nil {
			return &BuildError{Schema: comp, Where: where, Msg: "pattern: " + err.Error()}
		}
		n.pattern = re
	}
	if raw, ok := sc.Extensions[spec.ExtRules].([]any); ok {
		for _, r := range raw {
			if id, ok := r.(string); ok {
				n.rules = append(n.rules, id)
			}
		}
	}
	if len(sc.AnyOf) > 0 || len(sc.AllOf) > 0 || sc.Not != nil {
		return &BuildError{Schema: comp, Where: where, Msg: "anyOf, allOf and not are not supported"}
	}
	for i, m := range sc.OneOf {
		if m.Value != nil && m.Ref == "" && m.Value.Type != nil && m.Value.Type.Is("null") {
			n.nullable = true
			continue
		}
		alt, err := b.schemaRef(m, comp, where+"/oneOf/"+itoa(i), name)
		if err != nil {
			return err
		}
		n.alts = append(n.alts, alt)
		n.types |= alt.types
	}
	if len(sc.Properties) > 0 || n.types&tObject != 0 {
		n.types |= tObject
		n.closed = sc.AdditionalProperties.Has != nil && !*sc.AdditionalProperties.Has
		req := map[string]bool{}
		for _, r := range sc.Required {
			req[r] = true
		}
		names := make([]string, 0, len(sc.Properties))
		for k := range sc.Properties {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			tok := jsonptr.Escape(k)
			pn, err := b.schemaRef(sc.Properties[k], comp, where+"/"+tok, k)
			if err != nil {
				return err
			}
			n.props = append(n.props, &prop{name: k, token: tok, required: req[k], n: pn})
		}
	}
	if sc.Items != nil {
		in, err := b.schemaRef(sc.Items, comp, where+"/*", name)
		if err != nil {
			return err
		}
		n.items = in
		n.types |= tArray
	}
	if n.types == 0 && len(n.alts) == 0 && len(n.enum) == 0 {
		return &BuildError{Schema: comp, Where: where, Msg: "no type"}
	}
	n.kind = kindFor(comp, name, n)
	attachHooks(n)
	return nil
}
