package redact

import (
	"net/url"
	"strings"
)

// maxNest bounds how deep a value is searched for a nested URL or query
// (a callback_uri inside a query inside a body).
const maxNest = 4

// Unescape percent-decodes s leniently, as a forgiving server might: valid
// escapes are decoded, invalid ones ("%zz", a trailing "%") are kept as
// they are, and with plus true "+" becomes a space. It decodes repeatedly
// (at most four times) so that "access%255Ftoken" is found as well.
func Unescape(s string, plus bool) string {
	for range 4 {
		d := unescapeOnce(s, plus)
		if d == s {
			return d
		}
		s = d
	}
	return s
}

func unescapeOnce(s string, plus bool) string {
	if !containsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+' && plus:
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// pairs masks the values of secret keys in s, a list of key=value pairs
// separated by any byte of seps. Keys are matched after lenient decoding;
// a value that is not secret but holds a nested URL or query (a
// callback_uri) is searched in turn. Only the bytes of secret values
// change: everything else is kept exactly. found, when not nil, gets each
// secret value raw and decoded.
func (p *Policy) pairs(s, seps string, plus bool, depth int, found func(string)) string {
	if depth > maxNest || !containsAny(s, "=%") {
		return s
	}
	var b strings.Builder
	start := 0
	changed := false
	for start <= len(s) {
		end := len(s)
		if i := strings.IndexAny(s[start:], seps); i >= 0 {
			end = start + i
		}
		part := s[start:end]
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			// A key alone, or a whole encoded pair ("access_token%3DS").
			if d := Unescape(part, plus); d != part && containsAny(d, "=&;") {
				if r := p.pairs(d, "&;", plus, depth+1, found); r != d {
					part, changed = Mask, true
				}
			}
			b.WriteString(part)
		} else {
			dk := unescapeJSON(Unescape(k, plus))
			dv := unescapeOnce(v, plus) // a nested URL is escaped once
			switch {
			case p.SecretKey(dk) || p.SecretKey(strings.TrimRight(dk, "[]")):
				if found != nil {
					found(v)
					found(dv)
					found(Unescape(v, plus))
				}
				b.WriteString(k + "=" + Mask)
				changed = true
			case containsAny(dv, "?=;#"):
				r := p.nested(dv, depth+1, found)
				if r != dv {
					b.WriteString(k + "=" + url.QueryEscape(r))
					changed = true
				} else {
					b.WriteString(part)
				}
			default:
				b.WriteString(part)
			}
		}
		if end < len(s) {
			b.WriteByte(s[end])
		}
		start = end + 1
	}
	if !changed {
		return s
	}
	return b.String()
}

// nested redacts a decoded value that may be a URL or a query.
func (p *Policy) nested(v string, depth int, found func(string)) string {
	if containsAny(v, "?#") || strings.Contains(v, "://") || strings.HasPrefix(v, "/") {
		return p.url(v, depth, found)
	}
	return p.pairs(v, "&;", true, depth, found)
}

// URL returns raw with the secrets of a URL masked: the values of secret
// query and fragment parameters (separated by "&" or ";"), of secret
// parameters in path segments ("/account;access_token=S"), the password of
// the user info, and the same inside URLs nested in parameter values. Keys
// are matched after percent-decoding; the rest of raw is kept byte for
// byte. raw need not parse as a URL.
func (p *Policy) URL(raw string) string { return p.url(raw, 0, nil) }

// Path returns a request path with the secret parameters of its segments
// masked, for writers that print a path alone (a route in a report).
func (p *Policy) Path(path string) string { return p.path(path, 0, nil) }

// Query returns a raw query string with the values of secret parameters
// masked, "&" and ";" both separating parameters.
func (p *Policy) Query(q string) string { return p.pairs(q, "&;#", true, 0, nil) }

func (p *Policy) url(raw string, depth int, found func(string)) string {
	if depth > maxNest {
		return raw
	}
	path, rest := raw, ""
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		path, rest = raw[:i], raw[i:]
	}
	out := p.path(path, depth, found)
	if rest != "" {
		out += rest[:1] + p.pairs(rest[1:], "&;#?", true, depth, found)
	}
	return out
}

// path masks the user info's password and secret segment parameters.
func (p *Policy) path(s string, depth int, found func(string)) string {
	if i := strings.Index(s, "://"); i >= 0 {
		hostEnd := len(s)
		if j := strings.IndexByte(s[i+3:], '/'); j >= 0 {
			hostEnd = i + 3 + j
		}
		if at := strings.LastIndexByte(s[i+3:hostEnd], '@'); at >= 0 {
			ui := s[i+3 : i+3+at]
			if user, pass, ok := strings.Cut(ui, ":"); ok && pass != "" {
				if found != nil {
					found(pass)
					found(Unescape(pass, false))
				}
				s = s[:i+3] + user + ":" + Mask + s[i+3+at:]
			}
		}
	}
	if !containsAny(s, ";=%") {
		return s
	}
	segs := strings.Split(s, "/")
	changed := false
	for i, seg := range segs {
		if !containsAny(seg, ";=%") {
			continue
		}
		if r := p.pairs(seg, ";&,", false, depth, found); r != seg {
			segs[i], changed = r, true
			continue
		}
		// An escaped separator ("account%3Baccess_token=S") that a server
		// may decode before it splits.
		if d := Unescape(seg, false); d != seg {
			if r := p.pairs(d, ";&,", false, depth, found); r != d {
				segs[i], changed = url.PathEscape(r), true
			}
		}
	}
	if !changed {
		return s
	}
	return strings.Join(segs, "/")
}

// ParseQuery splits a query or a form body into its key/value pairs as a
// forgiving server would: "&" and ";" both separate pairs, "+" is a space,
// and keys and values are percent-decoded leniently ([Unescape]), so that
// neither "?x=1;access_token=S" nor "?access_token=S%zz" hides a key.
// Unlike url.ParseQuery it never fails.
func ParseQuery(q string) [][2]string {
	var out [][2]string
	for _, part := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(part, "=")
		out = append(out, [2]string{Unescape(k, true), Unescape(v, true)})
	}
	return out
}
