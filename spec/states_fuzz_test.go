package spec_test

import (
	"encoding/json"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// FuzzParseStates reads arbitrary state tables: a table it accepts passes
// its own check and answers questions about every state it lists.
func FuzzParseStates(f *testing.F) {
	s, err := spec.Load()
	if err != nil {
		f.Fatal(err)
	}
	if b, err := json.Marshal(s.States()); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"states":[{"name":"a","initial":true}],"transitions":[]}`))
	f.Add([]byte(`{"states":[{"name":"a"},{"name":"a"}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := spec.ParseStates(data)
		if err != nil {
			return
		}
		if err := tab.Check(); err != nil {
			t.Fatalf("an accepted table fails its check: %v", err)
		}
		for _, name := range tab.Names() {
			if _, ok := tab.State(name); !ok {
				t.Fatalf("state %q listed but not found", name)
			}
			for _, to := range tab.Next(name) {
				if !tab.Allowed(name, to) {
					t.Fatalf("Next(%q) lists %q, which Allowed refuses", name, to)
				}
			}
		}
		for _, format := range []string{"mermaid", "dot", "text"} {
			_, _ = tab.Diagram(format)
		}
	})
}
