package validate

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// The fast path's findings. When fastNode.check rejects a body, the schema
// library would validate it again, allocating for every value it visits,
// only to report the few keywords that failed. For the common failures (a
// type, an enum or const, a length, a pattern, a bound, a count of members
// or items, a missing or unknown member) fastFindings reports the same
// findings itself: the same leaf errors the library would produce, mapped
// by the same code (missing, unknown, leaf in body.go), so the rule,
// pointer, message and schema location are those of the slow path. Where
// the library's answer takes more than one keyword to explain (a failed
// oneOf or anyOf), or the fast path is unsure (a format, a number it cannot
// compare exactly, an unsupported keyword), it gives up and the library
// decides. TestFastFindingsAgree and FuzzFastFindings compare the two.

// fastFindings adds the schema findings of val against n; false, with
// nothing added, when the library must decide.
func (c *call) fastFindings(n *fastNode, val any) bool {
	// The findings go to a list of the walk's own, kept within the limit
	// as c's is (limit.go), and are added to c's once the walk is sure.
	out, lim := c.out, c.lim
	var own []Finding
	c.out, c.lim = &own, limit{}
	d := diagnosis{c: c, root: val}
	ok := d.walk(n, val, 0)
	over := c.lim.over
	c.out, c.lim = out, lim
	if !ok {
		return false
	}
	c.lim.over[0] += over[0]
	c.lim.over[1] += over[1]
	for _, f := range own {
		c.add(f)
	}
	return true
}

// diagnosis walks one body as the library's validate does.
type diagnosis struct {
	c    *call
	root any
	path []string // reference tokens down to the value, unescaped
}

// pointer is the instance location of the value, escaped as the library
// escapes it (RFC 6901, then url.PathEscape).
func (d *diagnosis) pointer() string {
	var b strings.Builder
	for _, t := range d.path {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(jsonptr.Escape(t)))
	}
	return b.String()
}

// fail reports keyword kw of n failing with msg, as mapError does for a
// leaf of the library's error.
func (d *diagnosis) fail(n *fastNode, kw, msg string) {
	loc := n.s.Location
	if loc == "" {
		loc = kw
	} else {
		loc += "/" + kw
	}
	e := &jsonschema.ValidationError{KeywordLocation: kw, AbsoluteKeywordLocation: loc, InstanceLocation: d.pointer(), Message: msg}
	d.c.leaf(e, kw, d.root)
}

// objectAt returns the object at the current pointer as mapError finds it,
// and whether byLoc holds n's schema as the one at its location; ok false
// sends the body to the library.
func (d *diagnosis) objectAt(n *fastNode) (string, map[string]any, bool) {
	if d.c.v.byLoc[n.s.Location] != n.s {
		return "", nil, false
	}
	ptr := d.pointer()
	obj, ok := at(d.root, ptr).(map[string]any)
	return ptr, obj, ok
}

