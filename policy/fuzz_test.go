package policy_test

import (
	"os"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
)

// FuzzParse feeds the config loader arbitrary files: it must return a
// policy or a *ConfigError, never panic, and a policy it returns must be
// usable.
func FuzzParse(f *testing.F) {
	ex, _ := os.ReadFile("testdata/issue-example.yaml")
	f.Add(ex)
	f.Add(policy.Starter())
	f.Add([]byte("rules:\n  x: [{severity: off, pointers: ['/a/**']}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("ignore: [{rule: x, reason: r, until: 2020-01-01}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("f.yaml", data)
		if err != nil {
			if _, ok := err.(*policy.ConfigError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		p.Decide(policy.Key{Rule: "x", Operation: "/account/create", Pointer: "/a/b", File: "legacy/a.har"}, "error")
		p.Expired()
		_ = p.CheckRules([]string{"x"})
	})
}

// FuzzParseBaseline feeds the baseline reader arbitrary files.
func FuzzParseBaseline(f *testing.F) {
	f.Add([]byte(`{"version":1,"findings":[{"rule":"x","file":"a.har","count":2}]}`))
	f.Add([]byte(`{"version":1,"findings":[]}`))
	f.Add([]byte(`{"version":1,"findings":[{"rule":"x","count":1073741824},{"rule":"x","count":1073741824}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := policy.ParseBaseline("b.json", data)
		if err != nil {
			if _, ok := err.(*policy.BaselineError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		m := b.NewMatcher()
		for _, e := range b.Entries {
			m.Match(e.Key())
		}
		if len(m.Gone()) > len(b.Entries) || m.Pruned() == nil {
			t.Fatal("inconsistent matcher")
		}
	})
}
