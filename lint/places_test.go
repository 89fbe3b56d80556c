package lint_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

// embeddedEdit is the embedded spec with old replaced by new (once), and
// the 1-based line on which new starts.
func embeddedEdit(t *testing.T, old, new string) ([]byte, int) {
	t.Helper()
	s := string(spec.Embedded())
	i := strings.Index(s, old)
	if i < 0 {
		t.Fatalf("the embedded spec has no %q", old)
	}
	return []byte(s[:i] + new + s[i+len(old):]), strings.Count(s[:i], "\n") + 1
}

// lineOf is the 1-based line of the first occurrence of sub in data.
func lineOf(t *testing.T, data []byte, sub string) int {
	t.Helper()
	i := strings.Index(string(data), sub)
	if i < 0 {
		t.Fatalf("no %q", sub)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

// only returns the one problem of ps, failing unless there is exactly one.
func only(t *testing.T, ps []lint.Problem) lint.Problem {
	t.Helper()
	if len(ps) != 1 {
		t.Fatalf("want 1 problem, got %d: %v", len(ps), ps)
	}
	return ps[0]
}

func TestUnknownExtension(t *testing.T) {
	for _, c := range []struct {
		name, old, new, where, suggest string
	}{
		{"rules on a field", "          x-wepaykit-rules: [settlement-check-not-daily]", "          x-wepaykit-rule: [settlement-check-not-daily]",
			"components.schemas.AccountSettlementSetupRequest.properties.frequency.x-wepaykit-rule", spec.ExtRules},
		{"rules on an object", "      x-wepaykit-rules: [find-no-deleted", "      x-wepaykit-rulez: [find-no-deleted",
			"", spec.ExtRules},
		{"quirk on a field", "          x-wepaykit-quirk: find-start-base", "          x-wepaykit-quirks: find-start-base",
			"", spec.ExtQuirk}, // a known key, but read only at the top level
		{"quirk list on a field", "          x-wepaykit-quirk: find-start-base", "          x-wepaykit-quirkk: find-start-base",
			"", spec.ExtQuirk},
		{"ipn on the webhook", "      x-wepaykit-ipn:", "      x-wepaykit-ipns:", "webhooks.accountIPN.post.x-wepaykit-ipns", spec.ExtIPN},
		{"typo in the prefix", "          x-wepaykit-quirk: find-start-base", "          x-wepaykt-quirk: find-start-base", "", spec.ExtQuirk},
		{"top-level versions", "\nx-wepaykit-api-versions:", "\nx-wepaykit-api-version:", "x-wepaykit-api-version", spec.ExtVersions},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, line := embeddedEdit(t, c.old, c.new)
			if strings.HasPrefix(c.new, "\n") {
				line++
			}
			ps, err := lint.Lint(data, "typo.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			var found []lint.Problem
			for _, p := range ps {
				if p.Rule == lint.RuleExtension {
					found = append(found, p)
				}
			}
			p := only(t, found)
			if p.Line != line || p.Severity != lint.SeverityError || p.File != "typo.yaml" ||
				!strings.Contains(p.Message, "did you mean "+c.suggest+"?") || (c.where != "" && p.Where != c.where) {
				t.Fatalf("got %v, want line %d, %s, did you mean %s", p, line, c.where, c.suggest)
			}
		})
	}
}

// Keys that only look like extensions are not reported: property names,
// data, another tool's extensions, and anything inside an extension's value.
func TestExtensionLookalikes(t *testing.T) {
	data := edit(t, "        color: {type: string}\n", `        color: {type: string, x-go-name: Colour, x-wepaykit-internal-note: nothing}
        x-wepaykit-rule: {type: object, examples: [{x-wepaykit-rule: 1}], default: {x-wepaykit-quirk: 2}}
`)
	var got []string
	for _, p := range run(t, data, nil) {
		got = append(got, p.String())
	}
	if len(got) != 1 || !strings.Contains(got[0], "color.x-wepaykit-internal-note") {
		t.Fatalf("want only x-wepaykit-internal-note reported, got %v", got)
	}
}

func TestStateEnumAndTable(t *testing.T) {
	const enum = "enum: [action_required, pending, active, disabled, deleted]"
	t.Run("a state the table lacks", func(t *testing.T) {
		data, line := embeddedEdit(t, enum, "enum: [action_required, pending, active, disabled, deleted, frozen]")
		ps, err := lint.Lint(data, "new.yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		p := only(t, ps)
		if p.Rule != lint.RuleState || p.Line != line || p.Where != "components.schemas.Account.properties.state.enum[5]" || !strings.Contains(p.Message, `"frozen"`) {
			t.Fatalf("got %v, want line %d", p, line)
		}
	})
	t.Run("a state the enum lacks", func(t *testing.T) {
		data, _ := embeddedEdit(t, enum, "enum: [action_required, active, disabled, deleted]")
		ps, err := lint.Lint(data, "new.yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		p := only(t, ps)
		want := lineOf(t, data, "    - name: pending")
		if p.Rule != lint.RuleState || p.Line != want || !strings.Contains(p.Message, `"pending"`) || !strings.Contains(p.Message, "components.schemas.Account.properties.state.enum") {
			t.Fatalf("got %v, want line %d", p, want)
		}
	})
}

func TestPatterns(t *testing.T) {
	const hex = `pattern: "^[0-9A-Fa-f]{6}$"`
	for _, c := range []struct {
		pattern string
		bad     string // part of the message, "" for a good pattern
	}{
		{`^[0-9A-Fa-f]{6$`, "does not start a quantifier"}, // the review's typo: Go reads {6 literally
		{`^[0-9A-Fa-f{6}$`, "does not compile"},
		{`(?i)^[0-9a-f]{6}$`, "(?flags)"},
		{`^(?P<hex>[0-9a-f]{6})$`, "(?flags)"},
		{`^[0-9a-f]{6}\z`, `\z`},
		{`^\pL{6}$`, "needs braces"},
		{`^[[:xdigit:]]{6}$`, "POSIX"},
		{`^[0-9a-f]{6}}$`, "closes nothing"},
		{`^[0-9a-f]{2,}$`, ""},
		{`^(?:[0-9a-f]{3}){1,2}$`, ""},
		{`^[\]{}0-9a-f]{6}$`, ""},
		{`^\p{L}{0,6}$`, ""},
		{`^(?<hex>[0-9a-f]{6})$`, ""},
		{`^\d{6}\b$`, ""},
	} {
		t.Run(c.pattern, func(t *testing.T) {
			quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(c.pattern)
			data, line := embeddedEdit(t, hex, `pattern: "`+quoted+`"`)
			ps, err := lint.Lint(data, "pattern.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.bad == "" {
				for _, p := range ps {
					if p.Rule == lint.RulePattern {
						t.Fatalf("a good pattern reported: %v", p)
					}
				}
				return
			}
			p := only(t, ps)
			if p.Rule != lint.RulePattern || p.Line != line || p.Where != "components.schemas.HexColor.pattern" || !strings.Contains(p.Message, c.bad) {
				t.Fatalf("got %v, want line %d and %q", p, line, c.bad)
			}
		})
	}
}

func TestPatternProperties(t *testing.T) {
	data := edit(t, "        color: {type: string}\n", "        color: {type: object, patternProperties: {\"^x{2$\": {type: string}}}\n")
	p := only(t, run(t, data, nil))
	if p.Rule != lint.RulePattern || p.Where != `components.schemas.Account.properties.color.patternProperties.^x{2$` || p.Line != lineOf(t, data, "patternProperties") {
		t.Fatalf("got %v", p)
	}
}

func TestLoadErrorPlaces(t *testing.T) {
	t.Run("a $ref that does not resolve", func(t *testing.T) {
		data, line := embeddedEdit(t, `$ref: "#/components/schemas/AccountBalance"`, `$ref: "#/components/schemas/AccountBalanse"`)
		ps, err := lint.Lint(data, "badref.yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		p := only(t, ps)
		if p.Rule != lint.RuleOpenAPI || p.Line != line || !strings.HasSuffix(p.Where, ".$ref") || !strings.Contains(p.Message, "did you mean #/components/schemas/AccountBalance?") {
			t.Fatalf("got %v, want line %d", p, line)
		}
		_, err = lint.Diff(spec.Embedded(), data, lint.WithNames("base.yaml", "badref.yaml"))
		var de *lint.DocumentError
		if !errors.As(err, &de) || de.File != "badref.yaml" || de.Line != line || !strings.HasSuffix(de.Where, ".$ref") ||
			!strings.Contains(err.Error(), "badref.yaml:"+strconv.Itoa(line)+":") {
			t.Fatalf("diff: %v", err)
		}
	})
	t.Run("invalid info", func(t *testing.T) {
		ps := run(t, []byte("openapi: 3.1.0\n"), nil)
		if len(ps) == 0 || ps[0].Rule != lint.RuleOpenAPI || ps[0].Where != "info" || ps[0].Line != 1 || ps[0].File != "test.yaml" {
			t.Fatalf("problems %v", ps)
		}
		_, err := lint.Diff(spec.Embedded(), []byte("openapi: 3.1.0\n"), lint.WithNames("base.yaml", "tiny.yaml"))
		var de *lint.DocumentError
		if !errors.As(err, &de) || de.Where != "info" || de.Line != 1 {
			t.Fatalf("diff: %v", err)
		}
	})
	t.Run("an invalid component", func(t *testing.T) {
		data := edit(t, "account_id: {type: integer}\n    Account:", "account_id: {type: integr}\n    Account:")
		ps := run(t, data, nil)
		if len(ps) == 0 || ps[0].Rule != lint.RuleOpenAPI || ps[0].Where != "components.schemas.Lookup" || ps[0].Line != lineOf(t, data, "    Lookup:\n      type") {
			t.Fatalf("problems %v", ps)
		}
	})
	t.Run("not YAML", func(t *testing.T) {
		p := only(t, run(t, []byte("openapi: 3.1.0\ninfo: [\n"), nil))
		if p.Rule != lint.RuleOpenAPI || p.Line != 2 || p.File != "test.yaml" {
			t.Fatalf("got %v", p)
		}
	})
}

// A known extension where, or in a shape, wepaykit does not read it
// silently does not apply either.
func TestMisplacedExtension(t *testing.T) {
	for _, c := range []struct {
		name, old, new, where, text string
		below                       int // the key is this many lines below the edit
	}{
		{"one rule id without brackets", "          x-wepaykit-rules: [settlement-check-not-daily]", "          x-wepaykit-rules: settlement-check-not-daily",
			"components.schemas.AccountSettlementSetupRequest.properties.frequency.x-wepaykit-rules", "a list of rule ids ([settlement-check-not-daily])", 0},
		{"rules on an operation", "      operationId: accountModify\n", "      operationId: accountModify\n      x-wepaykit-rules: [response-echoes-request]\n",
			"paths./account/modify.post.x-wepaykit-rules", "only on a schema", 1},
		{"quirk list on a field", "          x-wepaykit-quirk: find-start-base", "          x-wepaykit-quirks: find-start-base", "", "did you mean x-wepaykit-quirk?", 0},
		{"quirk as a list", "          x-wepaykit-quirk: find-start-base", "          x-wepaykit-quirk: [find-start-base]", "", "one quirk id", 0},
		{"ipn on a call", "      operationId: accountModify\n", "      operationId: accountModify\n      x-wepaykit-ipn: {success_status: 200}\n",
			"paths./account/modify.post.x-wepaykit-ipn", "only on a webhook's operation", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, line := embeddedEdit(t, c.old, c.new)
			ps, err := lint.Lint(data, "typo.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			var found []lint.Problem
			for _, p := range ps {
				if p.Rule == lint.RuleExtension {
					found = append(found, p)
				}
			}
			p := only(t, found)
			if !strings.Contains(p.Message, c.text) || (c.where != "" && p.Where != c.where) || p.Line != line+c.below {
				t.Fatalf("got %v, want %q at %s, line %d", p, c.text, c.where, line+c.below)
			}
		})
	}
}
