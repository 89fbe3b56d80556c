package policy_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/policy"
)

func load(t *testing.T, text string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func TestIssueExampleLoads(t *testing.T) {
	p, err := policy.Load("testdata/issue-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Hosts, []string{"localhost:8080"}) || p.Environment != "stage" || p.FailOn != "error" {
		t.Errorf("settings = %+v", p.Config)
	}
	if len(p.Rules) != 2 || p.Rules[0].Rule != "referrer-type-known" || p.Rules[0].Severity != policy.Off || p.Rules[1].Severity != policy.Error {
		t.Errorf("rules = %+v", p.Rules)
	}
	want := policy.Ignore{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", Files: "legacy/**",
		Reason: "names imported from the old shop, shortened in 2027", Until: "2027-06-30", Line: 8}
	if len(p.Ignore) != 1 || p.Ignore[0] != want {
		t.Errorf("ignore = %+v, want %+v", p.Ignore, want)
	}
	if want := filepath.Join("testdata", ".wepaykit-baseline.json"); p.BaselinePath() != want {
		t.Errorf("BaselinePath = %q, want %q", p.BaselinePath(), want)
	}
	if err := p.CheckRules([]string{"referrer-type-known", "unknown-field", "schema.maxLength"}); err != nil {
		t.Error(err)
	}
}

func TestStarterLoads(t *testing.T) {
	p, err := policy.Parse(".wepaykit.yaml", policy.Starter())
	if err != nil {
		t.Fatal(err)
	}
	if p.FailOn != "error" || p.Environment != "auto" || p.Strict == nil || *p.Strict {
		t.Errorf("starter settings = %+v", p.Config)
	}
}

func TestAllKeys(t *testing.T) {
	p := load(t, `
hosts: api.local
strict: true
max-body: 2MiB
max-depth: 20
workers: 3
scope: all
format: sarif
outputs: {junit: out.xml, json: out.json}
rules:
  schema.*: warning
  unknown-field:
    - severity: error
      operations: [/account/create]
    - severity: off
      pointers: /balances/*/withdrawal_bank_name
lint: {baseline: lint.json, fail-on: warning}
conformance: {baseline: conf.json}
quiet: true
exclude: ["fixtures", "*.golden.json"]
allow-empty: true
state-across-files: false
`)
	if !*p.Quiet || !slices.Equal(p.Exclude, []string{"fixtures", "*.golden.json"}) || !*p.AllowEmpty || *p.StateAcrossFiles {
		t.Errorf("recording keys = %+v", p.Config)
	}
	if !slices.Equal(p.Hosts, []string{"api.local"}) || !*p.Strict || p.MaxBody != 2<<20 || p.MaxDepth != 20 || p.Workers != 3 || p.Scope != "all" || p.Format != "sarif" {
		t.Errorf("config = %+v", p.Config)
	}
	if len(p.Outputs) != 2 || p.Outputs[0] != (policy.Output{Format: "junit", File: "out.xml", Line: 9}) {
		t.Errorf("outputs = %+v", p.Outputs)
	}
	if len(p.Rules) != 3 || p.Lint.Baseline != "lint.json" || p.Lint.FailOn != "warning" || p.Conformance.Baseline != "conf.json" {
		t.Errorf("rules %+v lint %+v conformance %+v", p.Rules, p.Lint, p.Conformance)
	}
}

func TestBadFiles(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		want       string
	}{
		{"unknown key", "hosts: []\nfail_on: error\n", 2, `unknown key "fail_on" in the policy file (known keys: hosts,`},
		{"unknown ignore key", "ignore:\n  - rule: x\n    reason: r\n    note: n\n", 4, `unknown key "note" in an ignore entry`},
		{"unknown rule scope key", "rules:\n  x:\n    level: off\n", 3, `unknown key "level" in rules.x`},
		{"bad severity", "rules:\n  x: fatal\n", 2, `"fatal" is not one of off, warning, error`},
		{"no reason", "ignore:\n  - rule: x\n", 2, "reason is required"},
		{"conformance fail-on", "conformance:\n  baseline: c.json\n  fail-on: warning\n", 3, "conformance.fail-on: a failing conformance check is always an error"},
		{"bad exclude", "exclude: ['[']\n", 1, `exclude: bad pattern "["`},
		{"quiet not bool", "quiet: 1\n", 1, "quiet must be true or false"},
		{"blank reason", "ignore:\n  - rule: x\n    reason: '  '\n", 2, "reason is required"},
		{"matches everything", "ignore:\n  - reason: because\n", 2, "name at least one of"},
		{"bad date", "ignore:\n  - rule: x\n    reason: r\n    until: 30/06/2027\n", 4, "is not a date"},
		{"bad env", "environment: prod\n", 1, `"prod" is not one of auto, stage, production`},
		{"bad fail-on", "\n\nfail-on: info\n", 3, "fail-on"},
		{"bad strict", "strict: yes please\n", 1, "strict must be true or false"},
		{"bad size", "max-body: lots\n", 1, "max-body"},
		{"syntax", "hosts: [a\nrules: x\n", 0, "malformed YAML"},
		{"tab", "rules:\n\tx: off\n", 2, "malformed YAML"},
		{"not a mapping", "- a\n- b\n", 1, "must be a mapping"},
		{"two documents", "hosts: []\n---\nhosts: []\n", 2, "second YAML document"},
		{"duplicate key", "fail-on: error\nfail-on: warning\n", 2, "already defined"},
		{"pointer without slash", "ignore:\n  - pointer: name\n    reason: r\n", 2, "must start with /"},
		{"bad glob", "ignore:\n  - files: 'legacy/[a'\n    reason: r\n", 2, "bad files pattern"},
		{"hosts of maps", "hosts:\n  - {a: b}\n", 2, "non-empty string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := policy.Parse("bad.yaml", []byte(c.text))
			var ce *policy.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ConfigError", err)
			}
			if ce.File != "bad.yaml" || (c.line > 0 && ce.Line != c.line) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %q (line %d), want line %d and %q", err, ce.Line, c.line, c.want)
			}
			if c.line > 0 && !strings.HasPrefix(err.Error(), "bad.yaml:") {
				t.Errorf("err = %q does not start with the file and line", err)
			}
		})
	}
}

func TestUnknownRuleListsKnown(t *testing.T) {
	p := load(t, "rules:\n  unknown-field: error\n  referer-type-known: off\n")
	err := p.CheckRules([]string{"unknown-field", "referrer-type-known"})
	var ue *policy.UnknownRuleError
	if !errors.As(err, &ue) || ue.Rule != "referer-type-known" || ue.Line != 3 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), `(did you mean referrer-type-known?); known rules: referrer-type-known, unknown-field`) {
		t.Errorf("err = %q", err)
	}
	p = load(t, "ignore:\n  - rule: nope\n    reason: r\n")
	if err := p.CheckRules([]string{"unknown-field"}); !errors.As(err, &ue) || ue.Line != 2 {
		t.Errorf("ignore rule: err = %v", err)
	}
	p = load(t, "rules:\n  nomatch.*: off\n")
	if err := p.CheckRules([]string{"unknown-field"}); err == nil {
		t.Error("a glob matching no rule passed")
	}
	p = load(t, "rules:\n  schema.*: off\n")
	if err := p.CheckRules([]string{"schema.type"}); err != nil {
		t.Error(err)
	}
}

func TestLoadMissingAndLarge(t *testing.T) {
	dir := t.TempDir()
	_, err := policy.Load(filepath.Join(dir, "none.yaml"))
	var ce *policy.ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte("# "+strings.Repeat("x", policy.MaxFileSize)), 0o644)
	if _, err := policy.Load(big); !errors.As(err, &ce) {
		t.Errorf("large: %v", err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, nil, 0o644)
	if p, err := policy.Load(empty); err != nil || len(p.Rules) != 0 {
		t.Errorf("empty: %v", err)
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	os.MkdirAll(deep, 0o755)
	if got, err := policy.Find(deep); err != nil || got != "" {
		// A file above the temporary directory would be found too; only
		// check that none inside it is invented.
		if err != nil || strings.HasPrefix(got, root) {
			t.Fatalf("Find with no file = %q, %v", got, err)
		}
	}
	want := filepath.Join(root, "a", policy.FileName)
	os.WriteFile(want, []byte("fail-on: warning\n"), 0o644)
	got, err := policy.Find(deep)
	if err != nil || got != want {
		t.Fatalf("Find = %q, %v; want %q", got, err, want)
	}
	yml := filepath.Join(root, "a", "b", ".wepaykit.yml")
	os.WriteFile(yml, []byte("fail-on: error\n"), 0o644)
	if got, _ := policy.Find(deep); got != yml {
		t.Errorf("Find = %q, want the nearer %q", got, yml)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "10MiB": 10 << 20, "2k": 2048, "3MB": 3e6} {
		if got, err := policy.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "-1", "1TB", "x", "99999999999999999999"} {
		if _, err := policy.ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) passed", in)
		}
	}
}

func day(s string) func() time.Time {
	return func() time.Time { t, _ := time.Parse(time.DateOnly, s); return t.Add(15 * time.Hour) }
}

func TestUnknownRuleNearest(t *testing.T) {
	known := []string{"schema.maxLength", "schema.minLength", "schema.pattern", "referrer-type-known", "unknown-field"}
	cases := map[string]string{
		"referer-type-known": "referrer-type-known",
		"maxLength":          "schema.maxLength",
		"schema.maxlength":   "schema.maxLength",
		"unknown-fields":     "unknown-field",
		"zzz":                "",
	}
	for id, first := range cases {
		e := &policy.UnknownRuleError{Rule: id, Known: known}
		near := e.Nearest(3)
		got := ""
		if len(near) > 0 {
			got = near[0]
		}
		if got != first || e.Suggestion() != first {
			t.Errorf("%s: nearest %v, want %q first", id, near, first)
		}
	}
	e := &policy.UnknownRuleError{File: "p.yaml", Line: 3, Rule: "schema.xLength", Known: known, More: "conformance check names: wepaykit config rules"}
	if want := `p.yaml:3: unknown rule "schema.xLength" (did you mean schema.maxLength or schema.minLength?)`; !strings.HasPrefix(e.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", e.Error(), want)
	}
	if !strings.HasSuffix(e.Error(), "; conformance check names: wepaykit config rules") {
		t.Errorf("Error() = %q", e.Error())
	}
}
