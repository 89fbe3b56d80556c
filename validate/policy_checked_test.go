package validate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

// TestWithCheckedPolicy: an unknown rule id is an error of New, typed,
// naming the id, its line and the nearest known ids; ids of the other
// checkers given as also are accepted; WithPolicy stays unchecked.
func TestWithCheckedPolicy(t *testing.T) {
	typo := mustPolicy(t, "rules:\n  referrer-type-known: off\n  schema.maxlength: warning\n")
	_, err := validate.New(validate.WithCheckedPolicy(typo))
	var ue *policy.UnknownRuleError
	if !errors.As(err, &ue) {
		t.Fatalf("New = %v, want a *policy.UnknownRuleError", err)
	}
	if ue.Rule != "schema.maxlength" || ue.Line != 3 || ue.Suggestion() != validate.RuleSchemaMaxLength {
		t.Errorf("error = %+v (nearest %v)", ue, ue.Nearest(3))
	}
	if !strings.Contains(err.Error(), `team.yaml:3: unknown rule "schema.maxlength" (did you mean schema.maxLength`) {
		t.Errorf("message: %v", err)
	}
	// The validator of an unchecked policy is built as before.
	if _, err := validate.New(validate.WithPolicy(typo)); err != nil {
		t.Errorf("WithPolicy: %v", err)
	}
	// A shared file naming a lint id and a conformance check.
	shared := mustPolicy(t, "rules:\n  unknown-field: error\n  lint.example: off\n  enums/account/create/mode: off\n")
	if _, err := validate.New(validate.WithCheckedPolicy(shared)); err == nil {
		t.Errorf("ids of other checkers accepted without also")
	}
	if _, err := validate.New(validate.WithCheckedPolicy(shared, "lint.example", "enums/account/create/mode")); err != nil {
		t.Errorf("with also: %v", err)
	}
	// Globs are checked too: one that matches no id is an error.
	if _, err := validate.New(validate.WithCheckedPolicy(mustPolicy(t, "rules:\n  schmea.*: off\n"))); err == nil {
		t.Errorf("a glob matching nothing accepted")
	}
	if _, err := validate.New(validate.WithCheckedPolicy(nil)); err != nil {
		t.Errorf("nil policy: %v", err)
	}
}

// ExampleWithCheckedPolicy shows a typo in a team policy caught when the
// validator is built, not left as a rule control that never applies. The
// file also serves wepaykit lint, so lint's ids are accepted too.
func ExampleWithCheckedPolicy() {
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
rules:
  lint.example: off
  refferer-type-known: off
`))
	if err != nil {
		panic(err)
	}
	_, err = validate.New(validate.WithCheckedPolicy(p, lint.RuleIDs()...))
	var ue *policy.UnknownRuleError
	if errors.As(err, &ue) {
		fmt.Printf("%s:%d: %q: did you mean %s?\n", ue.File, ue.Line, ue.Rule, ue.Suggestion())
	}
	// Output:
	// .wepaykit.yaml:4: "refferer-type-known": did you mean referrer-type-known?
}
