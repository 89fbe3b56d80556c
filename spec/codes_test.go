package spec_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestRuleIDsMatchSpec: every named rule of the spec has a constant, and
// every constant is a rule of the spec.
func TestRuleIDsMatchSpec(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var inSpec []string
	for _, r := range s.Rules() {
		inSpec = append(inSpec, r.ID)
	}
	if got := spec.RuleIDs(); !slices.Equal(got, inSpec) {
		t.Errorf("spec.RuleIDs() = %v\nspec rules    = %v", got, inSpec)
	}
	// The list and the constants must agree too: a constant left out of
	// RuleIDs would escape the check above.
	consts := constants(t, "codes.go", "Rule")
	if !slices.Equal(sortedValues(consts), sorted(inSpec)) {
		t.Errorf("Rule* constants %v\nspec rules %v", sortedValues(consts), sorted(inSpec))
	}
}

// TestErrorCodesMatchSpec: the constants are the codes the spec's error
// body lists as known (error-code-known), no more, no fewer.
func TestErrorCodesMatchSpec(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc := s.Document().Components.Schemas["Error"]
	if sc == nil || sc.Value == nil || sc.Value.Properties["error_code"] == nil {
		t.Fatal("no Error.error_code in the spec")
	}
	var known []int
	for _, e := range sc.Value.Properties["error_code"].Value.Examples {
		switch n := e.(type) {
		case float64:
			known = append(known, int(n))
		case int:
			known = append(known, n)
		case json.Number:
			i, _ := n.Int64()
			known = append(known, int(i))
		default:
			t.Fatalf("example %v (%T)", e, e)
		}
	}
	if got := spec.ErrorCodes(); !slices.Equal(got, known) {
		t.Errorf("spec.ErrorCodes() = %v\nspec examples     = %v", got, known)
	}
	if n := len(constants(t, "codes.go", "ErrorCode")); n != len(known) {
		t.Errorf("%d ErrorCode* constants, %d known codes", n, len(known))
	}
}

// constants reads the constants of file whose names start with prefix.
func constants(t *testing.T, file, prefix string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, prefix) || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a literal", n.Name)
				}
				v := lit.Value
				if lit.Kind == token.STRING {
					v, _ = strconv.Unquote(v)
				}
				out[n.Name] = v
			}
		}
	}
	return out
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return sorted(out)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
