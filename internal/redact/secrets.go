package redact

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// minSecret is the length below which a value is not treated as a secret:
// masking every one- or two-letter word would make text unreadable and
// hide nothing worth hiding.
const minSecret = 3

// anywhere is the length from which a secret is masked wherever it occurs;
// a shorter one is masked only where it stands alone (not inside a longer
// word), so that a three-letter token does not mangle unrelated words.
const anywhere = 8

// Secrets is a set of secret values to mask in free text: tokens taken
// from an exchange's Authorization header, query or body, masked wherever
// a writer would otherwise print them (a method, a path, a message). The
// zero value is an empty set; it is safe for concurrent use.
type Secrets struct {
	mu     sync.RWMutex
	forms  []string // longest first
	values []string // as added
}

// Add adds secret values. Each is also masked in its URL-escaped,
// path-escaped and JSON-escaped forms. Values shorter than three bytes, or
// without a letter or digit, are ignored.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < len(values); i++ {
		v := strings.TrimSpace(values[i])
		if fs := fields(v); len(fs) > 1 {
			// Each long word of a secret is a secret: a writer may
			// print the value cut at a space.
			for _, f := range fs {
				if len(f) >= anywhere {
					values = append(values, f)
				}
			}
		}
		if len(v) < minSecret || !hasAlnum(v) || v == Mask {
			continue
		}
		if !slices.Contains(s.values, v) {
			s.values = append(s.values, v)
		}
		for _, f := range [...]string{v, url.QueryEscape(v), url.PathEscape(v), jsonForm(v)} {
			if !slices.Contains(s.forms, f) {
				s.forms = append(s.forms, f)
			}
		}
	}
	slices.SortStableFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
}

// Values returns the secret values added so far (without their escaped
// forms), for a caller that keeps them elsewhere.
func (s *Secrets) Values() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.values)
}

// Len returns how many forms of secrets the set masks.
func (s *Secrets) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.forms)
}

// Text returns t with every secret of the set masked. A secret of eight
// bytes or more is masked wherever it occurs; a shorter one only where it
// is not part of a longer run of letters and digits.
func (s *Secrets) Text(t string) string {
	if s == nil || t == "" {
		return t
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, f := range s.forms {
		if !strings.Contains(t, f) {
			continue
		}
		if len(f) >= anywhere {
			t = strings.ReplaceAll(t, f, Mask)
			continue
		}
		t = replaceWords(t, f)
	}
	if containsAny(t, "%\\") {
		t = s.encoded(t)
	}
	if strings.Contains(t, "...") || strings.Contains(t, "…") {
		t = s.cut(t)
	}
	if mayHoldBase64(t) {
		t = maskWords(t, func(w string) bool {
			d, ok := decodeBase64(w)
			return ok && s.holds(d)
		})
	}
	return t
}

// holds reports whether d contains a secret of eight bytes or more. Call
// with s.mu held.
func (s *Secrets) holds(d string) bool {
	for _, f := range s.forms {
		if len(f) >= anywhere && strings.Contains(d, f) {
			return true
		}
	}
	return false
}

// cut masks the beginnings of secrets that a writer cut short before an
// ellipsis ("got \"STAGE_c21ffe2b...\""): the whole secret is not there to
// be found, but eight bytes or more of it are. Call with s.mu held.
func (s *Secrets) cut(t string) string {
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(t[i:], "...")
		k := strings.Index(t[i:], "\u2026")
		if j < 0 || k >= 0 && k < j {
			j = k
		}
		if j < 0 {
			break
		}
		j += i
		n := 0 // the longest beginning of a secret that ends at j
		for _, f := range s.forms {
			n = max(n, cutSecret(t[i:j], f))
		}
		b.WriteString(t[i : j-n])
		if n > 0 {
			b.WriteString(Mask)
		}
		end := j + 3
		if strings.HasPrefix(t[j:], "\u2026") {
			end = j + len("\u2026")
		}
		b.WriteString(t[j:end])
		i = end
	}
	if i == 0 {
		return t
	}
	b.WriteString(t[i:])
	return b.String()
}

// encoded masks the words of t (runs without spaces or quotes) that hold
// a secret of eight bytes or more only once percent- or JSON-decoded, so
// that a token spelled "%5A..." is not let out. Call with s.mu held.
func (s *Secrets) encoded(t string) string {
	words := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '"' || r == '\'' || r == '\n' })
	for _, w := range words {
		if !containsAny(w, "%\\") {
			continue
		}
		d := unescapeJSON(Unescape(w, true))
		for _, f := range s.forms {
			if len(f) >= anywhere && strings.Contains(d, f) {
				t = strings.ReplaceAll(t, w, Mask)
				break
			}
		}
	}
	return t
}

// replaceWords replaces the occurrences of f in t that are not glued to a
// letter or digit on either side.
func replaceWords(t, f string) string {
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(t[i:], f)
		if j < 0 {
			break
		}
		j += i
		end := j + len(f)
		glued := j > 0 && isAlnum(t[j-1]) && isAlnum(f[0]) || end < len(t) && isAlnum(t[end]) && isAlnum(f[len(f)-1])
		b.WriteString(t[i:j])
		if glued {
			b.WriteString(f)
		} else {
			b.WriteString(Mask)
		}
		i = end
	}
	if i == 0 {
		return t
	}
	b.WriteString(t[i:])
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			return true
		}
	}
	return false
}

// Collect adds to s the secret values of a request or an answer: the
// values of secret headers (with an Authorization credential and each
// cookie's value on their own), of secret parameters in rawURL (query,
// fragment, path segments, user info, nested URLs) and of secret members
// or parameters of body. Any argument may be empty.
func (p *Policy) Collect(s *Secrets, h http.Header, rawURL string, body []byte) {
	var vals []string
	add := func(v string) { vals = append(vals, v) }
	for name, vs := range h {
		if !p.SecretHeader(name) {
			p.url(strings.Join(vs, "\n"), 0, add)
			continue
		}
		for _, v := range vs {
			headerSecrets(v, add)
		}
	}
	if rawURL != "" {
		p.url(rawURL, 0, add)
		if d := Unescape(rawURL, false); d != rawURL {
			p.url(d, 0, add)
		}
	}
	if len(body) > 0 {
		p.body(body, add)
	}
	s.Add(vals...)
}

// fields is strings.Fields without its allocation for the common secret,
// a single word.
func fields(v string) []string {
	if strings.IndexFunc(v, unicode.IsSpace) < 0 {
		return nil
	}
	return strings.Fields(v)
}

// jsonForm returns v as encoding/json writes it inside a string, without
// the quotes. Most secrets need no escape, and then v is its own form.
func jsonForm(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(v)
			return string(j[1 : len(j)-1])
		}
	}
	return v
}

// cutSecret returns the length of the longest beginning of f, eight bytes
// or more but not all of f, that ends t; 0 when there is none.
func cutSecret(t, f string) int {
	if len(f) <= anywhere {
		return 0
	}
	p := max(0, len(t)-(len(f)-1))
	for p <= len(t)-anywhere {
		k := strings.Index(t[p:], f[:anywhere])
		if k < 0 {
			return 0
		}
		q := p + k
		if strings.HasPrefix(f, t[q:]) {
			return len(t) - q
		}
		p = q + 1
	}
	return 0
}
