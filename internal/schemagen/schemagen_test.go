package schemagen_test

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/internal/schemagen"
	"github.com/wepaykit/wepaykit/spec"
)

func generate(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := schemagen.Generate(spec.Embedded())
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if len(files) < 2 {
		t.Fatalf("Generate made %d files", len(files))
	}
	return files
}

// walkJSON calls fn for every object member of v, with its JSON pointer.
func walkJSON(v any, at string, fn func(at, key string, val any)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fn(at, k, x[k])
			walkJSON(x[k], at+"/"+k, fn)
		}
	case []any:
		for _, e := range x {
			walkJSON(e, at+"/*", fn)
		}
	}
}

func decodeFile(t *testing.T, name string, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	return v
}

func TestGeneratedFilesArePlainJSONSchema(t *testing.T) {
	files := generate(t)
	for name, b := range files {
		if name == schemagen.IndexFile {
			continue
		}
		if !strings.HasSuffix(name, schemagen.Suffix) {
			t.Errorf("unexpected file %s", name)
			continue
		}
		walkJSON(decodeFile(t, name, b), "", func(at, key string, val any) {
			if strings.HasPrefix(key, "x-") {
				t.Errorf("%s%s: key %q is an OpenAPI extension", name, at, key)
			}
			// Only a keyword "format" counts, not a property named format.
			if key == "format" && val == "int64" && !strings.HasSuffix(at, "/properties") {
				t.Errorf("%s%s: \"format\": \"int64\" is OpenAPI-only", name, at)
			}
		})
		if strings.Contains(string(b), `"format": "int64"`) {
			t.Errorf("%s contains the text \"format\": \"int64\"", name)
		}
	}
}

func TestGeneratedRefsResolve(t *testing.T) {
	files := generate(t)
	refs := 0
	for name, b := range files {
		if name == schemagen.IndexFile {
			continue
		}
		walkJSON(decodeFile(t, name, b), "", func(at, key string, val any) {
			if key != "$ref" {
				return
			}
			refs++
			ref, ok := val.(string)
			switch {
			case !ok:
				t.Errorf("%s%s: $ref is %T", name, at, val)
			case !strings.HasSuffix(ref, schemagen.Suffix):
				t.Errorf("%s%s: $ref %q does not end with %s", name, at, ref, schemagen.Suffix)
			case strings.Contains(ref, "/") || strings.Contains(ref, "#"):
				t.Errorf("%s%s: $ref %q is not a sibling file", name, at, ref)
			case files[ref] == nil:
				t.Errorf("%s%s: $ref %q names no generated file", name, at, ref)
			}
		})
	}
	if refs == 0 {
		t.Errorf("no $ref found: the check could not fail")
	}
}

func TestGeneratedHeadersAndIndex(t *testing.T) {
	files := generate(t)
	for name, b := range files {
		if name == schemagen.IndexFile {
			continue
		}
		var head struct {
			Schema  string `json:"$schema"`
			ID      string `json:"$id"`
			Comment string `json:"$comment"`
		}
		if err := json.Unmarshal(b, &head); err != nil {
			t.Fatal(err)
		}
		if head.ID != schemagen.BaseID+name || head.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $id %q $schema %q", name, head.ID, head.Schema)
		}
		if !strings.Contains(head.Comment, "do not edit") {
			t.Errorf("%s: $comment does not say the file is generated: %q", name, head.Comment)
		}
	}
	var idx map[string]schemagen.OperationSchemas
	if err := json.Unmarshal(files[schemagen.IndexFile], &idx); err != nil {
		t.Fatalf("%s: %v", schemagen.IndexFile, err)
	}
	if len(idx) != 8 {
		t.Errorf("%s lists %d calls, want 8", schemagen.IndexFile, len(idx))
	}
	for op, o := range idx {
		for _, n := range []string{o.Request, o.Response, o.Error} {
			if files[n+schemagen.Suffix] == nil {
				t.Errorf("%s: %s names %q, which is not generated", schemagen.IndexFile, op, n)
			}
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	for name := range a {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestGenerateRejectsAliases(t *testing.T) {
	cases := map[string]string{
		"alias inside a schema": `
components:
  schemas:
    A: &a
      type: string
    B:
      type: object
      properties:
        x: *a
paths: {}
`,
		"alias as a schema": `
components:
  schemas:
    A: &a
      type: string
    B: *a
paths: {}
`,
		"alias in a list": `
components:
  schemas:
    A:
      type: string
      enum: [&v x, *v]
paths: {}
`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := schemagen.Generate([]byte(doc))
			var ge *schemagen.Error
			if !errors.As(err, &ge) {
				t.Fatalf("Generate: %v (%T), want *schemagen.Error", err, err)
			}
			if !strings.HasPrefix(ge.Path, "components.schemas.B") && !strings.HasPrefix(ge.Path, "components.schemas.A") {
				t.Errorf("Error.Path = %q, want it inside components.schemas", ge.Path)
			}
		})
	}
	// The message says why when the alias is inside a schema.
	_, err := schemagen.Generate([]byte(cases["alias inside a schema"]))
	var ge *schemagen.Error
	if errors.As(err, &ge) && !strings.Contains(ge.Msg, "alias") {
		t.Errorf("Error.Msg = %q, want it to mention aliases", ge.Msg)
	}
}

func TestGenerateRejectsBadSpecs(t *testing.T) {
	cases := map[string]string{
		"not YAML":         "a: [",
		"empty":            "",
		"no components":    "paths: {}\n",
		"schema not a map": "components:\n  schemas:\n    A: [1]\npaths: {}\n",
		"external ref":     "components:\n  schemas:\n    A: {$ref: 'other.yaml#/A'}\npaths: {}\n",
		"no paths":         "components:\n  schemas:\n    A: {type: string}\n",
		"post without body": "components:\n  schemas:\n    A: {type: string}\npaths:\n  /a:\n    post:\n" +
			"      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}\n",
		"bad number": "components:\n  schemas:\n    A: {maxLength: 0x10}\npaths: {}\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := schemagen.Generate([]byte(doc))
			var ge *schemagen.Error
			if !errors.As(err, &ge) {
				t.Fatalf("Generate: %v (%T), want *schemagen.Error", err, err)
			}
		})
	}
}