// walk mirrors jsonschema's (*Schema).validate over the fast path's subset.
func (d *diagnosis) walk(n *fastNode, v any, nesting int) bool {
	if n.unsupported || nesting > fastMaxNesting {
		return false
	}
	switch n.always {
	case 1:
		return true
	case -1:
		return false // "not allowed": a finding the fast path leaves to the library
	}
	vt, ok := fastType(v)
	if !ok {
		return false
	}
	switch n.typeVerdict(v, vt) {
	case fastMaybe:
		return false
	case fastNo:
		d.fail(n, "type", fmt.Sprintf("expected %s, but got %s", strings.Join(n.types, " or "), vt))
		return true // the library stops at a wrong type
	}
	if n.consts != nil {
		r := n.constVerdict(v)
		switch {
		case r == fastMaybe:
			return false
		case r == fastNo && len(n.s.Constant) > 0:
			switch c := n.s.Constant[0]; c.(type) {
			case map[string]any, []any:
				d.fail(n, "const", "const failed")
			default:
				d.fail(n, "const", fmt.Sprintf("value must be %#v", c))
			}
		case r == fastNo:
			d.fail(n, "enum", n.enumMsg)
		}
	}
	if n.format != nil && !n.format(v) {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		if !d.object(n, x, nesting) {
			return false
		}
	case []any:
		if n.minItems >= 0 && len(x) < n.minItems {
			d.fail(n, "minItems", fmt.Sprintf("minimum %d items required, but found %d items", n.minItems, len(x)))
		}
		if n.maxItems >= 0 && len(x) > n.maxItems {
			d.fail(n, "maxItems", fmt.Sprintf("maximum %d items required, but found %d items", n.maxItems, len(x)))
		}
		for i, e := range x {
			it := n.items
			if i < len(n.prefix) {
				it = n.prefix[i]
			}
			if it == nil {
				continue
			}
			d.path = append(d.path, strconv.Itoa(i))
			ok := d.walk(it, e, 0)
			d.path = d.path[:len(d.path)-1]
			if !ok {
				return false
			}
		}
	case string:
		if n.minLen >= 0 || n.maxLen >= 0 {
			l := utf8.RuneCountInString(x)
			if n.minLen >= 0 && l < n.minLen {
				d.fail(n, "minLength", fmt.Sprintf("length must be >= %d, but got %d", n.minLen, l))
			}
			if n.maxLen >= 0 && l > n.maxLen {
				d.fail(n, "maxLength", fmt.Sprintf("length must be <= %d, but got %d", n.maxLen, l))
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			d.fail(n, "pattern", "does not match pattern "+libQuote(n.pattern.String()))
		}
	case json.Number:
		if n.min != nil || n.max != nil {
			i, ok := plainInt(string(x))
			if !ok {
				return false
			}
			if n.min != nil && i < *n.min {
				d.fail(n, "minimum", fmt.Sprintf("must be >= %v but found %v", ratFloat(n.s.Minimum), v))
			}
			if n.max != nil && i > *n.max {
				d.fail(n, "maximum", fmt.Sprintf("must be <= %v but found %v", ratFloat(n.s.Maximum), v))
			}
		}
	}
	if n.ref != nil && !d.walk(n.ref, v, nesting+1) {
		return false
	}
	if n.not != nil {
		switch n.not.check(v, nesting+1) {
		case fastYes:
			d.fail(n, "not", "not failed")
		case fastMaybe:
			return false
		}
	}
	for _, s := range n.allOf {
		if !d.walk(s, v, nesting+1) {
			return false
		}
	}
	if len(n.anyOf) > 0 { // a failed anyOf is left to the library
		passed := false
		for _, s := range n.anyOf {
			if s.check(v, nesting+1) == fastYes {
				passed = true
				break
			}
		}
		if !passed {
			return false
		}
	}
	if len(n.oneOf) > 0 { // so is a failed oneOf, which mapError explains
		yes := 0
		for _, s := range n.oneOf {
			switch s.check(v, nesting+1) {
			case fastYes:
				yes++
			case fastMaybe:
				return false
			}
		}
		if yes != 1 {
			return false
		}
	}
	return true
}

// object checks the members of x, as the library does for a map.
func (d *diagnosis) object(n *fastNode, x map[string]any, nesting int) bool {
	if n.minProps >= 0 && len(x) < n.minProps {
		d.fail(n, "minProperties", fmt.Sprintf("minimum %d properties allowed, but found %d properties", n.minProps, len(x)))
	}
	if n.maxProps >= 0 && len(x) > n.maxProps {
		d.fail(n, "maxProperties", fmt.Sprintf("maximum %d properties allowed, but found %d properties", n.maxProps, len(x)))
	}
	for _, name := range n.required {
		if _, ok := x[name]; !ok {
			ptr, obj, ok := d.objectAt(n)
			if !ok {
				return false
			}
			d.c.missing(n.s, obj, ptr)
			break
		}
	}
	extra := false
	for name, pv := range x {
		p, ok := n.props[name]
		switch {
		case ok:
		case n.noAddl:
			extra = true
			continue
		case n.addl != nil:
			p = n.addl
		default:
			continue
		}
		d.path = append(d.path, name)
		ok = d.walk(p, pv, 0)
		d.path = d.path[:len(d.path)-1]
		if !ok {
			return false
		}
	}
	if extra {
		ptr, obj, ok := d.objectAt(n)
		if !ok {
			return false
		}
		d.c.unknown(n.s, obj, ptr)
	}
	return true
}

// enumMessage is the library's message for a failed enum (jsonschema v5's
// compiler builds it once per schema).
func enumMessage(enum []any) string {
	if len(enum) == 0 {
		return ""
	}
	for _, item := range enum {
		switch item.(type) {
		case map[string]any, []any:
			return "enum failed"
		}
	}
	if len(enum) == 1 {
		return fmt.Sprintf("value must be %#v", enum[0])
	}
	items := make([]string, len(enum))
	for i, item := range enum {
		items[i] = fmt.Sprintf("%#v", item)
	}
	return "value must be one of " + strings.Join(items, ", ")
}

// libQuote is the library's single-quoted string.
func libQuote(s string) string {
	s = fmt.Sprintf("%q", s)
	s = strings.ReplaceAll(s, `\"`, `"`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s[1:len(s)-1] + "'"
}

// ratFloat is a bound as the library prints it.
func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}
