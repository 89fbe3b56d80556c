package policy

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestEveryKeyDocumented: each key the loader accepts is in the JSON
// Schema editors use (with a description) and in the starter file that
// 'wepaykit config init' writes, and the schema has no key the loader
// refuses.
func TestEveryKeyDocumented(t *testing.T) {
	raw, err := os.ReadFile("../schema/config/wepaykit-config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var sch struct {
		Properties map[string]json.RawMessage
		Defs       map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &sch); err != nil {
		t.Fatal(err)
	}
	starter := string(Starter())
	check := func(where string, keys []string, props map[string]json.RawMessage, inStarter func(string) bool) {
		for _, k := range keys {
			p, ok := props[k]
			if !ok {
				t.Errorf("%s: key %q is not in the JSON Schema", where, k)
				continue
			}
			var d struct {
				Description string
				Ref         string `json:"$ref"`
			}
			json.Unmarshal(p, &d)
			if d.Description == "" && d.Ref == "" {
				t.Errorf("%s: key %q has no description in the JSON Schema", where, k)
			}
			if !inStarter(k) {
				t.Errorf("%s: key %q is not in the starter file", where, k)
			}
		}
		for k := range props {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: the JSON Schema has key %q, which the loader refuses", where, k)
			}
		}
	}
	top := func(k string) bool {
		return regexp.MustCompile(`(?m)^#? ?` + regexp.QuoteMeta(k) + `:`).MatchString(starter)
	}
	check("top level", rootKeys, sch.Properties, top)
	for _, sec := range []struct {
		name string
		keys []string
	}{{"lint", lintKeys}, {"conformance", conformanceKeys}, {"coverage", coverageKeys}} {
		var s struct{ Properties map[string]json.RawMessage }
		json.Unmarshal(sch.Properties[sec.name], &s)
		in := func(k string) bool {
			return regexp.MustCompile(`(?m)^# ` + sec.name + `:\n(#   .*\n)*#   ` + regexp.QuoteMeta(k) + `:`).MatchString(starter)
		}
		check(sec.name, sec.keys, s.Properties, in)
	}
}
