// Package schemagen derives the standalone JSON Schema (draft 2020-12) files
// of package schema from the components of the OpenAPI document in package
// spec, so that the spec stays the single source of the contract.
//
// Each component schema X becomes X.schema.json with $schema and $id set,
// "#/components/schemas/Y" references rewritten to "Y.schema.json", the
// OpenAPI-only format int64 said as its range (minimum and maximum), and wepaykit's x- extensions moved into
// $comment (strict validators such as ajv reject unknown keywords). An
// operations.json index maps each call and side to its schema.
package schemagen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// BaseID is the $id prefix of every generated schema.
const BaseID = "https://schemas.wepaykit.dev/v2/"

// Suffix ends the name of every generated schema file.
const Suffix = ".schema.json"

// IndexFile is the name of the generated operation index.
const IndexFile = "operations.json"

const refPrefix = "#/components/schemas/"

// Error reports a spec that the generator cannot turn into schema files.
type Error struct {
	Path string // where in the spec, as a dotted path
	Msg  string
}

// Error implements error.
func (e *Error) Error() string { return "schemagen: " + e.Path + ": " + e.Msg }

// OperationSchemas names the schemas of one call, as operations.json lists them.
type OperationSchemas struct {
	Request  string `json:"request"`
	Response string `json:"response"`
	Error    string `json:"error"`
}

// Generate returns the schema files (name -> content) derived from spec.
func Generate(spec []byte) (map[string][]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, &Error{Path: "(document)", Msg: err.Error()}
	}
	if len(root.Content) == 0 {
		return nil, &Error{Path: "(document)", Msg: "empty document"}
	}
	doc := root.Content[0]
	schemas := lookup(doc, "components", "schemas")
	if schemas == nil || schemas.Kind != yaml.MappingNode {
		return nil, &Error{Path: "components.schemas", Msg: "missing"}
	}
	out := make(map[string][]byte)
	for i := 0; i+1 < len(schemas.Content); i += 2 {
		name := schemas.Content[i].Value
		head := []string{
			`  "$schema": "https://json-schema.org/draft/2020-12/schema"`,
			"  \"$id\": " + strconv.Quote(BaseID+name+Suffix),
		}
		gen := "Generated from spec/openapi.yaml (components.schemas." + name + ") by internal/schemagen; do not edit."
		body, err := encodeMap(schemas.Content[i+1], "components.schemas."+name, 0, head, gen)
		if err != nil {
			return nil, err
		}
		out[name+Suffix] = []byte(body + "\n")
	}
	idx, err := index(doc)
	if err != nil {
		return nil, err
	}
	out[IndexFile] = idx
	return out, nil
}

// index maps every path's POST operation to its request, success and error schemas.
func index(doc *yaml.Node) ([]byte, error) {
	paths := lookup(doc, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil, &Error{Path: "paths", Msg: "missing"}
	}
	ops := make(map[string]OperationSchemas)
	for i := 0; i+1 < len(paths.Content); i += 2 {
		p := paths.Content[i].Value
		post := lookup(paths.Content[i+1], "post")
		if post == nil {
			continue
		}
		var s OperationSchemas
		s.Request = schemaOf(doc, lookup(post, "requestBody"), "requestBodies")
		s.Response = schemaOf(doc, lookup(post, "responses", "200"), "responses")
		for _, code := range []string{"4XX", "default", "400"} {
			if s.Error = schemaOf(doc, lookup(post, "responses", code), "responses"); s.Error != "" {
				break
			}
		}
		if s.Request == "" || s.Response == "" || s.Error == "" {
			return nil, &Error{Path: "paths." + p, Msg: "post needs a request body, a 200 answer and a 4XX answer whose application/json schemas are $refs to components.schemas"}
		}
		ops[p] = s
	}
	keys := make([]string, 0, len(ops))
	for k := range ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, k := range keys {
		b, _ := json.Marshal(ops[k])
		fmt.Fprintf(&buf, "  %q: %s", k, b)
		if i < len(keys)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// schemaOf follows a request body or response (inline, or a $ref into
// components.<kind>) to the component schema name of its JSON content.
func schemaOf(doc, n *yaml.Node, kind string) string {
	if n == nil {
		return ""
	}
	if ref := lookup(n, "$ref"); ref != nil {
		n = lookup(doc, "components", kind, strings.TrimPrefix(ref.Value, "#/components/"+kind+"/"))
	}
	r := lookup(n, "content", "application/json", "schema", "$ref")
	if r == nil || !strings.HasPrefix(r.Value, refPrefix) {
		return ""
	}
	return strings.TrimPrefix(r.Value, refPrefix)
}

func lookup(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// encode writes n as indented JSON, keeping the YAML key order.
func encode(n *yaml.Node, path string, depth int) (string, error) {
	ind := strings.Repeat("  ", depth)
	switch n.Kind {
	case yaml.AliasNode:
		return "", &Error{Path: path, Msg: "YAML aliases are not supported in the spec"}
	case yaml.MappingNode:
		return encodeMap(n, path, depth, nil, "")
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return "[]", nil
		}
		flat := true
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				flat = false
			}
		}
		var parts []string
		for i, c := range n.Content {
			val, err := encode(c, path+"["+strconv.Itoa(i)+"]", depth+1)
			if err != nil {
				return "", err
			}
			parts = append(parts, val)
		}
		if flat {
			return "[" + strings.Join(parts, ", ") + "]", nil
		}
		return "[\n" + ind + "  " + strings.Join(parts, ",\n"+ind+"  ") + "\n" + ind + "]", nil
	case yaml.ScalarNode:
		return scalar(n, path)
	}
	return "", &Error{Path: path, Msg: "unsupported YAML node"}
}

