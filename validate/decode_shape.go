package validate

import "github.com/santhosh-tekuri/jsonschema/v5"

// A shape is what the decoder knows in advance about the value at one place
// of a body, taken from the contract's schema for that place: the members
// its object declares, so that the map is made at its size once instead of
// grown (and rehashed) twice for an answer of twenty-odd members, and the
// member names are shared rather than allocated; and the strings its enum
// allows, handed out already boxed in an interface, so an enum value costs
// no allocation at all. A shape only decides where a value's memory comes
// from, never the value: a body that does not fit its shape decodes to the
// same values, with the allocations the decoder makes without one.
//
// A shape also lets the decoder give the schema's verdict on the value it
// read (see fastNode.local): node is the place's schema, and simple the
// node whose verdict is its own keywords' and its members' and items'
// together (node itself, or what node only refers to), when there is one.
type shape struct {
	members map[string]member // nil when the place is not an object of known members
	items   *shape            // the shape of an array's items
	consts  []any             // the enum's (or const's) values, boxed once
	size    int               // the map size to make an object with
	node    *fastNode         // the place's schema
	simple  *fastNode         // node, or the node it only refers to, when it applies no schema in place
}

// member is one declared member of an object: its name, to share, and the
// shape of its value.
type member struct {
	name  string
	shape *shape
}

// buildShapes gives every node of the fast path its shape. A node that
// refers to another ($ref) takes the other's members, items and enum
// values when it has none of its own; so does a node with alternatives
// (allOf, oneOf, anyOf), from the first alternative that has members or
// items, and from all of them for enum values.
func buildShapes(nodes map[*jsonschema.Schema]*fastNode) {
	memo := map[*fastNode]*shape{}
	for _, n := range nodes {
		n.shape = shapeOf(n, memo)
	}
}

func shapeOf(n *fastNode, memo map[*fastNode]*shape) *shape {
	if n == nil {
		return nil
	}
	if sh, ok := memo[n]; ok {
		return sh
	}
	sh := &shape{node: n, simple: simpleNode(n)}
	memo[n] = sh // before the members: schemas may nest themselves
	alts := append([]*fastNode{n, n.ref}, n.allOf...)
	alts = append(append(alts, n.oneOf...), n.anyOf...)
	for _, a := range alts {
		if a == nil {
			continue
		}
		if a != n {
			alt := shapeOf(a, memo)
			if sh.members == nil && alt.members != nil {
				sh.members, sh.size = alt.members, alt.size
			}
			if sh.items == nil {
				sh.items = alt.items
			}
			sh.consts = append(sh.consts, alt.consts...)
			continue
		}
		if len(n.props) > 0 {
			sh.members = make(map[string]member, len(n.props))
			for name, p := range n.props {
				sh.members[name] = member{name: name, shape: shapeOf(p, memo)}
			}
			// An object that requires at least half of its members, or
			// declares no more than eight (a map of up to eight costs the
			// same at any size), is made at its full size; one that
			// requires few of many (a request of optional parameters) at
			// the size of those. (sizeAnswers then sizes in full every object an
			// answer holds, one a request shares with an answer too.)
			sh.size = len(n.required)
			if 2*len(n.required) >= len(n.props) || len(n.props) <= 8 {
				sh.size = len(n.props)
			}
		}
		sh.items = shapeOf(n.items, memo)
		for _, c := range n.consts {
			if _, ok := c.(string); ok {
				sh.consts = append(sh.consts, c)
			}
		}
	}
	return sh
}

// sizeAnswers makes every object of the shapes of answers, roots, at its
// full size, whatever it requires: the answers of the reference list
// every member, null or not (a balance of an account answers nine of its ten
// members and requires one), so a map sized by what is required would
// grow once or twice in every answer.
func sizeAnswers(roots []*shape) {
	seen := map[*shape]bool{}
	var mark func(sh *shape)
	mark = func(sh *shape) {
		if sh == nil || seen[sh] {
			return
		}
		seen[sh] = true
		if sh.members != nil {
			sh.size = len(sh.members)
			for _, m := range sh.members {
				mark(m.shape)
			}
		}
		mark(sh.items)
	}
	for _, sh := range roots {
		mark(sh)
	}
}

// answerShapes returns the shapes of the answers of every operation:
// success and error bodies.
func (v *Validator) answerShapes() []*shape {
	var roots []*shape
	for _, p := range v.ops {
		for _, sc := range []*jsonschema.Schema{p.resp, p.errBody} {
			if n := v.fast[sc]; n != nil {
				roots = append(roots, n.shape)
			}
		}
	}
	return roots
}

// maxRefHops bounds the chain of references simpleNode follows, well
// below fastMaxNesting.
const maxRefHops = 8

// simpleNode returns n, or the node a chain of nodes that only refer to
// another leads to, when that node applies no schema in place (ref, not,
// allOf, anyOf, oneOf, prefixItems) and the fast path supports it: its
// verdict on a value is then its own keywords' (local) and its members'
// and items' together. Otherwise nil.
func simpleNode(n *fastNode) *fastNode {
	for hops := 0; n != nil && onlyRefers(n); hops++ {
		if hops == maxRefHops {
			return nil
		}
		n = n.ref
	}
	if n == nil || n.unsupported || n.always != 0 || n.ref != nil || n.not != nil ||
		len(n.allOf) > 0 || len(n.anyOf) > 0 || len(n.oneOf) > 0 || len(n.prefix) > 0 {
		return nil
	}
	return n
}

// onlyRefers reports a node whose only keyword is a reference: its verdict
// is the referred node's.
func onlyRefers(n *fastNode) bool {
	return n.ref != nil && !n.unsupported && n.always == 0 && n.types == nil && n.consts == nil &&
		n.required == nil && n.props == nil && !n.noAddl && n.addl == nil && n.minProps < 0 && n.maxProps < 0 &&
		n.items == nil && n.prefix == nil && n.minItems < 0 && n.maxItems < 0 && n.minLen < 0 && n.maxLen < 0 &&
		n.pattern == nil && n.format == nil && n.min == nil && n.max == nil && n.not == nil &&
		len(n.allOf) == 0 && len(n.anyOf) == 0 && len(n.oneOf) == 0
}

// member returns the declared member named k; ok is false when sh (maybe
// nil) declares none.
func (sh *shape) member(k string) (member, bool) {
	if sh == nil || sh.members == nil {
		return member{}, false
	}
	m, ok := sh.members[k]
	return m, ok
}

// constant returns the boxed enum value that the bytes b spell, if sh
// (maybe nil) has one.
func (sh *shape) constant(b []byte) (any, bool) {
	if sh == nil {
		return nil, false
	}
	for _, c := range sh.consts {
		if s := c.(string); s == string(b) {
			return c, true
		}
	}
	return nil, false
}

// mapSize is the number of members to make an object's map for.
func (sh *shape) mapSize() int {
	if sh == nil {
		return 0
	}
	return sh.size
}

// judge is the node that gives the verdict on a value at the place sh
// (maybe nil): the simple node when there is one, else the place's own.
func (sh *shape) judge() *fastNode {
	switch {
	case sh == nil:
		return nil
	case sh.simple != nil:
		return sh.simple
	}
	return sh.node
}

// itemShape is the shape of an array's items.
func (sh *shape) itemShape() *shape {
	if sh == nil {
		return nil
	}
	return sh.items
}
