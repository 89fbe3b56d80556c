package lint_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

// base is a small spec wepaykit accepts; tests edit it with strings.Replace.
const base = `openapi: 3.1.0
info: {title: test, version: "1"}
paths:
  /account:
    post:
      operationId: account
      requestBody: {$ref: "#/components/requestBodies/Lookup"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
        "4XX":
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /account/delete:
    post:
      operationId: accountDelete
      requestBody: {$ref: "#/components/requestBodies/Lookup"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
        "4XX":
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
components:
  requestBodies:
    Lookup:
      required: true
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Lookup"}
  schemas:
    Lookup:
      type: object
      additionalProperties: false
      required: [account_id]
      properties:
        account_id: {type: integer}
    Account:
      type: object
      required: [account_id]
      properties:
        account_id: {type: integer}
        name: {type: string, maxLength: 255, examples: ["Shop"]}
        state: {type: string, enum: [action_required, pending, active, disabled, deleted]}
        note: {type: [string, "null"]}
        color: {type: string}
    Error:
      type: object
      required: [error]
      properties:
        error: {type: string}
`

// states is the embedded spec's state machine, which every spec needs.
func states() string {
	s := string(spec.Embedded())
	return s[strings.Index(s, "\n"+spec.ExtStates+":")+1:]
}

func doc(s string) []byte { return []byte(s + states()) }

func edit(t *testing.T, old, new string) []byte {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("base has no %q", old)
	}
	return doc(strings.Replace(base, old, new, 1))
}

func run(t *testing.T, data []byte, against []byte) []lint.Problem {
	t.Helper()
	ps, err := lint.Lint(data, "test.yaml", against)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// summary lists "rule where" of each problem, sorted.
func summary(ps []lint.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Rule+" "+p.Where)
	}
	sort.Strings(out)
	return out
}

func TestEmbeddedSpecIsClean(t *testing.T) {
	ps, err := lint.Lint(spec.Embedded(), spec.EmbeddedName, spec.Embedded())
	if err != nil || len(ps) != 0 {
		t.Fatalf("err %v, problems %v", err, ps)
	}
}

func TestBaseIsClean(t *testing.T) {
	if ps := run(t, doc(base), doc(base)); len(ps) != 0 {
		t.Fatalf("problems %v", ps)
	}
}

func TestNotADocument(t *testing.T) {
	for _, in := range []string{"{{{", "\x00\x01", "openapi: [", ""} {
		ps := run(t, []byte(in), nil)
		if len(ps) == 0 || ps[0].Rule != lint.RuleOpenAPI {
			t.Errorf("%q: problems %v", in, ps)
		}
	}
}

