package redact

import (
	"regexp"
	"strings"
)

// textCredential finds a credential after an authorization scheme in free
// text ("Bearer abc", "Authorization: Basic abc").
var textCredential = regexp.MustCompile(`(?i)\b(bearer|basic|token|oauth)(\s+)([^\s"',;]+)`)

// textPair finds a name and its value in free text: name=value,
// name: value, "name": "value".
var textPair = regexp.MustCompile(`([A-Za-z0-9_.%\\\-]+)(["']?\s*[:=]\s*["']?)([^\s"'&,;]+)`)

// Text masks the credentials it can recognise in free text that is neither
// a URL, a header nor a body (a message, a page's caption): the word after
// an authorization scheme (Bearer, Basic, ...) and the value given to a
// secret name ("access_token=S", `"client_secret": "S"`, "password: S"),
// after decoding the name, and the secrets [Policy.Message] finds. Known
// values are masked by [Secrets.Text]; Text is the net for text whose
// secrets were not collected.
func (p *Policy) Text(s string) string {
	return p.textNet(p.Message(s))
}

// textNet masks the credential after a scheme and the value after a secret
// name, in any text.
func (p *Policy) textNet(s string) string {
	s = textCredential.ReplaceAllStringFunc(s, func(m string) string {
		sub := textCredential.FindStringSubmatch(m)
		if sub[3] == Mask || sub[3] == "[REDACTED" || strings.HasPrefix(sub[3], "<") { // "<access_token>" is a placeholder
			return m
		}
		return sub[1] + sub[2] + Mask
	})
	return p.pairText(s, nil)
}

// pairText masks the value given to a secret name in free text
// ("password: S", "client_secret=S", `"api_key": "S"`); found, when not
// nil, gets each masked value. The one thing it leaves alone is a
// sentence about the name (`"access_token": access tokens go only in the
// Authorization header`; see proseWord): masking "access" there, and
// collecting it, masked the word across a whole recording.
func (p *Policy) pairText(s string, found func(string)) string {
	if !containsAny(s, ":=") {
		return s
	}
	idx := textPair.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		name, sep, val := s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]
		key := unescapeJSON(Unescape(name, true))
		if !p.SecretKey(key) || val == Mask || authSchemes[strings.ToLower(val)] || proseWord(key, sep, val, s[m[7]:]) {
			continue
		}
		if found != nil {
			found(val)
		}
		b.WriteString(s[last:m[6]])
		b.WriteString(Mask)
		last = m[7]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// proseWord reports whether val, found after the secret name key with
// the separator sep, is a word of a sentence about the name rather than
// its value: the separator is a colon with no quote after it (a quoted
// value is data), val is one of the name's own words in lower case
// ("access" or "token" after access_token, or their plural), and the
// sentence goes on after it. "password: hunter two" is a value.
func proseWord(key, sep, val, rest string) bool {
	colon := strings.IndexByte(sep, ':')
	if colon < 0 || containsAny(sep[colon:], `"'`) {
		return false
	}
	if len(rest) < 2 || rest[0] != ' ' || rest[1] < 'a' || rest[1] > 'z' {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(key), func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		if val == w || val == w+"s" {
			return true
		}
	}
	return false
}

// Message masks the secrets of a message that quotes values, such as a
// finding's message or an error body's description ('answer has
// callback_uri = "https://h/ipn?access_token=S" but ...', 'got
// "STAGE_4f..."'): the values of secret parameters inside quoted strings
// and inside words that hold "=" (URLs, queries, "client_secret=S"), as
// [Policy.URL] masks them, the credential of a quoted "Bearer S", and
// token-shaped values anywhere ([Tokens]). Quoted strings may be cut short
// ("...") or JSON-escaped. Unlike [Policy.Text] it leaves the prose
// around the quotes alone ("the Bearer scheme", "access_token: access
// tokens go ..."), so it can run on every message.
func (p *Policy) Message(s string) string {
	if s == "" {
		return s
	}
	if strings.Contains(s, `"`) {
		s = p.quoted(s)
	}
	if containsAny(s, "=%") {
		s = p.words(s)
	}
	return Tokens(s)
}

// quoted masks secret parameters inside the double-quoted strings of s. A
// string runs to its closing quote or, when it was cut, to the end of s.
func (p *Policy) quoted(s string) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			b.WriteString(s[i:])
			break
		}
		q += i
		b.WriteString(s[i : q+1])
		end := q + 1
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		end = min(end, len(s))
		in := s[q+1 : end]
		if r := p.quotedValue(in); r != in {
			in, changed = r, true
		}
		b.WriteString(in)
		if end < len(s) {
			b.WriteByte('"')
		}
		i = end + 1
	}
	if !changed {
		return s
	}
	return b.String()
}

// quotedValue masks a quoted value: as a URL (or a query), and once
// JSON-unescaped ("access\u005ftoken=S"), in which case a hit masks the
// whole value, its escapes being unknown.
func (p *Policy) quotedValue(in string) string {
	if strings.Contains(in, `\`) {
		// Judge the value as it was sent; write it back escaped as the
		// message had it (JSON), only if something was masked.
		if d := unescapeJSON(in); d != in {
			if r := p.quotedValue(d); r != d {
				return jsonForm(r)
			}
			return in
		}
	}
	if containsAny(in, "=%@") {
		if r := p.url(in, 0, nil); r != in {
			return p.textNet(r)
		}
	}
	if containsAny(in, ":= \t") {
		// A quoted value is data, not prose: "password: S" and "Bearer S"
		// in it are a secret name's value and a credential.
		return p.textNet(in)
	}
	return in
}

// words masks secret parameters in the words of s that hold "=" or "%"
// outside quotes: a URL or a query printed bare.
func (p *Policy) words(s string) string {
	out := s
	eachField(s, func(c byte) bool { return c == ' ' || c == '"' || c == '\n' || c == '\t' }, func(w string) {
		if !containsAny(w, "=%") {
			return
		}
		if r := p.quotedValue(w); r != w {
			out = strings.Replace(out, w, r, 1)
		}
	})
	return out
}