func scalar(n *yaml.Node, path string) (string, error) {
	switch n.Tag {
	case "!!null":
		return "null", nil
	case "!!bool":
		if n.Value == "true" || n.Value == "false" {
			return n.Value, nil
		}
		return "", &Error{Path: path, Msg: "bad boolean " + n.Value}
	case "!!int", "!!float":
		var v json.Number
		if err := json.Unmarshal([]byte(n.Value), &v); err != nil {
			return "", &Error{Path: path, Msg: "number not valid in JSON: " + n.Value}
		}
		return n.Value, nil
	default:
		b, err := json.Marshal(n.Value)
		return string(b), err
	}
}

// encodeMap writes a mapping node; head entries come first and comment is
// merged with the node's own x-wepaykit notes into one $comment.
func encodeMap(n *yaml.Node, path string, depth int, head []string, comment string) (string, error) {
	if n.Kind != yaml.MappingNode {
		return "", &Error{Path: path, Msg: "a schema must be a mapping"}
	}
	ind := strings.Repeat("  ", depth)
	var parts []string
	var rules []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch {
		case k == "x-wepaykit-rules":
			for _, r := range v.Content {
				rules = append(rules, r.Value)
			}
			continue
		case k == "x-wepaykit-quirk":
			rules = append(rules, "quirk "+v.Value)
			continue
		case strings.HasPrefix(k, "x-"):
			continue
		case k == "format" && v.Value == "int64":
			// The reference's "Integer (64 bits)": ajv knows no format
			// int64, so its range is said with minimum and maximum (the
			// node's own bounds, when it has them, stay).
			if !hasKey(n, "minimum") {
				parts = append(parts, ind+"  \"minimum\": "+strconv.FormatInt(math.MinInt64, 10))
			}
			if !hasKey(n, "maximum") {
				parts = append(parts, ind+"  \"maximum\": "+strconv.FormatInt(math.MaxInt64, 10))
			}
			continue
		case k == "$ref":
			if !strings.HasPrefix(v.Value, refPrefix) {
				return "", &Error{Path: path, Msg: "only " + refPrefix + " references are supported, got " + v.Value}
			}
			parts = append(parts, ind+"  \"$ref\": "+strconv.Quote(strings.TrimPrefix(v.Value, refPrefix)+Suffix))
			continue
		}
		val, err := encode(v, path+"."+k, depth+1)
		if err != nil {
			return "", err
		}
		kb, _ := json.Marshal(k)
		parts = append(parts, ind+"  "+string(kb)+": "+val)
	}
	var notes []string
	if comment != "" {
		notes = append(notes, comment)
	}
	if len(rules) > 0 {
		notes = append(notes, "wepaykit: "+strings.Join(rules, ", ")+" (see x-wepaykit-rules and x-wepaykit-quirks in spec/openapi.yaml)")
	}
	if len(notes) > 0 {
		parts = append(parts, ind+"  \"$comment\": "+strconv.Quote(strings.Join(notes, " ")))
	}
	parts = append(head, parts...)
	if len(parts) == 0 {
		return "{}", nil
	}
	return "{\n" + strings.Join(parts, ",\n") + "\n" + ind + "}", nil
}

// hasKey reports whether the mapping node n has the key k.
func hasKey(n *yaml.Node, k string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return true
		}
	}
	return false
}