func TestSchemaExample(t *testing.T) {
	data := edit(t, `examples: ["Shop"]`, `examples: ["Shop", 42]`)
	line := strings.Count(string(data[:strings.Index(string(data), `examples: ["Shop", 42]`)]), "\n") + 1
	ps := run(t, data, nil)
	if diff := cmp.Diff([]string{"lint.example components.schemas.Account.properties.name.examples[1]"}, summary(ps)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if ps[0].Line != line || ps[0].File != "test.yaml" || !strings.Contains(ps[0].String(), fmt.Sprintf("test.yaml:%d:", line)) {
		t.Fatalf("problem %+v", ps[0])
	}
}

func TestMediaTypeExample(t *testing.T) {
	data := edit(t, `          schema: {$ref: "#/components/schemas/Lookup"}
  schemas:`, `          schema: {$ref: "#/components/schemas/Lookup"}
          example: {account_id: "12"}
  schemas:`)
	got := summary(run(t, data, nil))
	if diff := cmp.Diff([]string{"lint.example components.requestBodies.Lookup.content.application/json.example"}, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestOperationBodies(t *testing.T) {
	data := edit(t, `        "4XX":
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /account/delete:`, `  /account/delete:`)
	got := summary(run(t, data, nil))
	if len(got) != 1 || got[0] != "lint.operation paths./account.post.responses" {
		t.Fatalf("problems %v", got)
	}
	data = edit(t, "  /account/delete:\n    post:", "  /account/delete:\n    get:\n      responses: {\"200\": {description: ok}}\n    post:")
	if got := summary(run(t, data, nil)); len(got) == 0 || got[0] != "lint.operation paths./account/delete.get" {
		t.Fatalf("problems %v", got)
	}
}

func TestRules(t *testing.T) {
	data := edit(t, `account_id: {type: integer}
    Account:`, `account_id: {type: integer, x-wepaykit-rules: [no-such-rule]}
    Account:`)
	got := summary(run(t, data, nil))
	if len(got) != 1 || got[0] != "lint.rule components.schemas.Lookup.properties.account_id.x-wepaykit-rules" {
		t.Fatalf("undefined rule: %v", got)
	}
	data = doc(base + `x-wepaykit-rules:
  - {id: made-up-rule, severity: error, where: field, environment: all, summary: s, cite: [{source: s, text: t}]}
`)
	ps := run(t, data, nil)
	if len(ps) != 1 || ps[0].Rule != lint.RuleRule || !strings.Contains(ps[0].Message, "made-up-rule") {
		t.Fatalf("unimplemented rule: %v", ps)
	}
}

func TestSchemaDoesNotCompile(t *testing.T) {
	ps := run(t, edit(t, `error: {type: string}`, `error: {type: string, pattern: "[a-"}`), nil)
	// The pattern is the cause: it is reported at the pattern, once (not
	// again as the schema that does not compile).
	found := len(ps) == 1
	for _, p := range ps {
		found = found && p.Rule == lint.RulePattern && p.Where == "components.schemas.Error.properties.error.pattern"
	}
	if !found {
		t.Fatalf("problems %v", ps)
	}
}

func TestBreakingChanges(t *testing.T) {
	data := doc(base)
	for _, r := range [][2]string{
		{"  /account/delete:\n    post:\n      operationId: accountDelete\n      requestBody: {$ref: \"#/components/requestBodies/Lookup\"}\n", "  /account/delete:\n    x-removed: true\n    x-gone:\n      requestBody: {$ref: \"#/components/requestBodies/Lookup\"}\n"},
		{`        note: {type: [string, "null"]}` + "\n", `        note: {type: string}` + "\n"},
		{`name: {type: string, maxLength: 255, examples: ["Shop"]}`, `name: {type: integer}`},
		{`enum: [action_required, pending, active, disabled, deleted]`, `enum: [action_required, pending, active, disabled, deleted, frozen]`},
		{"      required: [account_id]\n      properties:\n        account_id: {type: integer}\n    Account:", "      required: [account_id, reason]\n      properties:\n        account_id: {type: integer}\n        reason: {type: string, maxLength: 10}\n    Account:"},
	} {
		if !strings.Contains(string(data), r[0]) {
			t.Fatalf("no %q", r[0])
		}
		data = []byte(strings.Replace(string(data), r[0], r[1], 1))
	}
	ps := run(t, data, doc(base))
	got := map[string]bool{}
	for _, p := range ps {
		got[p.Rule] = true
	}
	for _, r := range []string{"api-removed-without-deprecation", "response-property-type-changed", "response-property-enum-value-added", "new-required-request-property"} {
		if !got[r] {
			t.Errorf("no %s in %v", r, summary(ps))
		}
	}
	tighter := edit(t, "account_id: {type: integer}\n    Account:", "account_id: {type: integer, maximum: 100}\n    Account:")
	if got := summary(run(t, tighter, doc(base))); len(got) != 2 || got[0] != got[1] || !strings.HasPrefix(got[0], "request-property-max-set components.schemas.Lookup.properties.account_id") {
		t.Errorf("maximum: %v", got)
	}
	// A response that answers less breaks no client; the states the enum
	// lost are still in the state table, which lint.state reports.
	narrower := edit(t, "enum: [action_required, pending, active, disabled, deleted]", "enum: [action_required, pending, active, disabled]")
	if got := summary(run(t, narrower, doc(base))); len(got) != 1 || got[0] != "lint.state x-wepaykit-account-states.states[4].name" {
		t.Errorf("a response that answers less: %v", got)
	}
}

func TestBadBaseline(t *testing.T) {
	_, err := lint.Lint(doc(base), "test.yaml", []byte("not: a spec"))
	var be *lint.BaselineError
	if !errors.As(err, &be) {
		t.Fatalf("got %v, want a *BaselineError", err)
	}
}
