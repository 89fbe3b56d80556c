package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// charity is the embedded spec with a new account type in responses.
func charity(t *testing.T) string {
	t.Helper()
	emb := string(spec.Embedded())
	old := "          enum: [nonprofit, business, personal]\n        create_time:"
	if !strings.Contains(emb, old) {
		t.Fatal("no account type enum in the embedded spec")
	}
	return strings.Replace(emb, old, "          enum: [nonprofit, business, personal, charity]\n        create_time:", 1)
}

func TestDiff(t *testing.T) {
	nw := writeTemp(t, "new.yaml", []byte(charity(t)))
	code, out, errs := wk(t, "", "diff", "embedded", nw)
	want(t, code, 0, out, errs)
	for _, s := range []string{"Changes from embedded:openapi.yaml to " + nw, "4 changes: 4 errors, 0 warnings, 0 info", "\n/account/create\n", "[response-property-enum-value-added]", "components.schemas.Account.properties.type.enum line " + strconv.Itoa(enumLine(t)) + " in both"} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q:\n%s", s, out)
		}
	}
	// --fail-on makes it a gate; the change read from standard input.
	code, out, errs = wk(t, charity(t), "diff", "--fail-on", "error", "embedded", "-")
	want(t, code, 1, out, errs)
	code, out, errs = wk(t, charity(t), "diff", "--fail-on", "error", "--level", "response-property-enum-value-added=info", "embedded", "-")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 errors, 0 warnings, 4 info") {
		t.Errorf("accepted change not listed as info:\n%s", out)
	}

	code, out, errs = wk(t, "", "diff", "-f", "json", "embedded", nw)
	want(t, code, 0, out, errs)
	var r struct {
		Base, New string
		Changes   []struct {
			Check, Level, Operation, Side string
			Base, New                     *struct {
				File  string
				Line  int
				Where string
			}
		}
		Counts map[string]int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Changes) != 4 || r.Counts["error"] != 4 || r.Changes[0].Base == nil || r.Changes[0].New == nil || r.Changes[0].Side != "response" {
		t.Fatalf("json %s (%v)", out, err)
	}

	md := filepath.Join(t.TempDir(), "changes.md")
	code, out, errs = wk(t, "", "diff", "--format", "markdown", "-o", md, "embedded", nw)
	want(t, code, 0, out, errs)
	b, err := os.ReadFile(md)
	if err != nil || out != "" || !strings.Contains(string(b), "**Breaking:**") || !strings.Contains(string(b), "| **error** |") {
		t.Fatalf("markdown %q, stdout %q (%v)", b, out, err)
	}
}

func TestDiffErrors(t *testing.T) {
	bad := writeTemp(t, "bad.yaml", []byte("not: [a spec"))
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"diff", "embedded"}, "want BASE and NEW"},
		{[]string{"diff", "embedded", "missing.yaml"}, "missing.yaml"},
		{[]string{"diff", bad, "embedded"}, "bad.yaml"},
		{[]string{"diff", "-", "-"}, "standard input"},
		{[]string{"diff", "-f", "sarif", "embedded", "embedded"}, "sarif"},
		{[]string{"diff", "--fail-on", "fatal", "embedded", "embedded"}, "fatal"},
		{[]string{"diff", "--level", "nope", "embedded", "embedded"}, "CHECK=LEVEL"},
		{[]string{"diff", "--level", "no-such-check=info", "embedded", "embedded"}, "no-such-check"},
		{[]string{"diff", "--level", "state.added=loud", "embedded", "embedded"}, "loud"},
		{[]string{"lint", "--level", "no-such-check=off", "--against", "embedded"}, "no-such-check"},
	} {
		code, out, errs := wk(t, "", c.args...)
		want(t, code, 2, out, errs)
		if !strings.Contains(errs, c.err) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errs, c.err)
		}
	}
}

// lint --against fails at or above --fail-on, and --level accepts a change.
func TestLintAgainstLevels(t *testing.T) {
	code, out, errs := wk(t, charity(t), "lint", "-", "--against", "embedded")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "response-property-enum-value-added") || !strings.Contains(out, "(baseline: embedded:openapi.yaml:") {
		t.Fatalf("output %s", out)
	}
	code, out, errs = wk(t, charity(t), "lint", "-", "--against", "embedded", "--level", "response-property-enum-value-added=warning")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, charity(t), "lint", "-", "--against", "embedded", "--level", "response-property-enum-value-added=warning", "--fail-on", "warning")
	want(t, code, 1, out, errs)
	// A rule dropped from a request field is a warning.
	laxer := strings.Replace(string(spec.Embedded()), "x-wepaykit-rules: [account-name-no-wepay, account-name-printable]", "x-wepaykit-rules: [account-name-printable]", 1)
	code, out, errs = wk(t, laxer, "lint", "-", "--against", "embedded", "--fail-on", "warning")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "rule.request-unapplied") || !strings.Contains(out, "/account/create") {
		t.Fatalf("output %s", out)
	}
}

