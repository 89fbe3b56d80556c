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
type shape struct {
	members map[string]member // nil when the place is not an object of known members
	items   *shape            // the shape of an array's items
	consts  []any             // the enum's (or const's) values, boxed once
	size    int               // the map size to make an object with
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
	sh := &shape{}
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
			// An object that requires at least half of its members (an
			// answer) is made at its full size; one that requires few (a
			// request of optional parameters) at the size of those.
			sh.size = len(n.required)
			if 2*len(n.required) >= len(n.props) {
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

// itemShape is the shape of an array's items.
func (sh *shape) itemShape() *shape {
	if sh == nil {
		return nil
	}
	return sh.items
}
