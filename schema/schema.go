// Package schema holds standalone JSON Schema (draft 2020-12) files for every
// structure and every call's request and response body of WePay's v2
// /account API, and compiles them (santhosh-tekuri/jsonschema/v5) once for
// validation.
//
// The files are generated from spec/openapi.yaml (see generate.go); they
// carry no wepaykit-specific keywords, so third-party validators accept them.
// A [Set] is immutable and safe for concurrent use.
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/internal/schemagen"
)

//go:embed *.schema.json operations.json
var files embed.FS

// BaseID prefixes the $id of every schema file.
const BaseID = "https://schemas.wepaykit.dev/v2/"

// Suffix ends every schema file name.
const Suffix = ".schema.json"

// IndexFile maps each call to its body schemas.
const IndexFile = "operations.json"

// Side says which half of an exchange a body belongs to.
type Side string

// The sides of a call. Error names the body of a 4xx or 5xx answer.
const (
	Request  Side = "request"
	Response Side = "response"
	Error    Side = "error"
)

// Operation names the schemas of one call's bodies.
type Operation struct {
	Request  string `json:"request"`
	Response string `json:"response"`
	Error    string `json:"error"`
}

// Set is a compiled collection of schemas.
type Set struct {
	compiled map[string]*jsonschema.Schema
	raw      map[string][]byte
	ops      map[string]Operation
}

// FS returns the embedded schema files.
func FS() fs.FS { return files }

// Embedded compiles the embedded schema files.
func Embedded() (*Set, error) { return Load(files) }

// LoadDir compiles the schema files in a directory, for example a partner's
// copy with extensions.
func LoadDir(dir string) (*Set, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, &LoadError{File: dir, Err: err}
	}
	return Load(os.DirFS(dir))
}

// Load compiles every *.schema.json at the root of fsys, and reads
// operations.json when present. Each file's $id must be BaseID + its name so
// that the files' relative $refs resolve among themselves.
func Load(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*"+Suffix)
	if err != nil {
		return nil, &LoadError{File: ".", Err: err}
	}
	if len(names) == 0 {
		return nil, &LoadError{File: ".", Err: fs.ErrNotExist}
	}
	sort.Strings(names)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.ExtractAnnotations = true // titles and examples are read by validate
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, &LoadError{File: s, Err: fs.ErrNotExist} // never reach the network
	}
	set := &Set{compiled: map[string]*jsonschema.Schema{}, raw: map[string][]byte{}, ops: map[string]Operation{}}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, &LoadError{File: n, Err: err}
		}
		if !json.Valid(b) {
			return nil, &LoadError{File: n, Err: errInvalidJSON}
		}
		if err := c.AddResource(BaseID+n, bytes.NewReader(b)); err != nil {
			return nil, &LoadError{File: n, Err: err}
		}
		set.raw[strings.TrimSuffix(n, Suffix)] = b
	}
	for _, n := range names {
		sc, err := c.Compile(BaseID + n)
		if err != nil {
			return nil, &CompileError{Name: strings.TrimSuffix(n, Suffix), Err: err}
		}
		set.compiled[strings.TrimSuffix(n, Suffix)] = sc
	}
	if b, err := fs.ReadFile(fsys, IndexFile); err == nil {
		if err := json.Unmarshal(b, &set.ops); err != nil {
			return nil, &LoadError{File: IndexFile, Err: err}
		}
		for op, o := range set.ops {
			for _, n := range []string{o.Request, o.Response, o.Error} {
				if _, ok := set.compiled[n]; !ok {
					return nil, &LoadError{File: IndexFile, Err: &NotFoundError{Name: n, Operation: op}}
				}
			}
		}
	}
	return set, nil
}

// Names lists the schema names (file names without ".schema.json"), sorted.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.compiled))
	for n := range s.compiled {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Schema returns a compiled schema by name, for example "Account".
func (s *Set) Schema(name string) (*jsonschema.Schema, error) {
	sc, ok := s.compiled[name]
	if !ok {
		return nil, &NotFoundError{Name: name}
	}
	return sc, nil
}

// Source returns the JSON text of a schema by name.
func (s *Set) Source(name string) ([]byte, error) {
	b, ok := s.raw[name]
	if !ok {
		return nil, &NotFoundError{Name: name}
	}
	return append([]byte(nil), b...), nil
}

// Operations lists the calls the index knows, sorted.
func (s *Set) Operations() []string {
	out := make([]string, 0, len(s.ops))
	for op := range s.ops {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}

// SchemaName returns the name of a call's body schema on a side.
func (s *Set) SchemaName(op string, side Side) (string, error) {
	o, ok := s.ops[path.Clean("/"+strings.TrimPrefix(op, "/"))]
	if !ok {
		return "", &NotFoundError{Operation: op}
	}
	switch side {
	case Request:
		return o.Request, nil
	case Response:
		return o.Response, nil
	case Error:
		return o.Error, nil
	}
	return "", &NotFoundError{Operation: op, Side: string(side)}
}

// ForOperation returns the compiled schema of a call's body on a side, for
// example ("/account/create", Request).
func (s *Set) ForOperation(op string, side Side) (*jsonschema.Schema, error) {
	n, err := s.SchemaName(op, side)
	if err != nil {
		return nil, err
	}
	return s.Schema(n)
}

// FromSpec compiles the schemas of an OpenAPI document's components, the way
// the embedded files are generated from the embedded spec. Use it with a
// partner's own copy or extension of the spec.
func FromSpec(specYAML []byte) (*Set, error) {
	gen, err := schemagen.Generate(specYAML)
	if err != nil {
		return nil, &LoadError{File: "spec", Err: err}
	}
	m := fstest.MapFS{}
	for name, b := range gen {
		m[name] = &fstest.MapFile{Data: b}
	}
	return Load(m)
}
