// Package spec loads wepaykit's OpenAPI 3.1 description of WePay's v2
// /account calls: the operations, the named rules that JSON Schema cannot
// express, the documented quirks of the reference and the account state
// machine. The document is embedded; users may load their own copy.
package spec

import (
	"context"
	"embed"
	"encoding/json"
	"os"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi.yaml
var files embed.FS

// EmbeddedName is the file name of the embedded document.
const EmbeddedName = "openapi.yaml"

// Side says which half of an exchange a body belongs to.
type Side string

// The two sides of an exchange, and the error body of a refused call.
const (
	Request  Side = "request"
	Response Side = "response"
	// ErrorBody is the body of a 4xx/5xx answer. [Spec.Fields] and
	// [Spec.RuleSites] accept it (error_code's rule sits there).
	ErrorBody Side = "error"
)

// Operation is one call of the API.
type Operation struct {
	Path           string // the call, for example "/account/create"
	ID             string // the stable operationId, for example "accountCreate"
	Summary        string
	Deprecated     bool
	BodyRequired   bool   // whether the request body is required
	RequestSchema  string // component name of the request body schema
	ResponseSchema string // component name of the 200 body schema
	ErrorSchema    string // component name of the 4xx/5xx body schema
}

// Spec is a loaded and checked contract. It is immutable and safe for
// concurrent use.
type Spec struct {
	name     string
	source   []byte
	doc      *openapi3.T
	ops      []Operation
	byPath   map[string]int
	rules    []Rule
	ruleBy   map[string]int
	quirks   []Quirk
	states   *StateTable
	versions VersionTable
}

// Embedded returns a copy of the embedded OpenAPI document (YAML).
func Embedded() []byte {
	b, err := files.ReadFile(EmbeddedName)
	if err != nil { // cannot happen: the file is embedded at build time
		return nil
	}
	return b
}

// Load parses and checks the embedded document.
func Load() (*Spec, error) { return Parse(Embedded(), EmbeddedName) }

// LoadFile parses and checks the document at path, for example a partner's
// copy of the spec with extensions.
func LoadFile(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{File: path, Err: err}
	}
	return Parse(data, path)
}

// Parse parses and checks an OpenAPI document (YAML or JSON); name is used in
// error messages.
func Parse(data []byte, name string) (*Spec, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	s := &Spec{name: name, source: append([]byte(nil), data...), doc: doc, byPath: map[string]int{}, ruleBy: map[string]int{}}
	if err := s.readOperations(); err != nil {
		return nil, err
	}
	if err := s.readExtensions(); err != nil {
		return nil, err
	}
	if err := s.readVersions(); err != nil {
		return nil, err
	}
	if err := s.checkRuleRefs(); err != nil {
		return nil, err
	}
	if err := s.checkBudget(); err != nil {
		return nil, err
	}
	return s, nil
}

// Source returns a copy of the document's text, as it was parsed.
func (s *Spec) Source() []byte { return append([]byte(nil), s.source...) }

// Name is the file name the spec was loaded from.
func (s *Spec) Name() string { return s.name }

// Document returns the kin-openapi document. Callers must not modify it.
func (s *Spec) Document() *openapi3.T { return s.doc }

// Operations lists the calls, sorted by path.
func (s *Spec) Operations() []Operation { return append([]Operation(nil), s.ops...) }

// Operation finds a call by its path, for example "/account/find". A
// trailing slash is ignored.
func (s *Spec) Operation(path string) (Operation, bool) {
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	i, ok := s.byPath[path]
	if !ok {
		return Operation{}, false
	}
	return s.ops[i], true
}

func (s *Spec) readOperations() error {
	for _, path := range s.doc.Paths.InMatchingOrder() {
		item := s.doc.Paths.Value(path)
		for method := range item.Operations() {
			if method != "POST" {
				return &SpecError{File: s.name, Where: "paths." + path, Msg: "every call is a POST; found " + method}
			}
		}
		post := item.Post
		if post == nil {
			continue
		}
		op := Operation{Path: path, ID: post.OperationID, Summary: post.Summary, Deprecated: post.Deprecated}
		if post.RequestBody == nil || post.RequestBody.Value == nil {
			return &SpecError{File: s.name, Where: "paths." + path + ".post", Msg: "no requestBody"}
		}
		op.BodyRequired = post.RequestBody.Value.Required
		op.RequestSchema = refName(jsonSchemaRef(post.RequestBody.Value.Content))
		if r := post.Responses.Value("200"); r != nil && r.Value != nil {
			op.ResponseSchema = refName(jsonSchemaRef(r.Value.Content))
		}
		for _, code := range []string{"4XX", "default", "400"} {
			if r := post.Responses.Value(code); r != nil && r.Value != nil {
				op.ErrorSchema = refName(jsonSchemaRef(r.Value.Content))
				break
			}
		}
		where := "paths." + path + ".post"
		switch {
		case op.ID == "":
			return &SpecError{File: s.name, Where: where, Msg: "no operationId"}
		case op.RequestSchema == "":
			return &SpecError{File: s.name, Where: where, Msg: "the request body is not a $ref to components.schemas"}
		case op.ResponseSchema == "":
			return &SpecError{File: s.name, Where: where, Msg: "no 200 application/json body that is a $ref to components.schemas"}
		case op.ErrorSchema == "":
			return &SpecError{File: s.name, Where: where, Msg: "no 4XX error body that is a $ref to components.schemas"}
		}
		s.ops = append(s.ops, op)
	}
	sort.Slice(s.ops, func(i, j int) bool { return s.ops[i].Path < s.ops[j].Path })
	for i, op := range s.ops {
		s.byPath[op.Path] = i
	}
	if len(s.ops) == 0 {
		return &SpecError{File: s.name, Where: "paths", Msg: "no operations"}
	}
	return nil
}

func jsonSchemaRef(c openapi3.Content) *openapi3.SchemaRef {
	mt := c.Get("application/json")
	if mt == nil {
		return nil
	}
	return mt.Schema
}

func refName(r *openapi3.SchemaRef) string {
	if r == nil {
		return ""
	}
	const p = "#/components/schemas/"
	if !strings.HasPrefix(r.Ref, p) {
		return ""
	}
	return strings.TrimPrefix(r.Ref, p)
}

// Schema returns the component schema with the given name.
func (s *Spec) Schema(name string) (*openapi3.Schema, bool) {
	r := s.doc.Components.Schemas[name]
	if r == nil || r.Value == nil {
		return nil, false
	}
	return r.Value, true
}

// decodeExt re-decodes an extension value into out.
func decodeExt(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
