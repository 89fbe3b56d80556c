package lint_test

import (
	"testing"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

// FuzzLint lints arbitrary documents, alone and as the new side and the
// baseline of --against: it must return problems or an error, never
// panic or run away (the hostile D0-D5 spec is a seed).
func FuzzLint(f *testing.F) {
	base, err := spec.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base.Source())
	f.Add(hostileSpec(f))
	f.Add([]byte("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n"))
	f.Add([]byte(`{"openapi":"3.1.0","components":{"schemas":{"A":{"$ref":"#/components/schemas/A"}}}}`))
	f.Add([]byte("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, x-wepaykit-rule: [r], properties: {state: {type: string, enum: [a, b], pattern: \"^(?i)[a-]{2$\\\\pL\"}, b: {$ref: \"#/components/schemas/B~1x\"}}, patternProperties: {\"[[:alpha:]]\": {}}}\nx-wepaykit-account-states: {states: [{name: a}, {name: c}]}\nx-wepaykit-quirk: q\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			t.Skip()
		}
		if _, err := lint.Lint(data, "fuzz.yaml", nil); err != nil {
			t.Fatalf("Lint without a baseline returned an error: %v", err)
		}
		_, _ = lint.Lint(base.Source(), "openapi.yaml", data)
	})
}

// FuzzDiff: any new version of the spec gets a changelog or an error, never
// a panic or a hang.
func FuzzDiff(f *testing.F) {
	f.Add(spec.Embedded())
	f.Add([]byte(base + states()))
	f.Add(fanOut(3, "{type: string}"))
	f.Add([]byte("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-wepaykit-account-states: {states: [{name: a, invariants: [{id: i}]}], transitions: [{from: a, to: b}]}\nx-wepaykit-rules: 7\nx-wepaykit-quirks: [{id: q}]\n"))
	f.Add([]byte("{}"))
	baseDoc := []byte(base + states())
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		cl, err := lint.Diff(baseDoc, data)
		if err != nil {
			return
		}
		for _, format := range lint.ChangelogFormats() {
			if err := cl.Write(discard{}, format); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := lint.Diff(data, baseDoc); err != nil {
			t.Fatalf("loads as new but not as base: %v", err)
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
