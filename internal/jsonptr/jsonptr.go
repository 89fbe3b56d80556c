// Package jsonptr reads and changes decoded JSON values (as encoding/json
// decodes into any) at RFC 6901 JSON pointers.
package jsonptr

import (
	"strconv"
	"strings"
)

// Escape encodes a member name as a reference token ("~" -> "~0", "/" -> "~1").
func Escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Unescape decodes a reference token.
func Unescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// Split returns the unescaped tokens of a pointer; "" (the root) has none.
func Split(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = Unescape(t)
	}
	return toks
}

// Join builds a pointer from unescaped tokens.
func Join(toks []string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(Escape(t))
	}
	return b.String()
}

// Get returns the value at ptr.
func Get(root any, ptr string) (any, bool) {
	v := root
	for _, t := range Split(ptr) {
		switch x := v.(type) {
		case map[string]any:
			e, ok := x[t]
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Set stores v at ptr and returns the root, which is v itself when ptr is
// "". The parent must exist; otherwise root is returned unchanged and ok is
// false.
func Set(root any, ptr string, v any) (any, bool) {
	toks := Split(ptr)
	if len(toks) == 0 {
		return v, true
	}
	parent, ok := Get(root, Join(toks[:len(toks)-1]))
	if !ok {
		return root, false
	}
	last := toks[len(toks)-1]
	switch x := parent.(type) {
	case map[string]any:
		x[last] = v
		return root, true
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(x) {
			x[i] = v
			return root, true
		}
	}
	return root, false
}

// Delete removes the object member at ptr, if there is one.
func Delete(root any, ptr string) {
	toks := Split(ptr)
	if len(toks) == 0 {
		return
	}
	parent, _ := Get(root, Join(toks[:len(toks)-1]))
	if m, ok := parent.(map[string]any); ok {
		delete(m, toks[len(toks)-1])
	}
}

// Clone deep-copies a decoded JSON value.
func Clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = Clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = Clone(e)
		}
		return s
	}
	return v
}

// Related reports whether one pointer is the other or an ancestor of it.
func Related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a+"/")
}
