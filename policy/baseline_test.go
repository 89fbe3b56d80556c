package policy_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
)

func TestBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec", "a.har")
	keys := []policy.Key{
		{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", File: rec},
		{Rule: "schema.maxLength", Operation: "/v2/account/create", Side: "request", Pointer: "/name", File: rec},
		{Rule: "unknown-field", Operation: "/account/find", Side: "response", Pointer: "/0/x", File: rec},
	}
	b := policy.NewBaseline("wepaykit validate", dir, keys)
	if len(b.Entries) != 2 || b.Len() != 3 || b.Entries[0].File != "rec/a.har" || b.Entries[0].Count != 2 {
		t.Fatalf("baseline = %+v", b.Entries)
	}
	path := filepath.Join(dir, "base.json")
	if err := b.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := policy.ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 2 || got.Entries[0] != b.Entries[0] || got.Entries[1] != b.Entries[1] {
		t.Errorf("read back %+v, want %+v", got.Entries, b.Entries)
	}

	// A run from another working directory, naming the file differently,
	// matches the same fingerprints; a third occurrence is new.
	os.MkdirAll(filepath.Join(dir, "rec"), 0o755)
	t.Chdir(filepath.Join(dir, "rec"))
	m := got.NewMatcher()
	again := policy.Key{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Pointer: "/name", File: "a.har"}
	if !m.Match(again) || !m.Match(again) || m.Match(again) {
		t.Error("want two known occurrences, then a new one")
	}
	if m.Known() != 2 {
		t.Errorf("Known = %d", m.Known())
	}
	gone := m.Gone()
	if len(gone) != 1 || gone[0].Rule != "unknown-field" || gone[0].Count != 1 {
		t.Errorf("Gone = %+v", gone)
	}
	pr := m.Pruned()
	if len(pr.Entries) != 1 || pr.Entries[0].Rule != "schema.maxLength" || pr.Entries[0].Count != 2 {
		t.Errorf("Pruned = %+v", pr.Entries)
	}
}

func TestJudgeOrder(t *testing.T) {
	p := load(t, "rules:\n  a: off\nignore:\n  - rule: b\n    reason: known\n")
	b := policy.NewBaseline("", "", []policy.Key{{Rule: "a"}, {Rule: "b"}, {Rule: "c"}})
	m := b.NewMatcher()
	for rule, want := range map[string]policy.Suppression{"a": policy.SuppressedOff, "b": policy.SuppressedIgnore, "c": policy.SuppressedBaseline, "d": policy.Kept} {
		if v := policy.Judge(p, m, policy.Key{Rule: rule}, "error"); v.Suppressed != want {
			t.Errorf("rule %s: %+v, want %s", rule, v, want)
		}
	}
	if m.Known() != 1 || len(m.Gone()) != 0 {
		t.Errorf("known %d, gone %+v: an entry suppressed otherwise still occurs", m.Known(), m.Gone())
	}
	if v := policy.Judge(nil, nil, policy.Key{Rule: "a"}, "error"); v.Suppressed != policy.Kept {
		t.Errorf("nil policy and matcher: %+v", v)
	}
}

func TestBadBaselines(t *testing.T) {
	cases := map[string]string{
		"syntax":        `{"version": 1, "findings": [`,
		"not json":      "hello",
		"unknown field": `{"version": 1, "findings": [], "extra": 1}`,
		"version":       `{"version": 2, "findings": []}`,
		"no rule":       `{"version": 1, "findings": [{"count": 1}]}`,
		"zero count":    `{"version": 1, "findings": [{"rule": "x", "count": 0}]}`,
		"wrong type":    "{\"version\": 1,\n \"findings\": {}}",
		"trailing":      `{"version": 1, "findings": []} {}`,
	}
	for name, text := range cases {
		_, err := policy.ParseBaseline("b.json", []byte(text))
		var be *policy.BaselineError
		if !errors.As(err, &be) || !strings.HasPrefix(err.Error(), "b.json: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	_, err := policy.ParseBaseline("b.json", []byte("{\"version\": 1,\n \"findings\": {}}"))
	if !strings.Contains(err.Error(), "line 2") {
		t.Errorf("no line in %q", err)
	}
	if _, err := policy.ReadBaseline(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("a missing baseline read")
	}
}

func TestBaselineMergesDuplicates(t *testing.T) {
	b, err := policy.ParseBaseline("b.json", []byte(`{"version":1,"findings":[{"rule":"x","count":1,"fingerprint":"stale"},{"rule":"x","count":2,"fingerprint":""}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != 1 || b.Entries[0].Count != 3 || b.Entries[0].Fingerprint != policy.Fingerprint(policy.Key{Rule: "x"}) {
		t.Errorf("entries = %+v", b.Entries)
	}
}

func TestBaselineWriteStable(t *testing.T) {
	keys := []policy.Key{{Rule: "z", File: "b"}, {Rule: "a", File: "a"}}
	var x, y bytes.Buffer
	policy.NewBaseline("t", "", keys).Write(&x)
	policy.NewBaseline("t", "", []policy.Key{keys[1], keys[0]}).Write(&y)
	if x.String() != y.String() {
		t.Errorf("order changes the file:\n%s\n%s", x.String(), y.String())
	}
	if err := policy.NewBaseline("t", "", nil).WriteFile(filepath.Join(t.TempDir(), "no", "dir.json")); err == nil {
		t.Error("writing into a missing directory passed")
	}
	_ = os.Remove
}
