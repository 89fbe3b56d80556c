package main

import (
	"strings"
	"testing"
)

// TestGroupsRefuseUnknownSubcommands: a command that only groups others
// (completion, config) refuses an unknown subcommand with exit 2, and
// prints its help, exit 0, without one.
func TestGroupsRefuseUnknownSubcommands(t *testing.T) {
	for _, args := range [][]string{{"completion", "tcsh"}, {"config", "bogus"}} {
		code, out, errs := wk(t, "", args...)
		want(t, code, 2, out, errs)
		if !strings.Contains(errs, `unknown command "`+args[1]+`"`) {
			t.Errorf("%v: stderr %q", args, errs)
		}
	}
	code, out, errs := wk(t, "", "completion")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "bash") {
		t.Errorf("completion without a shell: no help\n%s", out)
	}
	code, out, errs = wk(t, "", "completion", "bash")
	want(t, code, 0, out, errs)
	if !strings.HasPrefix(out, "# bash completion") {
		t.Errorf("completion bash: %.60q", out)
	}
}

// TestSuggestions: a mistyped subcommand of a group and a mistyped flag
// are named with the nearest ones.
func TestSuggestions(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"config", "chek"}, `unknown command "chek" for "wepaykit config" (did you mean check?); its commands: check, init, rules`},
		{[]string{"completion", "zhs"}, `(did you mean zsh?)`},
		{[]string{"completion", "tcsh"}, `its commands: bash, fish, powershell, zsh`},
		{[]string{"validate", "--formt", "json", "x"}, `unknown flag: --formt (did you mean --format?)`},
		{[]string{"lint", "--zzzzzzzz"}, "unknown flag: --zzzzzzzz\n"},
	} {
		code, out, errs := wk(t, "", c.args...)
		want(t, code, 2, out, errs)
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr %q, want %q", c.args, errs, c.want)
		}
	}
}
