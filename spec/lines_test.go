package spec_test

import (
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// lineOf is the 1-based number of the first line of the embedded spec that,
// trimmed, starts with the last of path, each line of path being found
// after the one before (each but the last as a prefix of the untrimmed line).
func lineOf(t *testing.T, path ...string) int {
	t.Helper()
	lines := strings.Split(string(spec.Embedded()), "\n")
	i := 0
	for j, p := range path {
		for ; i < len(lines); i++ {
			if (j < len(path)-1 && strings.HasPrefix(lines[i], p)) || (j == len(path)-1 && strings.HasPrefix(strings.TrimSpace(lines[i]), p)) {
				break
			}
		}
		if i == len(lines) {
			t.Fatalf("no line %q in %q", p, path)
		}
		if j < len(path)-1 {
			i++
		}
	}
	return i + 1
}

func TestLocator(t *testing.T) {
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := sp.Locator()
	for _, c := range []struct {
		name string
		got  int
		want int
	}{
		{"operation", l.Operation(spec.OpCreate), lineOf(t, "  /account/create:", "post:")},
		{"operation /account", l.Operation(spec.OpAccount), lineOf(t, "  /account:", "post:")},
		{"rule", l.Rule("find-sorted"), lineOf(t, "x-wepaykit-rules:", "- id: find-sorted")},
		{"schema", l.Schema("Account", ""), lineOf(t, "  schemas:", "Account:")},
		{"member", l.Schema("Account", "/balances"), lineOf(t, "  schemas:", "    Account:", "balances:")},
		{"member through items and $ref", l.Schema("AccountList", "/0/statuses"), lineOf(t, "  schemas:", "    Account:", "statuses:")},
		{"member of a member", l.Schema("Account", "/balances/*/withdrawal_period"), lineOf(t, "  schemas:", "    Account:", "withdrawal_period:")},
		{"request member", l.Schema("AccountCreateRequest", "/name"), lineOf(t, "  schemas:", "    AccountCreateRequest:", "name:")},
		{"undeclared member: the schema", l.Schema("AccountCreateRequest", "/nope"), lineOf(t, "  schemas:", "AccountCreateRequest:")},
		{"$ref without a pointer: the referring schema", l.Schema("AccountList", ""), lineOf(t, "  schemas:", "AccountList:")},
	} {
		if c.got == 0 || c.got != c.want {
			t.Errorf("%s: line %d, want %d", c.name, c.got, c.want)
		}
	}
	for name, got := range map[string]int{
		"unknown operation": l.Operation("/account/nope"),
		"unknown rule":      l.Rule("nope"),
		"unknown schema":    l.Schema("Nope", "/a"),
	} {
		if got != 0 {
			t.Errorf("%s: line %d, want 0", name, got)
		}
	}
	bad := (&spec.Spec{}).Locator()
	if bad.Operation(spec.OpCreate) != 0 || bad.Rule("find-sorted") != 0 {
		t.Error("an empty spec locates something")
	}
}
