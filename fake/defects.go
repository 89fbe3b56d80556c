package fake

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// enumerator lists the defects of one base body.
type enumerator struct {
	g    *Generator // makes the values a defect needs (a second oneOf branch)
	c    *Contract
	base base
	out  []cand
	seen map[string]bool
	// after, when set, also changes every variant added meanwhile
	after func(root any) any
}

func (e *enumerator) add(cd cand) {
	if e.seen == nil {
		e.seen = map[string]bool{}
	}
	if e.seen[cd.name] {
		return
	}
	e.seen[cd.name] = true
	if after, apply := e.after, cd.apply; after != nil {
		cd.apply = func(root any) any { return after(apply(root)) }
	}
	e.out = append(e.out, cd)
}

// countryDependents is how a defect to member country of object ptr keeps
// the object's country rules quiet: it removes the optional members that
// currency-matches-country and country-options-canada-only read.
func countryDependents(n *node, ptr string) func(root any) any {
	var drop []string
	for _, p := range n.props {
		if !p.required && (contains(p.n.rules, "currency-matches-country") || contains(p.n.rules, "country-options-canada-only")) {
			drop = append(drop, ptr+"/"+p.token)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	return func(root any) any {
		for _, d := range drop {
			root = remove(root, d)
		}
		return root
	}
}

func schemaWant(ptr, keyword string) Expect {
	return Expect{Pointer: ptr, Rule: "schema." + keyword, Severity: "error"}
}

// setTo returns an apply function that stores v at ptr.
func setTo(ptr string, v any) func(any) any {
	return func(root any) any { return put(root, ptr, v) }
}

// schemaDefect adds a defect that sets ptr to v and fails keyword.
func (e *enumerator) schemaDefect(ptr, keyword, detail string, v any) {
	name := "schema." + keyword + " " + ptr
	if detail != "" {
		name += " " + detail
	}
	e.add(cand{name: name, want: schemaWant(ptr, keyword), apply: setTo(ptr, v)})
}

// walk lists the defects of value v of node n at ptr; atRoot marks the
// object that gets the unknown member.
func (e *enumerator) walk(n *node, v any, ptr string, atRoot bool) {
	e.rules(n, v, ptr)
	if ptr != "" {
		bad := any("x")
		if n.types&tString != 0 {
			bad = true
		}
		e.schemaDefect(ptr, "type", "", bad)
	}
	if v == nil {
		if len(n.enum) > 0 {
			e.schemaDefect(ptr, "enum", "", outsider(n))
		}
		return
	}
	if len(n.alts) == 0 {
		e.inner(n, v, ptr, atRoot, true)
		return
	}
	matched := matchAlt(n, v)
	if len(n.alts) > 1 && n.types&tObject != 0 {
		e.oneOf(n, v, ptr, matched)
	}
	for i, a := range n.alts {
		switch {
		case i == matched:
			// removing the member that selects an exclusive branch is
			// the "neither" defect, listed once by e.oneOf
			e.inner(a, v, ptr, atRoot, len(n.alts) == 1 || a.types&tObject == 0)
		case a.types&(tObject|tArray) == 0:
			// a scalar branch the base does not use: break it from a value of its own
			c := genCtx{o: bodyOpts{full: true}}
			e.inner(a, e.g.value(a, &c), ptr, false, true)
		}
	}
}

func (e *enumerator) inner(n *node, v any, ptr string, atRoot, requiredDefects bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, p := range n.props {
			pv, ok := x[p.name]
			if !ok {
				continue
			}
			cptr := ptr + "/" + p.token
			if p.required && requiredDefects {
				e.add(cand{name: "schema.required " + cptr, want: schemaWant(cptr, "required"),
					apply: func(root any) any { return remove(root, cptr) }})
			}
			if p.name == "country" {
				e.after = countryDependents(n, ptr)
			}
			e.walk(p.n, pv, cptr, false)
			e.after = nil
		}
		if atRoot && n.closed {
			up := ptr + "/bogus"
			e.add(cand{name: ruleUnknownField + " " + up, want: Expect{Pointer: up, Rule: ruleUnknownField, Severity: "error"},
				apply: setTo(up, "surprise")})
		}
	case []any:
		if n.maxItems >= 0 && len(x) > 0 {
			long := append([]any{}, x...)
			for len(long) <= n.maxItems {
				long = append(long, jsonptr.Clone(x[len(x)-1]))
			}
			e.schemaDefect(ptr, "maxItems", "", long)
		}
		if len(x) == 0 && n.items != nil && len(n.items.enum) > 0 {
			at := ptr + "/0"
			e.add(cand{name: "schema.enum " + at, want: schemaWant(at, "enum"), apply: setTo(ptr, []any{outsider(n.items)})})
		}
		for i, item := range x {
			e.walk(n.items, item, ptr+"/"+strconv.Itoa(i), atRoot && i == 0)
		}
	case string:
		e.stringDefects(n, x, ptr)
	case float64:
		if n.min != nil {
			e.schemaDefect(ptr, "minimum", "", *n.min-1)
		}
		if n.max != nil {
			e.schemaDefect(ptr, "maximum", "", *n.max+1)
		}
		if len(n.enum) > 0 {
			e.schemaDefect(ptr, "enum", "", outsider(n))
		}
	}
}

func (e *enumerator) stringDefects(n *node, s, ptr string) {
	if len(n.enum) > 0 {
		// a longer value would also leave the enum: maxLength is subsumed
		e.schemaDefect(ptr, "enum", "", outsider(n))
		return
	}
	if n.maxLen >= 0 {
		if long, ok := lengthen(n, s, n.maxLen+1); ok {
			e.schemaDefect(ptr, "maxLength", "", long)
		}
	}
	if n.minLen > 0 && (n.pattern == nil || n.pattern.MatchString("")) {
		e.schemaDefect(ptr, "minLength", "", "")
	}
	if n.pattern != nil {
		bad := s + "!"
		if n.maxLen >= 0 && utf8.RuneCountInString(bad) > n.maxLen {
			bad = truncate(s, n.maxLen-1) + "!"
		}
		if !n.pattern.MatchString(bad) {
			e.schemaDefect(ptr, "pattern", "", bad)
		}
	}
	if n.format == "uri" {
		e.schemaDefect(ptr, "format", "", "/not/absolute")
	}
}

// lengthen pads s to exactly size runes keeping it otherwise valid: a URI
// grows its path and an e-mail address its local part, so that the host
// stays under a reserved domain, and the padding keeps the pattern matching
// and never spells a word (so a name does not gain "wepay").
func lengthen(n *node, s string, size int) (string, bool) {
	if n.format == "uri" || strings.HasPrefix(s, "https://") {
		if !strings.Contains(strings.TrimPrefix(s, "https://"), "/") {
			s += "/"
		}
	}
	domain := ""
	if n.kind == kEmail {
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			s, domain = s[:at], s[at:]
		}
	}
	for _, pad := range []string{"x", "X", "0"} {
		k := size - utf8.RuneCountInString(s) - utf8.RuneCountInString(domain)
		if k < 0 {
			return "", false
		}
		out := s + strings.Repeat(pad, k) + domain
		if n.pattern == nil || n.pattern.MatchString(out) {
			return out, true
		}
	}
	return "", false
}

