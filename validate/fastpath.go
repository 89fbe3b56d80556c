package validate

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The schema fast path. Validating with the schema library allocates for
// every value it visits (instance and keyword locations, evaluated-property
// sets, big.Rat for integers), even when the body is valid, which is
// nearly always. fastNode mirrors a compiled schema's keywords and checks a
// decoded value without allocating. It answers fastYes only when the
// library would accept the value, fastNo only when it would reject it, and
// fastMaybe when it cannot tell (a keyword outside its subset, a number it
// cannot compare exactly, a failed format). Anything but fastYes goes to
// the library, which produces the findings, so the fast path can change
// speed, never results.

type verdict uint8

const (
	fastMaybe verdict = iota
	fastYes
	fastNo
)

// fastNode is one compiled schema, checked without the library.
type fastNode struct {
	unsupported bool // a keyword the fast path does not implement
	always      int8 // 1 always valid, -1 never valid (boolean schemas), 0 neither
	types       []string
	consts      []any // enum values, or the const value
	required    []string
	props       map[string]*fastNode
	noAddl      bool      // additionalProperties: false
	addl        *fastNode // additionalProperties: schema
	minProps    int
	maxProps    int
	items       *fastNode
	prefix      []*fastNode
	minItems    int
	maxItems    int
	minLen      int
	maxLen      int
	pattern     *regexp.Regexp
	format      func(any) bool
	min, max    *int64 // integer bounds; a bound that is not an int64 makes the node unsupported
	ref, not    *fastNode
	allOf       []*fastNode
	anyOf       []*fastNode
	oneOf       []*fastNode

	s       *jsonschema.Schema // the compiled schema, for findings (fastfindings.go)
	shape   *shape             // what the decoder knows of the value here (decode_shape.go)
	enumMsg string             // the library's message for a failed enum
}

// buildFast mirrors s (and everything it reaches) into memo.
func buildFast(s *jsonschema.Schema, memo map[*jsonschema.Schema]*fastNode) *fastNode {
	if s == nil {
		return nil
	}
	if n, ok := memo[s]; ok {
		return n
	}
	n := &fastNode{s: s, enumMsg: enumMessage(s.Enum), minProps: s.MinProperties, maxProps: s.MaxProperties, minItems: s.MinItems, maxItems: s.MaxItems,
		minLen: s.MinLength, maxLen: s.MaxLength, pattern: s.Pattern, types: s.Types, required: s.Required}
	memo[s] = n
	if s.Always != nil {
		n.always = -1
		if *s.Always {
			n.always = 1
		}
	}
	n.unsupported = s.RecursiveRef != nil || s.DynamicRef != nil || s.If != nil || s.PropertyNames != nil ||
		s.RegexProperties || len(s.PatternProperties) > 0 || len(s.Dependencies) > 0 || len(s.DependentRequired) > 0 ||
		len(s.DependentSchemas) > 0 || s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil || s.UniqueItems ||
		s.AdditionalItems != nil || s.Contains != nil || s.ContentEncoding != "" || s.ContentMediaType != "" ||
		s.ContentSchema != nil || s.ExclusiveMinimum != nil || s.ExclusiveMaximum != nil || s.MultipleOf != nil ||
		len(s.Extensions) > 0
	switch {
	case len(s.Constant) > 0:
		n.consts = s.Constant[:1]
		if len(s.Enum) > 0 {
			n.unsupported = true
		}
	case len(s.Enum) > 0:
		n.consts = s.Enum
	}
	if s.Format != "" {
		n.format = jsonschema.Formats[s.Format]
	}
	var ok bool
	if n.min, ok = ratInt64(s.Minimum); !ok {
		n.unsupported = true
	}
	if n.max, ok = ratInt64(s.Maximum); !ok {
		n.unsupported = true
	}
	switch a := s.AdditionalProperties.(type) {
	case nil:
	case bool:
		n.noAddl = !a
	case *jsonschema.Schema:
		n.addl = buildFast(a, memo)
	default:
		n.unsupported = true
	}
	switch it := s.Items.(type) {
	case nil:
	case *jsonschema.Schema:
		n.items = buildFast(it, memo)
	default:
		n.unsupported = true
	}
	if s.Items2020 != nil {
		if n.items != nil {
			n.unsupported = true
		}
		n.items = buildFast(s.Items2020, memo)
	}
	for _, p := range s.PrefixItems {
		n.prefix = append(n.prefix, buildFast(p, memo))
	}
	if len(s.Properties) > 0 {
		n.props = make(map[string]*fastNode, len(s.Properties))
		for name, p := range s.Properties {
			n.props[name] = buildFast(p, memo)
		}
	}
	n.ref = buildFast(s.Ref, memo)
	n.not = buildFast(s.Not, memo)
	for _, x := range s.AllOf {
		n.allOf = append(n.allOf, buildFast(x, memo))
	}
	for _, x := range s.AnyOf {
		n.anyOf = append(n.anyOf, buildFast(x, memo))
	}
	for _, x := range s.OneOf {
		n.oneOf = append(n.oneOf, buildFast(x, memo))
	}
	return n
}

