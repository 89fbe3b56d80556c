package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/internal/schemagen"
)

// RefError reports a schema reference outside the document, which lint
// never loads.
type RefError struct{ URL string }

// Error implements error.
func (e *RefError) Error() string { return "lint: external reference not loaded: " + e.URL }

// exampleChecker validates examples with the same JSON Schemas (draft
// 2020-12, formats asserted) the validator uses.
type exampleChecker struct {
	c     *jsonschema.Compiler
	cache map[string]*jsonschema.Schema
}

// examples checks the examples and example of every schema in
// components.schemas, of the parameters' schemas and of every JSON media
// type (request bodies and answers).
func (l *linter) examples() {
	gen, err := schemagen.Generate(l.data)
	if err != nil {
		return // reported by compile
	}
	ec := &exampleChecker{c: jsonschema.NewCompiler(), cache: map[string]*jsonschema.Schema{}}
	ec.c.Draft = jsonschema.Draft2020
	ec.c.AssertFormat = true
	ec.c.LoadURL = func(s string) (io.ReadCloser, error) { return nil, &RefError{URL: s} }
	names := make([]string, 0, len(gen))
	for n, b := range gen {
		if strings.HasSuffix(n, schemagen.Suffix) {
			if err := ec.c.AddResource(schemagen.BaseID+n, bytes.NewReader(b)); err != nil {
				return
			}
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		var doc any
		if err := json.Unmarshal(gen[n], &doc); err != nil {
			continue
		}
		base := path{"components", "schemas", strings.TrimSuffix(n, schemagen.Suffix)}
		l.schemaExamples(ec, schemagen.BaseID+n, "", base, doc)
	}
	l.mediaExamples(ec)
}

// schemaExamples walks a generated schema and checks the examples of each
// schema in it against that schema.
func (l *linter) schemaExamples(ec *exampleChecker, url, ptr string, at path, node any) {
	obj, ok := node.(map[string]any)
	if !ok {
		return
	}
	if ex, ok := obj["examples"].([]any); ok {
		for i, v := range ex {
			l.checkExample(ec, url+"#"+ptr, at.at("examples", i), v)
		}
	}
	if v, ok := obj["example"]; ok {
		l.checkExample(ec, url+"#"+ptr, at.at("example"), v)
	}
	for _, kw := range []string{"properties", "patternProperties", "$defs", "dependentSchemas"} {
		m, _ := obj[kw].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			l.schemaExamples(ec, url, ptr+"/"+kw+"/"+jsonptr.Escape(k), at.at(kw, k), m[k])
		}
	}
	for _, kw := range []string{"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties"} {
		if sub, ok := obj[kw].(map[string]any); ok {
			l.schemaExamples(ec, url, ptr+"/"+kw, at.at(kw), sub)
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf", "prefixItems"} {
		list, _ := obj[kw].([]any)
		for i, sub := range list {
			l.schemaExamples(ec, url, ptr+"/"+kw+"/"+strconv.Itoa(i), at.at(kw, i), sub)
		}
	}
}

// mediaExamples checks example and examples of JSON bodies and the
// examples of the parameters' schemas.
func (l *linter) mediaExamples(ec *exampleChecker) {
	comp := l.doc.Components
	if comp != nil {
		for _, n := range sortedKeys(comp.RequestBodies) {
			if rb := comp.RequestBodies[n]; rb != nil && rb.Value != nil {
				l.contentExamples(ec, path{"components", "requestBodies", n, "content"}, rb.Value.Content)
			}
		}
		for _, n := range sortedKeys(comp.Responses) {
			if r := comp.Responses[n]; r != nil && r.Value != nil {
				l.contentExamples(ec, path{"components", "responses", n, "content"}, r.Value.Content)
			}
		}
		for _, n := range sortedKeys(comp.Parameters) {
			l.parameterExamples(ec, n, comp.Parameters[n])
		}
	}
	if l.doc.Paths == nil {
		return
	}
	m := l.doc.Paths.Map()
	for _, p := range sortedKeys(m) {
		post := m[p].Post
		if post == nil {
			continue
		}
		at := path{"paths", p, "post"}
		if post.RequestBody != nil && post.RequestBody.Ref == "" && post.RequestBody.Value != nil {
			l.contentExamples(ec, at.at("requestBody", "content"), post.RequestBody.Value.Content)
		}
		if post.Responses == nil {
			continue
		}
		rm := post.Responses.Map()
		for _, code := range sortedKeys(rm) {
			if r := rm[code]; r != nil && r.Ref == "" && r.Value != nil {
				l.contentExamples(ec, at.at("responses", code, "content"), r.Value.Content)
			}
		}
	}
}

func (l *linter) contentExamples(ec *exampleChecker, at path, c openapi3.Content) {
	mt := c.Get("application/json")
	if mt == nil || mt.Schema == nil || !strings.HasPrefix(mt.Schema.Ref, schemaRef) {
		return
	}
	url := schemagen.BaseID + strings.TrimPrefix(mt.Schema.Ref, schemaRef) + schemagen.Suffix
	at = at.at("application/json")
	if mt.Example != nil {
		l.checkExample(ec, url, at.at("example"), mt.Example)
	}
	for _, k := range sortedKeys(mt.Examples) {
		if ex := mt.Examples[k]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			l.checkExample(ec, url, at.at("examples", k, "value"), ex.Value.Value)
		}
	}
}

// parameterExamples checks the examples of a parameter's inline schema.
func (l *linter) parameterExamples(ec *exampleChecker, name string, p *openapi3.ParameterRef) {
	if p == nil || p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Ref != "" || p.Value.Schema.Value == nil {
		return
	}
	sc := p.Value.Schema.Value
	if len(sc.Examples) == 0 && sc.Example == nil {
		return
	}
	b, err := json.Marshal(sc)
	if err != nil {
		return
	}
	url := schemagen.BaseID + "parameters/" + name + ".json"
	if err := ec.c.AddResource(url, bytes.NewReader(b)); err != nil {
		return
	}
	var doc any
	if json.Unmarshal(b, &doc) == nil {
		l.schemaExamples(ec, url, "", path{"components", "parameters", name, "schema"}, doc)
	}
}

// checkExample validates one example against the schema at url.
func (l *linter) checkExample(ec *exampleChecker, url string, at path, example any) {
	sc, ok := ec.cache[url]
	if !ok {
		var err error
		if sc, err = ec.c.Compile(url); err != nil {
			sc = nil // reported by compile
		}
		ec.cache[url] = sc
	}
	if sc == nil {
		return
	}
	v, err := normalize(example)
	if err != nil {
		l.add(SeverityError, RuleExample, at, "example is not JSON: %v", err)
		return
	}
	if err := sc.Validate(v); err != nil {
		var ve *jsonschema.ValidationError
		msg := err.Error()
		if errors.As(err, &ve) {
			msg = leafMessages(ve)
		}
		l.add(SeverityError, RuleExample, at, "example does not match its schema: %s", msg)
	}
}

// leafMessages joins the innermost messages of a validation error.
func leafMessages(e *jsonschema.ValidationError) string {
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := e.InstanceLocation
			if loc == "" {
				loc = "(root)"
			}
			out = append(out, loc+": "+e.Message)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(e)
	return strings.Join(out, "; ")
}

// normalize re-decodes a value as encoding/json would, numbers exact.
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var out any
	err = d.Decode(&out)
	return out, err
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