// The policy file's rules: take lint's check ids.
func TestLintAgainstPolicy(t *testing.T) {
	laxer := strings.Replace(string(spec.Embedded()), "x-wepaykit-rules: [account-name-no-wepay, account-name-printable]", "x-wepaykit-rules: [account-name-printable]", 1)
	raise := writeTemp(t, "raise.yaml", []byte("rules:\n  rule.request-unapplied: error\n"))
	code, out, errs := wk(t, laxer, "lint", "-", "--against", "embedded", "--config", raise)
	want(t, code, 1, out, errs)
	off := writeTemp(t, "off.yaml", []byte("rules:\n  rule.request-unapplied: off\n"))
	code, out, errs = wk(t, laxer, "lint", "-", "--against", "embedded", "--config", off, "--fail-on", "warning")
	want(t, code, 0, out, errs)
}

// enumLine is the line of the account type enum in the embedded spec.
func enumLine(t *testing.T) int {
	t.Helper()
	lines := strings.Split(string(spec.Embedded()), "\n")
	for i, l := range lines {
		// The one the charity edit changes: followed by create_time.
		if l == "          enum: [nonprofit, business, personal]" && i+1 < len(lines) && lines[i+1] == "        create_time:" {
			return i + 1
		}
	}
	t.Fatal("no account type enum in the embedded spec")
	return 0
}

// diffPolicyDir is a working directory holding base.yaml (the embedded
// spec) and new.yaml (charity: a response enum value added, an error in
// four operations), and the policy text as .wepaykit.yaml.
func diffPolicyDir(t *testing.T, pol string) {
	t.Helper()
	t.Chdir(t.TempDir())
	for name, data := range map[string]string{"base.yaml": string(spec.Embedded()), "new.yaml": charity(t), ".wepaykit.yaml": pol} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDiffTakesThePolicy: diff reads .wepaykit.yaml as lint does (found by
// walking up, --config, --no-config): the rules' levels of change ids and
// the ignores apply to the changes, and diff and lint --against agree.
func TestDiffTakesThePolicy(t *testing.T) {
	diffPolicyDir(t, "rules:\n  response-property-enum-value-added: warning\n")
	code, out, errs := wk(t, "", "diff", "--fail-on", "error", "base.yaml", "new.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "4 changes: 0 errors, 4 warnings, 0 info") || !strings.Contains(out, "  warning added the new `charity` enum value") {
		t.Errorf("diff did not take the rules' level:\n%s", out)
	}
	code, out, errs = wk(t, "", "lint", "new.yaml", "--against", "base.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 errors, 4 warnings") {
		t.Errorf("lint --against:\n%s", out)
	}
	// Found by walking up.
	os.Mkdir("sub", 0o755)
	t.Chdir("sub")
	code, out, errs = wk(t, "", "diff", "--fail-on", "warning", "../base.yaml", "../new.yaml")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "0 errors, 4 warnings") {
		t.Errorf("policy not found walking up:\n%s", out)
	}
	// --no-config ignores it.
	code, out, errs = wk(t, "", "diff", "--no-config", "--fail-on", "error", "../base.yaml", "../new.yaml")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "4 errors, 0 warnings") {
		t.Errorf("--no-config:\n%s", out)
	}
	// --config names another; a rule off drops the changes, as --level
	// CHECK=off does, and stderr says so.
	os.WriteFile("off.yaml", []byte("rules:\n  response-property-enum-value-added: off\n"), 0o644)
	code, out, errs = wk(t, "", "diff", "--config", "off.yaml", "--fail-on", "info", "../base.yaml", "../new.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 changes") || !strings.Contains(errs, "off.yaml: 4 changes not listed: 4 with their rule off") {
		t.Errorf("--config off.yaml:\nstdout:\n%s\nstderr:\n%s", out, errs)
	}
	code, out, errs = wk(t, "", "diff", "--config", "off.yaml", "--no-config", "../base.yaml", "../new.yaml")
	want(t, code, 2, out, errs)
	code, out, errs = wk(t, "", "diff", "--config", "missing.yaml", "../base.yaml", "../new.yaml")
	want(t, code, 2, out, errs)
	// A rule id no checker knows is exit 2, as for lint.
	os.WriteFile("typo.yaml", []byte("rules:\n  response-property-enum-value-aded: off\n"), 0o644)
	code, out, errs = wk(t, "", "diff", "--config", "typo.yaml", "../base.yaml", "../new.yaml")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "typo.yaml:2: unknown rule") {
		t.Errorf("unknown rule id: %s", errs)
	}
	// --level given on the command line wins over the file.
	code, out, errs = wk(t, "", "diff", "--level", "response-property-enum-value-added=error", "../base.yaml", "../new.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "4 errors, 0 warnings") {
		t.Errorf("--level did not win over the file:\n%s", out)
	}
}