// ratInt64 converts a numeric bound; ok is false for a bound that is not
// an int64 integer.
func ratInt64(r *big.Rat) (*int64, bool) {
	if r == nil {
		return nil, true
	}
	if !r.IsInt() || !r.Num().IsInt64() {
		return nil, false
	}
	i := r.Num().Int64()
	return &i, true
}

// plainInt parses a JSON number written as a plain integer of at most 18
// digits; ok is false for anything else (a fraction, an exponent, more
// digits), which the fast path leaves to the library.
func plainInt(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < '0' || ch > '9' {
			return 0, false
		}
		n = n*10 + int64(ch-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// fastType is the JSON type of a decoded value; ok is false for Go types
// the decoder does not produce.
func fastType(v any) (string, bool) {
	switch v.(type) {
	case nil:
		return "null", true
	case bool:
		return "boolean", true
	case json.Number:
		return "number", true
	case string:
		return "string", true
	case []any:
		return "array", true
	case map[string]any:
		return "object", true
	}
	return "", false
}

// fastEqual compares a value with an enum or const value.
func fastEqual(a, b any) verdict {
	ta, ok1 := fastType(a)
	tb, ok2 := fastType(b)
	switch {
	case !ok1 || !ok2:
		return fastMaybe
	case ta != tb:
		return fastNo
	}
	switch x := a.(type) {
	case nil:
		return fastYes
	case bool:
		if x == b.(bool) {
			return fastYes
		}
		return fastNo
	case string:
		if x == b.(string) {
			return fastYes
		}
		return fastNo
	case json.Number:
		if x == b.(json.Number) {
			return fastYes
		}
	}
	return fastMaybe // numbers spelled differently, arrays, objects
}

// fastMaxNesting bounds the schemas applied in place to one value ($ref,
// allOf, anyOf, oneOf, not), in case of a reference loop.
const fastMaxNesting = 64

// check applies the node to v.
func (n *fastNode) check(v any, nesting int) verdict {
	if n.unsupported || nesting > fastMaxNesting {
		return fastMaybe
	}
	switch n.always {
	case 1:
		return fastYes
	case -1:
		return fastNo
	}
	res := fastYes
	and := func(x verdict) bool { // false: the answer is fastNo
		res = both(res, x)
		return res != fastNo
	}
	vt, ok := fastType(v)
	if !ok {
		return fastMaybe
	}
	r, final := n.local(v, vt)
	if final {
		return r
	}
	and(r)
	switch x := v.(type) {
	case map[string]any:
		for name, pv := range x {
			if !and(n.member(name, pv)) {
				return fastNo
			}
		}
	case []any:
		for i, e := range x {
			if !and(n.item(i, e)) {
				return fastNo
			}
		}
	}
	if n.ref != nil && !and(n.ref.check(v, nesting+1)) {
		return fastNo
	}
	if n.not != nil {
		switch n.not.check(v, nesting+1) {
		case fastYes:
			return fastNo
		case fastMaybe:
			res = fastMaybe
		}
	}
	for _, s := range n.allOf {
		if !and(s.check(v, nesting+1)) {
			return fastNo
		}
	}
	if len(n.anyOf) > 0 {
		r := fastNo
		for _, s := range n.anyOf {
			if x := s.check(v, nesting+1); x == fastYes {
				r = fastYes
				break
			} else if x == fastMaybe {
				r = fastMaybe
			}
		}
		if !and(r) {
			return fastNo
		}
	}
	if len(n.oneOf) > 0 {
		yes, maybe := 0, false
		for _, s := range n.oneOf {
			switch s.check(v, nesting+1) {
			case fastYes:
				yes++
			case fastMaybe:
				maybe = true
			}
		}
		switch {
		case maybe:
			res = fastMaybe
		case yes != 1:
			return fastNo
		}
	}
	return res
}

// local applies the node's own keywords to v, of JSON type vt: its type,
// enum, format and, for an object, array, string or number, its counts,
// required members, lengths, pattern and bounds. final is true when that
// settles the verdict (a failed keyword; a wrong type; a number it cannot
// compare), which check then returns without looking further. What local
// leaves to check is the members, the items and the schemas applied in
// place (ref, not, allOf, anyOf, oneOf); for a node that has no schemas in
// place (see shape.simple), check is local and the verdicts of its members
// and items, which the decoder computes as it goes.
func (n *fastNode) local(v any, vt string) (r verdict, final bool) {
	if r := n.typeVerdict(v, vt); r != fastYes {
		return r, true
	}
	res := fastYes
	if n.consts != nil {
		switch n.constVerdict(v) {
		case fastNo:
			return fastNo, true
		case fastMaybe:
			res = fastMaybe
		}
	}
	if n.format != nil && !n.format(v) {
		res = fastMaybe // the library may not assert formats
	}
	switch x := v.(type) {
	case map[string]any:
		if (n.minProps >= 0 && len(x) < n.minProps) || (n.maxProps >= 0 && len(x) > n.maxProps) {
			return fastNo, true
		}
		for _, name := range n.required {
			if _, ok := x[name]; !ok {
				return fastNo, true
			}
		}
	case []any:
		if (n.minItems >= 0 && len(x) < n.minItems) || (n.maxItems >= 0 && len(x) > n.maxItems) {
			return fastNo, true
		}
	case string:
		if n.minLen >= 0 || n.maxLen >= 0 {
			l := len(x) // bytes, an upper bound of the runes the library counts
			if n.maxLen >= 0 && l > n.maxLen || n.minLen >= 0 && l < n.minLen*utf8.UTFMax {
				l = utf8.RuneCountInString(x)
			}
			if (n.minLen >= 0 && l < n.minLen) || (n.maxLen >= 0 && l > n.maxLen) {
				return fastNo, true
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			return fastNo, true
		}
	case json.Number:
		if n.min != nil || n.max != nil {
			i, ok := plainInt(string(x))
			if !ok {
				return fastMaybe, true
			}
			if (n.min != nil && i < *n.min) || (n.max != nil && i > *n.max) {
				return fastNo, true
			}
		}
	}
	return res, false
}

// member is the verdict on the value pv of the object member name.
func (n *fastNode) member(name string, pv any) verdict {
	if p, ok := n.props[name]; ok {
		return p.check(pv, 0)
	}
	return n.undeclared(pv)
}

// undeclared is the verdict on the value pv of a member the node does
// not declare.
func (n *fastNode) undeclared(pv any) verdict {
	switch {
	case n.noAddl:
		return fastNo
	case n.addl != nil:
		return n.addl.check(pv, 0)
	}
	return fastYes
}

// item is the verdict on the array item e at index i.
func (n *fastNode) item(i int, e any) verdict {
	it := n.items
	if i < len(n.prefix) {
		it = n.prefix[i]
	}
	if it == nil {
		return fastYes
	}
	return it.check(e, 0)
}

// typeVerdict says whether v, of JSON type vt, has one of n's types (yes
// when n names none); maybe for a number the fast path cannot tell is an
// integer (1e3, 1.0).
func (n *fastNode) typeVerdict(v any, vt string) verdict {
	if len(n.types) == 0 {
		return fastYes
	}
	r := fastNo
	for _, t := range n.types {
		if t == vt {
			return fastYes
		}
		if t == "integer" && vt == "number" {
			if _, isInt := plainInt(string(v.(json.Number))); isInt {
				return fastYes
			}
			r = fastMaybe
		}
	}
	return r
}

// constVerdict says whether v equals one of n's enum or const values.
func (n *fastNode) constVerdict(v any) verdict {
	r := fastNo
	for _, c := range n.consts {
		if x := fastEqual(v, c); x == fastYes {
			return fastYes
		} else if x == fastMaybe {
			r = fastMaybe
		}
	}
	return r
}
