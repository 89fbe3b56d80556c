package lint

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"gopkg.in/yaml.v3"
)

// patterns checks every pattern keyword and patternProperties key. The
// validator's JSON Schema compiler (santhosh-tekuri/jsonschema) compiles a
// pattern with Go's regexp.Compile, so that compile is tried first: a
// pattern it refuses makes the schema unusable. A pattern Go accepts can
// still not be an ECMA-262 regular expression (the dialect JSON Schema and
// OpenAPI name, which clients in JavaScript and most generators use):
// Go reads a stray "{" as a literal brace where ECMA-262 refuses it, so
// "^[0-9A-Fa-f]{6$" (a missing "}") silently becomes a pattern that matches
// the text "{6". Those are errors too.
func (l *linter) patterns() {
	l.loc.walkKeys(func(at path, k, v *yaml.Node) {
		switch {
		case k.Value == "pattern" && v.Kind == yaml.ScalarNode:
			l.pattern(at, v.Line, v.Value)
		case k.Value == "patternProperties" && v.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(v.Content); i += 2 {
				pk := v.Content[i]
				l.pattern(at.at(pk.Value), pk.Line, pk.Value)
			}
		}
	})
}

func (l *linter) pattern(at path, line int, p string) {
	if _, err := regexp.Compile(p); err != nil {
		msg := err.Error()
		if e, ok := err.(*syntax.Error); ok {
			msg = fmt.Sprintf("%s: `%s`", e.Code, e.Expr)
		}
		l.badPattern = true
		l.addAt(SeverityError, RulePattern, at, line, "pattern %q does not compile (%s), so the validator cannot use its schema", p, msg)
		return
	}
	if why := ecmaProblem(p); why != "" {
		l.addAt(SeverityError, RulePattern, at, line, "pattern %q is not an ECMA-262 regular expression, the dialect JSON Schema patterns are written in: %s", p, why)
	}
}

// ecmaProblem returns why a pattern Go's regexp accepts is not valid
// ECMA-262 (the grammar of its section 22.2, without the web browsers'
// Annex B leniency), or "" when no such reason is found. It looks only for
// what Go reads differently: stray braces and brackets, Go's own group
// flags and escapes, and POSIX classes.
func ecmaProblem(p string) string {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			e := p[i+1]
			switch {
			case strings.IndexByte("aAzZQECeEhHgGlLmMoOqyYiIjJ", e) >= 0:
				return fmt.Sprintf("\\%c is an escape of Go's regexp, not of ECMA-262", e)
			case (e == 'p' || e == 'P') && (i+2 >= len(p) || p[i+2] != '{'):
				return fmt.Sprintf("\\%c needs braces in ECMA-262 (\\%c{L}); Go's short form \\%cL is not ECMA-262", e, e, e)
			case (e == 'p' || e == 'P' || e == 'u' || e == 'x') && i+2 < len(p) && p[i+2] == '{':
				if j := strings.IndexByte(p[i+2:], '}'); j > 0 {
					i += 2 + j // \p{L}, \x{41}: the braces are the escape's
					continue
				}
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			} else if c == '[' && i+1 < len(p) && p[i+1] == ':' && strings.Contains(p[i:], ":]") {
				return "POSIX classes such as [[:alpha:]] are Go's; ECMA-262 reads them as a set of characters"
			}
		case c == '[':
			inClass = true
			if i+1 < len(p) && p[i+1] == '^' {
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				i++ // a leading ] is a literal in Go; ECMA-262's [] is an empty class: both compile, rarely meant
			}
		case c == '{':
			n := quantifierLen(p[i:])
			if n == 0 {
				return fmt.Sprintf("the { at offset %d does not start a quantifier {n}, {n,} or {n,m} (Go's regexp reads it as a literal brace)", i)
			}
			i += n - 1
		case c == '}' || c == ']':
			return fmt.Sprintf("the %c at offset %d closes nothing (Go's regexp reads it as a literal)", c, i)
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			rest := p[i+2:]
			if !(strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "!") ||
				strings.HasPrefix(rest, "<=") || strings.HasPrefix(rest, "<!") || (strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "<>"))) {
				return fmt.Sprintf("the group at offset %d uses Go's (?flags) or (?P<name>) syntax, which ECMA-262 has not", i)
			}
		}
	}
	return ""
}

// quantifierLen is the length of the quantifier {n}, {n,} or {n,m} at the
// start of s, 0 if there is none.
func quantifierLen(s string) int {
	i := 1
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if digits() == 0 {
		return 0
	}
	if i < len(s) && s[i] == ',' {
		i++
		digits()
	}
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	return 0
}