// TestDiffPolicyFailOnAndIgnores: diff takes lint's fail-on (lint.fail-on,
// else fail-on) unless --fail-on is given, and drops the changes an ignore
// entry matches, as lint suppresses them.
func TestDiffPolicyFailOnAndIgnores(t *testing.T) {
	diffPolicyDir(t, "fail-on: warning\nrules:\n  response-property-enum-value-added: warning\n")
	code, out, errs := wk(t, "", "diff", "base.yaml", "new.yaml")
	want(t, code, 1, out, errs)
	code, out, errs = wk(t, "", "diff", "--fail-on", "none", "base.yaml", "new.yaml")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "lint", "new.yaml", "--against", "base.yaml")
	want(t, code, 1, out, errs)

	os.WriteFile(".wepaykit.yaml", []byte("fail-on: warning\nlint:\n  fail-on: error\nrules:\n  response-property-enum-value-added: warning\n"), 0o644)
	code, out, errs = wk(t, "", "diff", "base.yaml", "new.yaml")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "lint", "new.yaml", "--against", "base.yaml")
	want(t, code, 0, out, errs)

	os.WriteFile(".wepaykit.yaml", []byte(`fail-on: error
ignore:
  - rule: response-property-enum-value-added
    pointer: /components/schemas/Account/properties/type/enum
    reason: charities are on the way; clients were told
  - rule: state.added
    reason: expired
    until: 2020-01-01
`), 0o644)
	code, out, errs = wk(t, "", "diff", "base.yaml", "new.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 changes") || !strings.Contains(errs, ".wepaykit.yaml: 4 changes not listed: 4 ignored") ||
		!strings.Contains(errs, ".wepaykit.yaml:6: ignore entry for state.added expired on 2020-01-01") {
		t.Errorf("ignore:\nstdout:\n%s\nstderr:\n%s", out, errs)
	}
	code, out, errs = wk(t, "", "lint", "new.yaml", "--against", "base.yaml")
	want(t, code, 0, out, errs)
}

// The command line's --level wins over the policy file's rule for the same
// check, in lint as in diff: warning in the file, error on the command
// line, is an error; off in the file, warning on the command line, is
// reported.
func TestLintLevelFlagWinsOverPolicy(t *testing.T) {
	laxer := strings.Replace(string(spec.Embedded()), "x-wepaykit-rules: [account-name-no-wepay, account-name-printable]", "x-wepaykit-rules: [account-name-printable]", 1)
	warn := writeTemp(t, "warn.yaml", []byte("rules:\n  rule.request-unapplied: warning\n"))
	code, out, errs := wk(t, laxer, "lint", "-", "--against", "embedded", "--config", warn, "--level", "rule.request-unapplied=error")
	want(t, code, 1, out, errs)
	off := writeTemp(t, "off.yaml", []byte("rules:\n  rule.request-unapplied: off\n"))
	code, out, errs = wk(t, laxer, "lint", "-", "--against", "embedded", "--config", off, "--level", "rule.request-unapplied=warning", "--fail-on", "warning")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "rule.request-unapplied") {
		t.Errorf("output %s", out)
	}
}

// With --level set, the file's rule for the check does not apply but its
// ignore entries do, in lint as in diff.
func TestLintLevelFlagKeepsIgnores(t *testing.T) {
	laxer := strings.Replace(string(spec.Embedded()), "x-wepaykit-rules: [account-name-no-wepay, account-name-printable]", "x-wepaykit-rules: [account-name-printable]", 1)
	cfg := writeTemp(t, "c.yaml", []byte("rules:\n  rule.request-unapplied: off\nignore:\n  - rule: rule.request-unapplied\n    reason: known\n"))
	code, out, errs := wk(t, laxer, "lint", "-", "--against", "embedded", "--config", cfg, "--level", "rule.request-unapplied=error")
	want(t, code, 0, out, errs)
}
