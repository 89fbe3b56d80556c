package policy_test

import (
	"path/filepath"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, name string
		want      bool
	}{
		{"/balances/*/withdrawal_bank_name", "/balances/0/withdrawal_bank_name", true},
		{"/balances/*/withdrawal_bank_name", "/balances/0/1/withdrawal_bank_name", false},
		{"/balances/**", "/balances/0/x", true},
		{"/balances/**", "/balances", true},
		{"legacy/**", "legacy/2019/a.har", true},
		{"legacy/**", "new/legacy/a.har", false},
		{"**/legacy/*.har", "x/y/legacy/a.har", true},
		{"**/*.har", "a.har", true},
		{"/name", "/name", true},
		{"/name", "/names", false},
		{"/a/**/b/**/c", "/a/x/b/y/z/c", true},
		{"/a/**/b/**/c", "/a/x/y/z/c", false},
	}
	for _, c := range cases {
		if got := policy.Glob(c.pat, c.name); got != c.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", c.pat, c.name, got, c.want)
		}
	}
}

func TestDecide(t *testing.T) {
	p := load(t, `
rules:
  referrer-type-known: off
  unknown-field: error
  schema.*: warning
  schema.maxLength:
    - severity: off
      operations: [/account/modify]
      pointers: [/balances/*/withdrawal_bank_name]
ignore:
  - rule: schema.maxLength
    operation: /account/create
    side: request
    pointer: /name
    files: "legacy/**"
    reason: names imported from the old shop
    until: 2027-06-30
  - operation: /account/find
    reason: the find stand-in is not ours
`)
	p.Clock = day("2027-06-30")
	cases := []struct {
		name string
		k    policy.Key
		sev  string
		want policy.Verdict
	}{
		{"off", policy.Key{Rule: "referrer-type-known", Operation: "/account/create"}, "warning",
			policy.Verdict{Severity: "warning", Suppressed: policy.SuppressedOff, Reason: "rule referrer-type-known is off", Source: "test.yaml:3"}},
		{"raised", policy.Key{Rule: "unknown-field"}, "warning", policy.Verdict{Severity: "error"}},
		{"glob lowers", policy.Key{Rule: "schema.type"}, "error", policy.Verdict{Severity: "warning"}},
		{"scoped off", policy.Key{Rule: "schema.maxLength", Operation: "/v2/account/modify/", Pointer: "/balances/2/withdrawal_bank_name"}, "error",
			policy.Verdict{Severity: "error", Suppressed: policy.SuppressedOff, Reason: "rule schema.maxLength is off", Source: "test.yaml:7"}},
		{"scope misses, glob applies", policy.Key{Rule: "schema.maxLength", Operation: "/account/modify", Pointer: "/name"}, "error", policy.Verdict{Severity: "warning"}},
		{"ignored", policy.Key{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", File: "legacy/a.har"}, "error",
			policy.Verdict{Severity: "warning", Suppressed: policy.SuppressedIgnore, Reason: "names imported from the old shop", Source: "test.yaml:11"}},
		{"other file", policy.Key{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", File: "new/a.har"}, "error", policy.Verdict{Severity: "warning"}},
		{"no file", policy.Key{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name"}, "error", policy.Verdict{Severity: "warning"}},
		{"other side", policy.Key{Rule: "schema.maxLength", Operation: "/account/create", Side: "response", Pointer: "/name", File: "legacy/a.har"}, "error", policy.Verdict{Severity: "warning"}},
		{"operation only", policy.Key{Rule: "auth-bearer-required", Operation: "/account/find"}, "error",
			policy.Verdict{Severity: "error", Suppressed: policy.SuppressedIgnore, Reason: "the find stand-in is not ours", Source: "test.yaml:18"}},
	}
	for _, c := range cases {
		if got := p.Decide(c.k, c.sev); got != c.want {
			t.Errorf("%s: Decide = %+v, want %+v", c.name, got, c.want)
		}
	}
	if len(p.Expired()) != 0 {
		t.Errorf("expired on its last day: %+v", p.Expired())
	}
	p.Clock = day("2027-07-01")
	k := cases[5].k
	if v := p.Decide(k, "error"); v.Suppressed != policy.Kept {
		t.Errorf("an expired ignore still applies: %+v", v)
	}
	if exp := p.Expired(); len(exp) != 1 || exp[0].Source != "test.yaml:11" || exp[0].Until != "2027-06-30" {
		t.Errorf("Expired = %+v", exp)
	}
	var nilp *policy.Policy
	if v := nilp.Decide(k, "error"); v != (policy.Verdict{Severity: "error"}) {
		t.Errorf("nil policy: %+v", v)
	}
}

func TestFilesRelativeToPolicyDir(t *testing.T) {
	dir := t.TempDir()
	p := load(t, "ignore:\n  - files: 'legacy/**'\n    reason: old\n")
	p.Dir = dir
	in := policy.Key{Rule: "x", File: filepath.Join(dir, "legacy", "a.har")}
	if v := p.Decide(in, "error"); v.Suppressed != policy.SuppressedIgnore {
		t.Errorf("file under the policy's dir not ignored: %+v", v)
	}
	out := policy.Key{Rule: "x", File: filepath.Join(dir, "other", "legacy", "a.har")}
	if v := p.Decide(out, "error"); v.Suppressed != policy.Kept {
		t.Errorf("file elsewhere ignored: %+v", v)
	}
}
