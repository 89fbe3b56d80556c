package redact

import (
	"bytes"
	"encoding/json"
	"strings"
)

// maxDepth bounds the nesting of a JSON body that is rewritten; a deeper
// body that mentions a secret name is masked whole.
const maxDepth = 200

// Body returns b with the values of secret members masked: a JSON body is
// decoded (so escaped member names such as "access\u005ftoken" are found),
// masked at any depth and written back compactly; a form body is masked as
// a query is ([Policy.Query]). A body that is neither, or too deep, and
// mentions a secret name in any encoding is replaced whole by [Mask]. b is
// returned unchanged when it holds no secret.
func (p *Policy) Body(b []byte) []byte { return p.body(b, nil) }

func (p *Policy) body(b []byte, found func(string)) []byte {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return b
	}
	if t[0] == '{' || t[0] == '[' || t[0] == '"' {
		if v, ok := decodeJSON(t); ok {
			if jsonDepth(t) <= maxDepth {
				nv, changed := p.value(v, 0, found)
				if !changed {
					return b
				}
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				if enc.Encode(nv) == nil {
					return bytes.TrimRight(buf.Bytes(), "\n")
				}
			}
			if p.mentions(t) {
				return []byte(Mask)
			}
			return b
		}
	}
	jsonish := t[0] == '{' || t[0] == '['
	s := string(t)
	r := p.pairs(s, "&;", true, 0, found)
	hit := false
	p.scanMembers(s, func(v string) {
		hit = true
		if found != nil {
			found(v)
		}
	})
	switch {
	case hit || jsonish && (p.mentions(t) || p.mentionsAny(t)):
		return []byte(Mask)
	case r != s:
		return []byte(r)
	case p.mentions(t):
		return []byte(Mask)
	}
	return b
}

// scanMembers finds "key": value pairs with a secret key in text that is
// not valid JSON (a truncated or damaged body) and reports their values.
func (p *Policy) scanMembers(s string, found func(string)) {
	var last string // the previous string token
	lastEnd := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			tok := s[i+1 : min(j, len(s))]
			if lastEnd >= 0 && strings.TrimSpace(s[lastEnd:i]) == ":" && p.SecretKey(unescapeJSON(last)) {
				found(tok)
				found(unescapeJSON(tok))
			}
			last, lastEnd = tok, min(j+1, len(s))
			i = j
		case c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			if lastEnd >= 0 && strings.TrimSpace(s[lastEnd:i]) == ":" && p.SecretKey(unescapeJSON(last)) {
				end := strings.IndexAny(s[i:], ",}] \n")
				if end < 0 {
					end = len(s) - i
				}
				found(s[i : i+end])
				i += end - 1
			}
			lastEnd = -1
		}
	}
}

func decodeJSON(b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	return v, true
}

// jsonDepth returns the deepest nesting of b, which is valid JSON.
func jsonDepth(b []byte) int {
	d, deepest, inStr, esc := 0, 0, false, false
	for _, c := range b {
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			d++
			deepest = max(deepest, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return deepest
}

// value masks secret members of a decoded JSON value and secret parameters
// of URLs in its strings.
func (p *Policy) value(v any, depth int, found func(string)) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		changed := false
		for k, e := range x {
			if p.SecretKey(k) {
				collectValue(e, found)
				x[k] = Mask
				changed = true
				continue
			}
			if ne, c := p.value(e, depth+1, found); c {
				x[k], changed = ne, true
			}
		}
		return x, changed
	case []any:
		changed := false
		for i, e := range x {
			if ne, c := p.value(e, depth+1, found); c {
				x[i], changed = ne, true
			}
		}
		return x, changed
	case string:
		if containsAny(x, "=;") {
			if r := p.nested(x, 1, found); r != x {
				return r, true
			}
		}
		// A secret named in prose ("password: S") is masked as
		// [Policy.Text] masks it in a message.
		if strings.Contains(x, ":") {
			if r := p.pairText(x, found); r != x {
				return r, true
			}
		}
		// A string that is itself JSON (a body quoted in a body).
		if t := strings.TrimSpace(x); len(t) > 1 && (t[0] == '{' || t[0] == '[') && depth < maxNest {
			if r := p.body([]byte(t), found); string(r) != t {
				return string(r), true
			}
		}
	}
	return v, false
}

func collectValue(v any, found func(string)) {
	if found == nil {
		return
	}
	switch x := v.(type) {
	case string:
		found(x)
	case json.Number:
		found(x.String())
	case map[string]any:
		for _, e := range x {
			collectValue(e, found)
		}
	case []any:
		for _, e := range x {
			collectValue(e, found)
		}
	}
}

// mentions reports whether b names a strong secret key in any encoding:
// raw, percent-escaped or JSON-escaped.
func (p *Policy) mentions(b []byte) bool {
	s := Normalize(unescapeJSON(Unescape(string(b), true)))
	for _, k := range p.strong {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// mentionsAny reports whether b names any secret key of five letters or
// more in any encoding: a damaged JSON body is masked whole on it, since
// where its members begin and end cannot be known.
func (p *Policy) mentionsAny(b []byte) bool {
	s := Normalize(unescapeJSON(Unescape(string(b), true)))
	for k := range p.keys {
		if len(k) >= 5 && strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// unescapeJSON decodes \uXXXX and the one-letter escapes of JSON strings,
// leniently, so that "access\u005ftoken" reads as access_token even in a
// body that is not valid JSON.
func unescapeJSON(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == 'u' && i+5 < len(s) && ishex(s[i+2]) && ishex(s[i+3]) && ishex(s[i+4]) && ishex(s[i+5]) {
			r := rune(unhex(s[i+2]))<<12 | rune(unhex(s[i+3]))<<8 | rune(unhex(s[i+4]))<<4 | rune(unhex(s[i+5]))
			b.WriteRune(r)
			i += 5
			continue
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}
