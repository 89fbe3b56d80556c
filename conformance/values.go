package conformance

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// loopback is the host of every URL a request carries: nothing a target
// might call back, crawl or redirect to ever leaves this machine.
const loopback = "https://127.0.0.1/"

// concrete turns a field pointer pattern into a pointer to the first
// element of every array ("/rbits/*/note" -> "/rbits/0/note").
func concrete(ptr string) string { return strings.ReplaceAll(ptr, "/*", "/0") }

// tokens splits a JSON pointer into unescaped reference tokens.
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

// parent splits a pointer into its parent's pointer and its last token.
func parent(ptr string) (string, string) {
	i := strings.LastIndex(ptr, "/")
	if i < 0 {
		return "", ptr
	}
	last := strings.ReplaceAll(strings.ReplaceAll(ptr[i+1:], "~1", "/"), "~0", "~")
	return ptr[:i], last
}

// get follows a concrete pointer.
func get(v any, ptr string) (any, bool) {
	for _, t := range tokens(ptr) {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[t]; !ok {
				return nil, false
			}
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

// set stores val at a concrete pointer whose parent exists; it reports
// whether it could.
func set(root any, ptr string, val any) bool {
	pp, last := parent(ptr)
	p, ok := get(root, pp)
	if !ok {
		return false
	}
	switch x := p.(type) {
	case map[string]any:
		x[last] = val
		return true
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(x) {
			return false
		}
		x[i] = val
		return true
	}
	return false
}

// del removes the member at a concrete pointer, if its parent is an object.
func del(root any, ptr string) {
	pp, last := parent(ptr)
	if p, ok := get(root, pp); ok {
		if m, ok := p.(map[string]any); ok {
			delete(m, last)
		}
	}
}

// clone deep-copies a decoded JSON value.
func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = clone(e)
		}
		return a
	}
	return v
}

// scrub makes every string of a generated body safe to send: a URL keeps
// its path but moves to 127.0.0.1, an e-mail address moves to localhost,
// and a bare domain (gaq_domains) becomes localhost.
func scrub(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = scrub(e, k)
		}
	case []any:
		for i, e := range x {
			x[i] = scrub(e, key)
		}
	case string:
		if u, err := url.Parse(x); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			return loopback + strings.TrimPrefix(u.Path, "/")
		}
		if at := strings.LastIndex(x, "@"); at > 0 && strings.Contains(x[at:], ".") && !strings.Contains(x, " ") {
			return x[:at] + "@localhost"
		}
		if key == "gaq_domains" {
			return "localhost"
		}
	}
	return v
}

// lengthValue is a string of n characters that fits the field's format and
// pattern: a loopback URL for format uri, upper-case letters for ^[A-Z]*$,
// lower-case letters otherwise (never the word "wepay"). prefix, when the
// field must be unique, starts the value. ok is false when no value of
// that length can match the field.
func lengthValue(f spec.Field, n int, prefix string) (string, bool) {
	switch {
	case f.Format == "uri":
		if n < len(loopback) {
			return "", false
		}
		return loopback + strings.Repeat("a", n-len(loopback)), true
	case f.Pattern == "^[A-Z]*$":
		return strings.Repeat("A", n), true
	case f.Pattern != "":
		return "", false // a pattern the value builder does not know
	}
	if len(prefix) > n {
		prefix = prefix[:n]
	}
	return prefix + strings.Repeat("a", n-len(prefix)), true
}

// wrongType is a value of another JSON type than the field allows.
func wrongType(f spec.Field) any {
	str, num := false, false
	for _, t := range f.Types {
		switch t {
		case "string":
			str = true
		case "integer", "number":
			num = true
		}
	}
	switch {
	case str && num:
		return true
	case str:
		return 12345
	}
	return "x"
}

// outside is a value of the field's type that no enum lists.
func outside(f spec.Field) any {
	for _, t := range f.Types {
		if t == "string" {
			return "not_in_enum"
		}
	}
	return 987654321
}

// lastToken is the member name a pointer ends with.
func lastToken(ptr string) string {
	_, last := parent(ptr)
	return last
}
