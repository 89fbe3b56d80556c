package lint

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wepaykit/wepaykit/spec"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

// knownExtensions are the x-wepaykit-* keys wepaykit reads. Any other key
// with that prefix is read by nothing: a typo (x-wepaykit-rule for
// x-wepaykit-rules) silently stops a rule from applying.
func knownExtensions() []string {
	return []string{spec.ExtRules, spec.ExtQuirk, spec.ExtQuirks, spec.ExtStates, spec.ExtIPN, spec.ExtVersions}
}

// extPrefix is the prefix of wepaykit's extensions.
const extPrefix = "x-wepaykit"

// nameMap reports whether a keyword's value is a map of names (property
// names, media types), not of OpenAPI or JSON Schema keywords: its keys are
// never extensions.
func nameMap(key string) bool {
	switch key {
	case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependentRequired",
		"content", "encoding", "mapping", "variables", "scopes":
		return true
	}
	return false
}

// dataKey reports whether a keyword's value is data (examples, defaults,
// enum values), never read as OpenAPI.
func dataKey(key string) bool {
	switch key {
	case "example", "examples", "default", "enum", "const", "value":
		return true
	}
	return false
}

// keyVisitor is called for each keyword of an OpenAPI or JSON Schema
// object: at is the path of the key, k the key node and v its value.
type keyVisitor func(at path, k, v *yaml.Node)

// walkKeys calls fn for every keyword of every object of the document, not
// for the keys of name maps (properties, components.schemas, ...) and not
// inside data (examples, enum values) or extension values. Each node is
// visited once, so anchors and aliases cannot multiply the walk.
func (l *locator) walkKeys(fn keyVisitor) {
	if l == nil || l.root == nil {
		return
	}
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, at path, names bool)
	walk = func(n *yaml.Node, at path, names bool) {
		if n.Kind == yaml.AliasNode || seen[n] {
			return
		}
		seen[n] = true
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := at.at(k.Value)
				if names {
					walk(v, p, false)
					continue
				}
				fn(p, k, v)
				if strings.HasPrefix(strings.ToLower(k.Value), "x-") || (dataKey(k.Value) && !exampleObjects(k.Value, v)) {
					continue
				}
				walk(v, p, nameMap(k.Value) || componentSection(at) || exampleObjects(k.Value, v))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, at.at(i), false)
			}
		}
	}
	walk(l.root, nil, false)
}

// componentSection reports whether at is "components": its values are maps
// of component names.
func componentSection(at path) bool { return len(at) == 1 && at[0] == "components" }

// exampleObjects reports whether an examples keyword holds OpenAPI Example
// objects (a map of names, in a media type, parameter or components), whose
// summary and value are read, rather than a JSON Schema list of values.
func exampleObjects(key string, v *yaml.Node) bool {
	return key == "examples" && v.Kind == yaml.MappingNode
}

// extensions reports x-wepaykit-* keys that wepaykit does not read, with
// the known key they are closest to.
func (l *linter) extensions() {
	known := knownExtensions()
	l.loc.walkKeys(func(at path, k, v *yaml.Node) {
		key := k.Value
		low := strings.ToLower(key)
		if !strings.HasPrefix(low, "x-") {
			return
		}
		isKnown := false
		for _, n := range known {
			if key == n {
				isKnown = true
			}
		}
		if isKnown {
			l.misplaced(at, k, v)
			return
		}
		best, bestD := "", 6
		for _, n := range known {
			if d := textdist.Distance(low, n, bestD); d < bestD {
				best, bestD = n, d
			}
		}
		if !strings.HasPrefix(low, extPrefix) && !strings.HasPrefix(low, "x_wepaykit") && bestD > 2 {
			return // another tool's extension, or too far from any of ours to be a typo
		}
		hint := "; wepaykit reads " + strings.Join(known, ", ")
		if best != "" {
			hint = "; did you mean " + best + "?"
		}
		l.addAt(SeverityError, RuleExtension, at, k.Line, "unknown extension %s: wepaykit does not read it, so what it says does not apply%s", key, hint)
	})
}

// topLevel reports whether an extension is read only at the top of the
// document; the others are read only below it (on schemas, on the
// webhook's operation).
func topLevel(key string) bool {
	switch key {
	case spec.ExtRules, spec.ExtQuirks, spec.ExtStates, spec.ExtVersions:
		return true
	}
	return false
}

// misplaced reports a known extension where or in a shape wepaykit does
// not read it (spec reads x-wepaykit-rules and x-wepaykit-quirk on schemas
// only, a list and a string; x-wepaykit-ipn on a webhook's operation;
// the others at the top): x-wepaykit-quirks (the list) on a field,
// x-wepaykit-quirk at the top, x-wepaykit-rules: one-id without brackets.
func (l *linter) misplaced(at path, k, v *yaml.Node) {
	key, top := k.Value, len(at) == 1
	bad := func(format string, args ...any) {
		l.addAt(SeverityError, RuleExtension, at, k.Line, "%s: "+format, append([]any{key}, args...)...)
	}
	switch {
	case top && !topLevel(key):
		hint := ""
		if key == spec.ExtQuirk {
			hint = "; did you mean " + spec.ExtQuirks + "?"
		}
		bad("wepaykit does not read it at the top of the document, so it does not apply%s", hint)
	case top:
	case topLevel(key) && key != spec.ExtRules:
		hint := ""
		if key == spec.ExtQuirks {
			hint = "; did you mean " + spec.ExtQuirk + "?"
		}
		bad("wepaykit reads it only at the top of the document, so it does not apply here%s", hint)
	case key == spec.ExtIPN:
		if len(at) != 4 || at[0] != "webhooks" {
			bad("wepaykit reads it only on a webhook's operation (webhooks.%s.post), so it does not apply here", spec.WebhookAccountIPN)
		}
	case !inSchema(at):
		bad("wepaykit reads it only on a schema, so it does not apply here")
	case key == spec.ExtRules && v.Kind != yaml.SequenceNode:
		bad("wepaykit reads a list of rule ids ([%s]); a single value is not read, so the rule does not apply", v.Value)
	case key == spec.ExtQuirk && v.Kind != yaml.ScalarNode:
		bad("wepaykit reads one quirk id (a string); this value is not read, so the quirk does not apply")
	}
}

// inSchema reports whether the key at is a keyword of a schema: under
// components.schemas or under a schema keyword (of a parameter, header or
// media type).
func inSchema(at path) bool {
	if len(at) > 2 && at[0] == "components" && at[1] == "schemas" {
		return true
	}
	for _, s := range at[:len(at)-1] {
		if s == "schema" {
			return true
		}
	}
	return false
}
