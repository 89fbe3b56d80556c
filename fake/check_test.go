package fake_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/schema"
	"github.com/wepaykit/wepaykit/spec"
)

// checker reports the findings a body of a call's side causes. The tests
// are written against it so that the schema-only implementation below can
// be replaced by package validate once it exists: a validator-backed
// checker also reports the spec's named rules.
type checker func(op string, side spec.Side, body []byte) []fake.Expect

// checks says what a checker can see: canSee(rule) reports whether a
// variant breaking rule can be detected by it.
type checks struct {
	check  checker
	canSee func(rule string) bool
}

// schemaChecks validates with the compiled JSON Schemas only: it sees
// schema.* findings and unknown members, not the named rules.
func schemaChecks(t testing.TB) checks {
	t.Helper()
	set, err := schema.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return checks{
		check: func(op string, side spec.Side, body []byte) []fake.Expect {
			return schemaFindings(t, set, op, side, body)
		},
		canSee: func(rule string) bool {
			return strings.HasPrefix(rule, "schema.") || rule == "unknown-field"
		},
	}
}

var quoted = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)

// schemaFindings maps every error of the jsonschema error tree to an
// Expect: the keyword that failed and the instance it failed at (for
// required, where the missing member belongs; for additionalProperties, the
// unknown member).
func schemaFindings(t testing.TB, set *schema.Set, op string, side spec.Side, body []byte) []fake.Expect {
	t.Helper()
	sc, err := set.ForOperation(op, schema.Side(side))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v", op, side, err)
	}
	err = sc.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%s %s: %v", op, side, err)
	}
	var out []fake.Expect
	var visit func(e *jsonschema.ValidationError)
	visit = func(e *jsonschema.ValidationError) {
		kw := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
		switch kw {
		case "required", "additionalProperties":
			rule := "schema.required"
			if kw == "additionalProperties" {
				rule = "unknown-field"
			}
			for _, m := range quoted.FindAllStringSubmatch(e.Message, -1) {
				out = append(out, fake.Expect{Pointer: e.InstanceLocation + "/" + m[1], Rule: rule, Severity: "error"})
			}
		case "", "$ref", "properties", "items", "allOf":
		default:
			out = append(out, fake.Expect{Pointer: e.InstanceLocation, Rule: "schema." + kw, Severity: "error"})
		}
		causes := e.Causes
		if kw == "oneOf" {
			causes = fittingBranches(e)
		}
		for _, c := range causes {
			visit(c)
		}
	}
	visit(ve)
	return out
}

// fittingBranches keeps the oneOf branches whose shape fits the instance,
// as a validator reporting the closest branch would: a branch that fails
// required, type or additionalProperties at the instance itself is another
// shape. When no branch fits, all are kept.
func fittingBranches(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	var keep []*jsonschema.ValidationError
	for _, c := range e.Causes {
		if !shapeMismatch(c, e.InstanceLocation) {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		return e.Causes
	}
	return keep
}

func shapeMismatch(e *jsonschema.ValidationError, at string) bool {
	kw := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
	if e.InstanceLocation == at && (kw == "required" || kw == "type" || kw == "additionalProperties") {
		return true
	}
	for _, c := range e.Causes {
		if shapeMismatch(c, at) {
			return true
		}
	}
	return false
}

// related reports whether one pointer is the other or an ancestor of it.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a+"/")
}