// outsider is a value of the right type and length outside n's enum.
func outsider(n *node) any {
	if n.types&(tInteger|tNumber) != 0 && n.types&tString == 0 {
		v := 0.0
		for containsValue(n.enum, v) {
			v++
		}
		return v
	}
	candidates := []string{"unknown", "other", "zz"}
	if s, ok := n.enum[0].(string); ok && len(s) == 3 && strings.ToUpper(s) == s {
		candidates = []string{"EUR", "GBP"} // a currency
	}
	if s, ok := n.enum[0].(string); ok && len(s) == 2 && strings.ToUpper(s) == s {
		candidates = []string{"MX", "GB"} // a country
	}
	for _, c := range candidates {
		if n.maxLen >= 0 && len(c) > n.maxLen {
			c = c[:n.maxLen]
		}
		if !containsValue(n.enum, c) {
			return c
		}
	}
	return "zz-unknown"
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// matchAlt is the index of the oneOf branch v was made from.
func matchAlt(n *node, v any) int {
	for i, a := range n.alts {
		switch x := v.(type) {
		case map[string]any:
			if a.types&tObject == 0 {
				continue
			}
			ok := true
			for _, p := range a.props {
				if _, has := x[p.name]; p.required && !has {
					ok = false
				}
			}
			if ok {
				return i
			}
		case []any:
			if a.types&tArray != 0 {
				return i
			}
		case string:
			if a.types&tString != 0 {
				return i
			}
		case float64:
			if a.types&(tInteger|tNumber) != 0 {
				return i
			}
		case bool:
			if a.types&tBoolean != 0 {
				return i
			}
		}
	}
	return -1
}

// oneOf adds the two oneOf defects of an object with exclusive branches:
// members of two branches at once, and of none.
func (e *enumerator) oneOf(n *node, v any, ptr string, matched int) {
	m, ok := v.(map[string]any)
	if !ok || matched < 0 {
		return
	}
	for i, a := range n.alts {
		if i == matched || a.types&tObject == 0 {
			continue
		}
		c := genCtx{o: bodyOpts{full: true}}
		other, _ := e.g.value(a, &c).(map[string]any)
		both := jsonptr.Clone(m).(map[string]any)
		for k, x := range other {
			if _, dup := both[k]; !dup {
				both[k] = x
			}
		}
		e.schemaDefect(ptr, "oneOf", "both", both)
		break
	}
	e.schemaDefect(ptr, "oneOf", "neither", map[string]any{})
}
