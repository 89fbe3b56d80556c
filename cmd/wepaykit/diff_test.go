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
