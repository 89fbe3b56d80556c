package spec

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Locator tells on which line of the contract's source text its parts sit:
// an operation, a named rule, a component schema and a member of it. Reports
// that point at the spec file (SARIF's physical locations, for a code
// scanning page to show) use it. Build one with [Spec.Locator] per report;
// it is read-only and safe for concurrent use.
type Locator struct {
	root *yaml.Node
}

// Locator parses the spec's source for its lines. A source that does not
// parse as YAML (cannot happen for a Spec that [Parse] accepted) gives a
// Locator that answers 0 for everything.
func (s *Spec) Locator() *Locator {
	var doc yaml.Node
	if err := yaml.Unmarshal(s.source, &doc); err != nil || len(doc.Content) == 0 {
		return &Locator{}
	}
	return &Locator{root: doc.Content[0]}
}

// Operation is the line of the call's operation ("post:" under
// paths./account/create), or of its path item; 0 when the spec lacks it.
func (l *Locator) Operation(path string) int {
	item, key := member(at(l.root, "paths"), path)
	if item == nil {
		return 0
	}
	if _, k := member(item, "post"); k != nil {
		return k.Line
	}
	return key.Line
}

// Rule is the line of the named rule's entry in x-wepaykit-rules; 0 when
// there is none.
func (l *Locator) Rule(id string) int {
	rules := at(l.root, "x-wepaykit-rules")
	if rules == nil || rules.Kind != yaml.SequenceNode {
		return 0
	}
	for _, r := range rules.Content {
		if v, k := member(r, "id"); v != nil && v.Value == id {
			return k.Line
		}
	}
	return 0
}

// Schema is the line of the member at pointer (a JSON pointer into a body,
// array indexes as numbers or "*") of the component schema name, following
// properties, items and $refs to other components; where the pointer leads
// past what the schema declares, the line of the deepest part found. It
// is 0 when the spec has no such schema.
func (l *Locator) Schema(name, pointer string) int {
	comps := at(l.root, "components", "schemas")
	n, key := member(comps, name)
	if n == nil {
		return 0
	}
	line := key.Line
	var toks []string
	if pointer != "" {
		for _, t := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
			toks = append(toks, strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~"))
		}
	}
	for hops := 0; ; {
		// A $ref (maybe the whole schema) leads to another component.
		if ref := at(n, "$ref"); ref != nil && hops < 16 {
			target, ok := strings.CutPrefix(ref.Value, "#/components/schemas/")
			next := at(comps, target)
			if !ok || next == nil || len(toks) == 0 {
				return line // a member is shown where it is declared
			}
			hops++
			n = next
			continue
		}
		if len(toks) == 0 {
			return line
		}
		tok := toks[0]
		var next, k *yaml.Node
		if _, err := strconv.Atoi(tok); err == nil || tok == "*" || tok == "-" {
			next, k = member(n, "items")
		}
		if next == nil {
			next, k = member(at(n, "properties"), tok)
		}
		if next == nil {
			return line
		}
		n, line, toks = next, k.Line, toks[1:]
	}
}

// member is the value and the key node of a mapping's member; nil, nil
// when n is not a mapping or lacks it.
func member(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1], n.Content[i]
		}
	}
	return nil, nil
}

// at follows keys from n; nil when one is missing.
func at(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n, _ = member(n, k)
	}
	return n
}
