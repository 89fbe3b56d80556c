package conformance

import (
	"net/url"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// loopback is the host of every URL a request carries: nothing a target
// might call back, crawl or redirect to ever leaves this machine.
const loopback = "https://127.0.0.1/"

// concrete turns a field pointer pattern into a pointer to the first
// element of every array ("/rbits/*/note" -> "/rbits/0/note").
func concrete(ptr string) string { return strings.ReplaceAll(ptr, "/*", "/0") }

// parent splits a pointer into its parent's pointer and its last,
// unescaped token; the root ("") has parent "" and no token.
func parent(ptr string) (string, string) {
	toks := jsonptr.Split(ptr)
	if len(toks) == 0 {
		return "", ""
	}
	return jsonptr.Join(toks[:len(toks)-1]), toks[len(toks)-1]
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
