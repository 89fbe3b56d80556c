package fake

import (
	"strconv"
	"strings"
)

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

func tokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

// get returns the value at ptr.
func get(root any, ptr string) (any, bool) {
	v := root
	for _, t := range tokens(ptr) {
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

// put stores v at ptr (the parent must exist) and returns the root, which
// is v itself when ptr is "".
func put(root any, ptr string, v any) any {
	toks := tokens(ptr)
	if len(toks) == 0 {
		return v
	}
	parent, ok := get(root, joinPtr(toks[:len(toks)-1]))
	if !ok {
		return root
	}
	last := toks[len(toks)-1]
	switch x := parent.(type) {
	case map[string]any:
		x[last] = v
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(x) {
			x[i] = v
		}
	}
	return root
}

// remove deletes the member at ptr.
func remove(root any, ptr string) any {
	toks := tokens(ptr)
	if len(toks) == 0 {
		return root
	}
	if m, ok := mustGet(root, joinPtr(toks[:len(toks)-1])).(map[string]any); ok {
		delete(m, toks[len(toks)-1])
	}
	return root
}

func mustGet(root any, ptr string) any {
	v, _ := get(root, ptr)
	return v
}

func joinPtr(toks []string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// related reports whether one pointer is the other or an ancestor of it.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a+"/")
}
