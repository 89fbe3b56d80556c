package lint

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

// addAt adds a problem at where, on line when it is known (> 0), else on
// the line of the deepest part of where that exists in the document.
func (l *linter) addAt(sev, rule string, where path, line int, format string, args ...any) {
	if line <= 0 {
		line = l.loc.lineOrRoot(where)
	}
	p := Problem{Severity: sev, Rule: rule, File: l.name, Where: where.String(), Line: line, Message: fmt.Sprintf(format, args...)}
	key := p.Rule + "\x00" + p.Where + "\x00" + p.Message
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.rules[rule] = true
	l.out = append(l.out, p)
}

// refs checks that every local $ref ("#/...") points at something in the
// document, and reports each one that does not at the line of the $ref,
// with the closest name that exists. kin-openapi stops at the first
// reference it cannot resolve and does not say where it was.
func (l *linter) refs() int {
	n := 0
	l.loc.walkKeys(func(at path, k, v *yaml.Node) {
		if k.Value != "$ref" || v.Kind != yaml.ScalarNode || !strings.HasPrefix(v.Value, "#") {
			return
		}
		ptr := strings.TrimPrefix(v.Value, "#")
		node, parent, missing := l.loc.root, path(nil), ""
		for _, tok := range jsonptr.Split(ptr) {
			next := child(node, tok)
			if next == nil && node.Kind == yaml.SequenceNode {
				next = child(node, "["+tok+"]")
			}
			if next == nil {
				missing = tok
				break
			}
			node, parent = next, parent.at(tok)
		}
		if missing == "" && ptr != "" && !strings.HasPrefix(ptr, "/") {
			missing = ptr
		}
		if missing == "" {
			return
		}
		n++
		hint := ""
		if node.Kind == yaml.MappingNode {
			best, bestD := "", 4
			for i := 0; i+1 < len(node.Content); i += 2 {
				if d := textdist.Distance(missing, node.Content[i].Value, bestD); d < bestD {
					best, bestD = node.Content[i].Value, d
				}
			}
			if best != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", "#/"+strings.Join(append(pointerTokens(parent), jsonptr.Escape(best)), "/"))
			}
		}
		where := "the document"
		if len(parent) > 0 {
			where = parent.String()
		}
		l.addAt(SeverityError, RuleOpenAPI, at, v.Line, "$ref %q does not resolve: %s has no %q%s", v.Value, where, missing, hint)
	})
	return n
}

func pointerTokens(p path) []string {
	out := make([]string, len(p))
	for i, s := range p {
		out[i] = jsonptr.Escape(strings.Trim(s, "[]"))
	}
	return out
}

// quotedRef finds the reference a kin-openapi load error names.
var quotedRef = regexp.MustCompile(`"(#/[^"]*)"`)

// lineOrRoot is the line of the deepest part of p that exists, or the
// line the document starts on.
func (l *locator) lineOrRoot(p path) int {
	if line := l.line(p); line > 0 {
		return line
	}
	if l != nil && l.root != nil {
		return l.root.Line
	}
	return 0
}

// refPlace is where a load error of kin-openapi happened: the first $ref
// whose value it quotes, nil if none is found.
func (l *locator) refPlace(err error) (path, int) {
	m := quotedRef.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, 0
	}
	var at path
	line := 0
	l.walkKeys(func(p path, k, v *yaml.Node) {
		if at == nil && k.Value == "$ref" && v.Kind == yaml.ScalarNode && v.Value == m[1] {
			at, line = p, v.Line
		}
	})
	return at, line
}

// validationPlace is the place in the document of a kin-openapi validation
// error, read from its context wrappers (section, path, operation,
// component); nil when it names none.
func validationPlace(err error) path {
	var at path
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch x := e.(type) {
		case *openapi3.SectionValidationError:
			switch s := x.Section; {
			case s == "external docs":
				at = at.at("externalDocs")
			case strings.HasPrefix(s, "callback "):
				at = at.at("callbacks", strings.Trim(strings.TrimPrefix(s, "callback "), `"`))
			default:
				at = at.at(s)
			}
		case *openapi3.PathValidationError:
			at = at.at(x.Path)
		case *openapi3.OperationValidationError:
			at = at.at(strings.ToLower(x.Method))
		case *openapi3.ComponentValidationError:
			at = at.at(componentKey(x.Section), x.Name)
		case *openapi3.MediaTypeExampleValidationError:
			at = at.at("examples", x.ExampleName)
		}
	}
	if at == nil && strings.Contains(err.Error(), "value of openapi") {
		at = path{"openapi"}
	}
	return at
}

// componentKey is the components key of a kin-openapi component section.
func componentKey(section string) string {
	switch section {
	case "request body":
		return "requestBodies"
	case "security scheme":
		return "securitySchemes"
	case "path item":
		return "pathItems"
	}
	return section + "s"
}

// yamlLine finds the line a YAML syntax error names.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine is the line a YAML syntax error names, 1 (the start of the
// document) if it names none.
func yamlErrorLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil && n > 0 {
			return n
		}
	}
	return 1
}
