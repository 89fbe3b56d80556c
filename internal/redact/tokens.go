package redact

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode/utf8"
)

// tokenShape finds a value shaped like a WePay access token, whoever sent
// it and wherever it lands: "STAGE_" or "PRODUCTION_" then the token's
// characters (WePay's are 64 hex digits; a shorter or cut one is still
// masked), or the same prefixes in any case before at least 16 hex
// digits. reference: access tokens "look like STAGE_<hex>" (wepay-facts).
var tokenShape = regexp.MustCompile(`(?:STAGE|PRODUCTION)_[A-Za-z0-9_\-]+|(?i:stage|production)_[0-9a-fA-F]{16,}`)

// hasTokenPrefix reports whether s holds "stage_" or "production_" in any
// case: a cheap test before the regular expression runs.
func hasTokenPrefix(s string) bool {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '_')
		if j < 0 {
			return false
		}
		j += i
		if j >= 5 && strings.EqualFold(s[j-5:j], "stage") || j >= 10 && strings.EqualFold(s[j-10:j], "production") {
			return true
		}
		i = j + 1
	}
	return false
}

// TokenShaped reports whether s holds a value shaped like a WePay access
// token (see [Tokens]), also once percent- or JSON-decoded.
func TokenShaped(s string) bool {
	if hasTokenPrefix(s) && tokenShape.MatchString(s) {
		return true
	}
	if containsAny(s, "%\\") {
		return tokenShape.MatchString(unescapeJSON(Unescape(s, true)))
	}
	return false
}

// Tokens returns s with every value shaped like a WePay access token
// ("STAGE_" or "PRODUCTION_" and the token's characters) masked, wherever
// it occurs: a token sent by mistake in a body field, a query or a name is
// a secret whether or not the writer knew it as one. A word (a run without
// spaces or quotes) that holds such a token only once percent-, JSON- or
// base64-decoded ("STAGE%5F...", "STAGE\u005f...", base64 of "Bearer
// STAGE_...") is masked whole.
func Tokens(s string) string {
	if s == "" {
		return s
	}
	if hasTokenPrefix(s) {
		s = tokenShape.ReplaceAllStringFunc(s, func(m string) string {
			if m == "STAGE_" || m == "PRODUCTION_" {
				return m
			}
			return Mask
		})
	}
	if !containsAny(s, "%\\") && !mayHoldBase64(s) {
		return s
	}
	return maskWords(s, func(w string) bool {
		if containsAny(w, "%\\") && tokenShape.MatchString(unescapeJSON(Unescape(w, true))) {
			return true
		}
		d, ok := decodeBase64(w)
		return ok && TokenShaped(d)
	})
}

// maskWords replaces with [Mask] each word of s (a run without white space,
// quotes, '=' or '&' around it) for which hit is true.
func maskWords(s string, hit func(string) bool) string {
	out := s
	eachWord(s, func(w string) {
		if len(w) >= minSecret && hit(w) {
			out = strings.ReplaceAll(out, w, Mask)
		}
	})
	return out
}

// containsAny is strings.ContainsAny for a set of a few ASCII bytes: one
// vectorized scan of s for each byte, rather than a loop over the bytes of
// s against a set built for every call. (An ASCII byte is always a rune of
// its own, even in invalid UTF-8, so the answers are the same.)
func containsAny(s, chars string) bool {
	for i := 0; i < len(chars); i++ {
		if chars[i] >= utf8.RuneSelf {
			return strings.ContainsAny(s, chars)
		}
	}
	for i := 0; i < len(chars); i++ {
		if strings.IndexByte(s, chars[i]) >= 0 {
			return true
		}
	}
	return false
}

// eachWord calls f with each word of s, in order: the fields that
// strings.FieldsFunc(s, wordSep) gives.
func eachWord(s string, f func(w string)) {
	eachField(s, func(c byte) bool { return c < utf8.RuneSelf && wordSep(rune(c)) }, f)
}

// eachField calls f with each field of s, in order: the fields that
// strings.FieldsFunc gives for the separators sep accepts, which must all
// be ASCII (sep sees bytes, and a byte of 0x80 or above is part of a
// multi-byte or invalid sequence, never a separator rune). They are found without decoding runes or allocating: no byte
// of a multi-byte or invalid UTF-8 sequence is ASCII.
func eachField(s string, sep func(c byte) bool, f func(w string)) {
	start := -1
	for i := 0; i < len(s); i++ {
		switch {
		case !sep(s[i]):
			if start < 0 {
				start = i
			}
		case start >= 0:
			f(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

func wordSep(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '"', '\'', '&', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>':
		return true
	}
	return false
}

// minBase64 is the shortest word tried as base64: a shorter one cannot
// hold a token worth hiding.
const minBase64 = 16

// mayHoldBase64 reports whether s has a run of base64 characters long
// enough to be tried.
func mayHoldBase64(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; isAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_' || c == '=' {
			run++
			if run >= minBase64 {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// decodeBase64 decodes w (a word, possibly "Basic <base64>" cut to its
// credential, possibly with text before "=" or ":") in the standard or URL
// alphabet, padded or not. It reports false for anything that does not
// decode, or decodes to binary.
func decodeBase64(w string) (string, bool) {
	if i := lastColonOrEquals(w); i >= 0 && i < len(w)-1 {
		w = w[i+1:] // "auth:<b64>", "x=<b64>" (trailing '=' padding is kept)
	}
	w = strings.TrimRight(w, ".")
	if len(w) < minBase64 {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(w); err == nil && printable(b) {
			return string(b), true
		}
	}
	return "", false
}

// lastColonOrEquals is strings.LastIndexAny(w, ":="), without building a
// set of the two bytes for every word.
func lastColonOrEquals(w string) int {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == ':' || w[i] == '=' {
			return i
		}
	}
	return -1
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return len(b) > 0
}
