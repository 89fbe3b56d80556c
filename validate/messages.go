package validate

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Limits of what a finding quotes from a body and from the spec.
const (
	maxShownValue = 48  // bytes of the offending value, as JSON
	maxHint       = 100 // bytes of the field's description
)

// schemaMessage is a schema failure told so that a partner can act on it:
// what failed, what the field is for (the spec's description, where it has
// one) and the value that was sent, truncated ("does not match pattern
// '^[0-9A-Fa-f]{6}$': a six-digit hex colour triplet without '#', for
// example 3C6E8F; got \"#3366CC\""). Values under secret keys are never
// shown; others are redacted by finish like every message.
func (c *call) schemaMessage(e *jsonschema.ValidationError, root any) string {
	msg := int64Bounds(e.Message)
	if strings.Contains(msg, "<nil>") {
		// The library prints an enum's null as Go's <nil>; JSON says null.
		msg = strings.ReplaceAll(msg, "<nil>", "null")
	}
	if hint := c.hint(e.AbsoluteKeywordLocation); hint != "" {
		msg += ": " + hint
	}
	if got, ok := shownValue(root, e.InstanceLocation); ok {
		msg += "; got " + got
	}
	return msg
}

// int64Bounds words the range of the reference's "Integer (64 bits)"
// exactly: the library prints the bounds as floats (9.223372036854776e+18).
func int64Bounds(msg string) string {
	if !strings.Contains(msg, "9.223372036854776e+18 ") {
		return msg
	}
	msg = strings.Replace(msg, "<= 9.223372036854776e+18 ", "<= 9223372036854775807 (the largest 64-bit integer) ", 1)
	return strings.Replace(msg, ">= -9.223372036854776e+18 ", ">= -9223372036854775808 (the smallest 64-bit integer) ", 1)
}

// hint is the first sentence of the description of the schema that holds
// the failed keyword.
func (c *call) hint(keywordLoc string) string {
	i := strings.LastIndexByte(keywordLoc, '/')
	if i < 0 {
		return ""
	}
	return c.v.hints[keywordLoc[:i]]
}

// hintsOf returns the hint of every schema of byLoc whose description
// gives one, by location: they are worded once, not for every finding.
func hintsOf(byLoc map[string]*jsonschema.Schema) map[string]string {
	hints := map[string]string{}
	for loc, sc := range byLoc {
		if h := firstSentence(sc.Description); h != "" {
			hints[loc] = h
		}
	}
	return hints
}

// firstSentence is the first sentence of a schema's description, cut to
// maxHint, and lower-cased at its start when it reads on after a colon.
func firstSentence(d string) string {
	d = strings.TrimSpace(d)
	if d == "" {
		return ""
	}
	// A description may wrap over lines: the first sentence is cut at its
	// end, not at the end of its first line ("... (when it is verified or").
	d = strings.Join(strings.Fields(d), " ")
	if j := strings.Index(d, ". "); j >= 0 {
		d = d[:j]
	}
	d = strings.TrimSuffix(d, ".")
	if len(d) > maxHint {
		d = truncUTF8(d, maxHint-3) + "..."
	}
	if len(d) > 1 && d[0] >= 'A' && d[0] <= 'Z' && !(d[1] >= 'A' && d[1] <= 'Z') {
		d = strings.ToLower(d[:1]) + d[1:] // "A six-digit ..." reads on after a colon; "URL ..." does not change
	}
	return d
}

// shownValue is the value at pointer as short JSON, or false when it must
// not be shown (it sits under a secret key) or is not there.
func shownValue(root any, pointer string) (string, bool) {
	for _, tok := range strings.Split(pointer, "/") {
		if isSecretKey(tok) {
			return "", false
		}
	}
	v := at(root, pointer)
	if v == nil && pointer != "" {
		// null is a value worth showing only when it is there
		if obj, ok := at(root, parentPointer(pointer)).(map[string]any); !ok || !hasKey(obj, lastToken(pointer)) {
			return "", false
		}
	}
	switch v.(type) {
	case map[string]any:
		return "an object", true
	case []any:
		return "an array", true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	s := string(b)
	if len(s) > maxShownValue {
		s = truncUTF8(s, maxShownValue-3) + "..."
	}
	return s, true
}

func parentPointer(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func lastToken(p string) string {
	t := p[strings.LastIndexByte(p, '/')+1:]
	return strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// truncUTF8 cuts s to at most n bytes without splitting a character.
func truncUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// oneFindingPerDefect drops, from the findings added since before, the
// named-rule findings at a pointer where the schema already reported the
// value's type or its absence: a string "null" in a nullable field, or a
// missing member, is one defect and gets one finding.
func oneFindingPerDefect(out []Finding, before int) []Finding {
	before = min(before, len(out)) // the limit may have let findings go (limit.go)
	var moot map[string]bool
	for _, f := range out[before:] {
		if f.Location == InBody && (f.Rule == RuleSchemaType || f.Rule == RuleSchemaRequired) {
			if moot == nil {
				moot = map[string]bool{}
			}
			moot[f.Pointer] = true
		}
	}
	if moot == nil {
		return out
	}
	kept := out[:before]
	for _, f := range out[before:] {
		named := !strings.HasPrefix(f.Rule, "schema.") && f.Rule != RuleUnknownField && f.Rule != "token-in-parameter"
		if named && f.Location == InBody && moot[f.Pointer] {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// article is "a" or "an" for a word: "an active account".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}
