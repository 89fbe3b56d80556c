package policy_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/wepaykit/wepaykit/policy"
)

const schemaFile = "../schema/config/wepaykit-config.schema.json"

// TestSchema checks the JSON Schema that editors use against the files the
// loader accepts (the starter file, the example) and refuses.
func TestSchema(t *testing.T) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	if err := c.AddResource("config.json", bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("config.json")
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := os.ReadFile("testdata/issue-example.yaml")
	good := map[string][]byte{
		"starter": policy.Starter(),
		"issue":   ex,
		"all": []byte(`
hosts: api.local
strict: true
max-body: 2MiB
max-depth: 20
workers: 0
scope: all
format: sarif
outputs: {junit: out.xml}
rules:
  schema.*: warning
  unknown-field:
    - severity: error
      operations: [/account/create]
    - severity: off
      pointers: /balances/*/withdrawal_bank_name
quiet: true
exclude: [fixtures, "*.golden.json"]
allow-empty: false
state-across-files: true
lint: {baseline: lint.json, fail-on: warning, format: github, outputs: {sarif: lint.sarif}}
conformance: {baseline: conf.json, format: json, outputs: {junit: conf.xml}}
coverage: {min: "operations=100,fields=60", format: text, outputs: {html: coverage.html}}
`),
	}
	bad := map[string][]byte{
		"unknown key":         []byte("fail_on: error\n"),
		"no reason":           []byte("ignore: [{rule: x}]\n"),
		"bad severity":        []byte("rules: {x: fatal}\n"),
		"bad env":             []byte("environment: prod\n"),
		"ignore key":          []byte("ignore: [{rule: x, reason: r, note: n}]\n"),
		"bad date":            []byte("ignore: [{rule: x, reason: r, until: 30/06/2027}]\n"),
		"only a reason":       []byte("ignore: [{reason: r}]\n"),
		"conformance fail-on": []byte("conformance: {fail-on: warning}\n"),
		"quiet not bool":      []byte("quiet: yes please\n"),
	}
	for name, data := range good {
		if _, err := policy.Parse(name, data); err != nil {
			t.Errorf("%s: the loader refuses it: %v", name, err)
		}
		if err := sch.Validate(yamlJSON(t, data)); err != nil {
			t.Errorf("%s: the schema refuses it: %v", name, err)
		}
	}
	for name, data := range bad {
		if _, err := policy.Parse(name, data); err == nil {
			t.Errorf("%s: the loader accepts it", name)
		}
		if err := sch.Validate(yamlJSON(t, data)); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// yamlJSON turns YAML into the JSON value an editor's schema check sees.
func yamlJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	v = dates(v)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

func dates(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case map[string]any:
		for k, e := range x {
			x[k] = dates(e)
		}
	case []any:
		for i, e := range x {
			x[i] = dates(e)
		}
	}
	return v
}
