package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
)

// policyDir copies the sample recording into a fresh directory, makes it
// the working directory, and returns the recording's bytes.
func policyDir(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(sampleFile("samples.har"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("rec.har", data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// editHAR rewrites the request body of entry i of rec.har.
func editHAR(t *testing.T, i int, edit func(body map[string]any)) {
	t.Helper()
	data, _ := os.ReadFile("rec.har")
	var h map[string]any
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	e := h["log"].(map[string]any)["entries"].([]any)[i].(map[string]any)
	pd := e["request"].(map[string]any)["postData"].(map[string]any)
	var body map[string]any
	json.Unmarshal([]byte(pd["text"].(string)), &body)
	edit(body)
	b, _ := json.Marshal(body)
	pd["text"] = string(b)
	out, _ := json.MarshalIndent(h, "", " ")
	os.WriteFile("rec.har", out, 0o644)
}

// TestBaselineAsANewUser follows the issue: write a baseline, rerun (exit
// 0, "N known"), add one new defect (exit 1, only it reported), fix an old
// one (listed as no longer occurring), prune.
func TestBaselineAsANewUser(t *testing.T) {
	policyDir(t)
	code, out, errs := wk(t, "", "validate", "rec.har")
	want(t, code, 1, out, errs)
	code, out, errs = wk(t, "", "validate", "--write-baseline", "known.json", "rec.har")
	want(t, code, 0, out, errs)
	if !strings.Contains(errs, "wrote 5 known findings (5 fingerprints) to known.json") || !strings.Contains(out, "5 known findings (baseline)") {
		t.Fatalf("write:\n%s\n%s", out, errs)
	}
	code, out, errs = wk(t, "", "validate", "--baseline", "known.json", "rec.har")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 errors, 0 warnings\n5 known findings (baseline)\n") {
		t.Fatalf("rerun:\n%s", out)
	}
	// One new defect, one old one fixed.
	editHAR(t, 3, func(b map[string]any) { b["theme_object"] = map[string]any{"name": "x", "primary_color": "#3366CC"} })
	editHAR(t, 7, func(b map[string]any) { b["name"] = "Cake Shop" })
	code, out, errs = wk(t, "", "validate", "--baseline", "known.json", "rec.har")
	want(t, code, 1, out, errs)
	if strings.Count(out, "  error ") != 1 || !strings.Contains(out, "/theme_object/primary_color") || !strings.Contains(out, "4 known findings (baseline)") ||
		!strings.Contains(out, "1 baseline entry no longer occurs (--prune-baseline removes them):\n  rec.har /account/create request /name [account-name-no-wepay]") {
		t.Fatalf("new defect and fixed one:\n%s", out)
	}
	code, out, errs = wk(t, "", "validate", "--baseline", "known.json", "--prune-baseline", "rec.har")
	want(t, code, 1, out, errs)
	b, err := policy.ReadBaseline("known.json")
	if err != nil || b.Len() != 4 {
		t.Fatalf("pruned baseline: %v, %d known", err, b.Len())
	}
	// The same baseline, named by the policy file, from a subdirectory.
	os.WriteFile(".wepaykit.yaml", []byte("baseline: known.json\n"), 0o644)
	os.Mkdir("sub", 0o755)
	t.Chdir("sub")
	code, out, errs = wk(t, "", "validate", "--format", "json", "../rec.har")
	want(t, code, 1, out, errs)
	var rep struct {
		Findings   []struct{ Rule string }
		Suppressed []struct{ Suppression struct{ Kind string } }
		Summary    struct{ Suppressed struct{ Baseline int } }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Summary.Suppressed.Baseline != 4 || len(rep.Suppressed) != 4 {
		t.Errorf("from a subdirectory: %s", out)
	}
	// --no-config ignores it.
	code, out, errs = wk(t, "", "validate", "--no-config", "../rec.har")
	want(t, code, 1, out, errs)
	if strings.Contains(out, "known") {
		t.Errorf("--no-config used the baseline:\n%s", out)
	}
}

// TestRuleOffAndIgnoreInEveryFormat: what the policy suppresses leaves the
// failures of every format, and is counted.
func TestRuleOffAndIgnoreInEveryFormat(t *testing.T) {
	policyDir(t)
	os.WriteFile(".wepaykit.yaml", []byte(`
rules:
  token-in-parameter: off
ignore:
  - rule: account-name-no-wepay
    pointer: /name
    files: "*.har"
    reason: legal name, accepted by WePay
`), 0o644)
	for _, f := range []string{"text", "json", "junit", "github", "sarif"} {
		code, out, errs := wk(t, "", "validate", "--format", f, "rec.har")
		want(t, code, 1, out, errs)
		switch f {
		case "text", "github":
			if strings.Contains(out, "token-in-parameter") || strings.Contains(out, "account-name-no-wepay") || !strings.Contains(out, "2 suppressed by the policy: 1 rule off, 1 ignored") {
				t.Errorf("%s:\n%s", f, out)
			}
		case "json":
			if !strings.Contains(out, `"kind": "off"`) || !strings.Contains(out, `"reason": "legal name, accepted by WePay"`) || !strings.Contains(out, `"total": 2`) {
				t.Errorf("json:\n%s", out)
			}
		case "junit":
			if strings.Contains(out, `type="token-in-parameter"`) || strings.Contains(out, `type="account-name-no-wepay"`) || !strings.Contains(out, "2 suppressed by the policy") {
				t.Errorf("junit:\n%s", out)
			}
		case "sarif":
			if strings.Count(out, `"justification"`) != 2 || !strings.Contains(out, "legal name, accepted by WePay") {
				t.Errorf("sarif:\n%s", out)
			}
		}
	}
	code, out, errs := wk(t, "", "validate", "--show-ignored", "rec.har")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "ignored error request body /name") || !strings.Contains(out, "(legal name, accepted by WePay; .wepaykit.yaml:5)") {
		t.Errorf("--show-ignored:\n%s", out)
	}
}

func TestExpiredIgnoreReported(t *testing.T) {
	policyDir(t)
	os.WriteFile("team.yaml", []byte("ignore:\n  - rule: account-name-no-wepay\n    reason: old names\n    until: 2020-01-31\n"), 0o644)
	code, out, errs := wk(t, "", "validate", "--config", "team.yaml", "rec.har")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "team.yaml:2: ignore entry for account-name-no-wepay expired on 2020-01-31 and no longer applies: old names") ||
		!strings.Contains(out, "[account-name-no-wepay]") {
		t.Errorf("expired ignore:\n%s", out)
	}
}

func TestBadConfigExit2(t *testing.T) {
	policyDir(t)
	cases := []struct{ file, text, want string }{
		{"a.yaml", "fail-on: error\nfial-on: warning\n", `a.yaml:2: unknown key "fial-on" in the policy file (known keys: hosts,`},
		{"b.yaml", "rules:\n  referer-type-known: off\n", `b.yaml:2: unknown rule "referer-type-known" (did you mean referrer-type-known?); known rules: account-name-no-wepay,`},
		{"c.yaml", "ignore:\n  - rule: unknown-field\n", "c.yaml:2: ignore entry: reason is required"},
		{"d.yaml", "hosts: [a\n", "d.yaml:"},
	}
	for _, c := range cases {
		os.WriteFile(c.file, []byte(c.text), 0o644)
		code, out, errs := wk(t, "", "validate", "--config", c.file, "rec.har")
		want(t, code, 2, out, errs)
		if !strings.Contains(errs, c.want) {
			t.Errorf("%s: stderr %q, want %q", c.file, errs, c.want)
		}
	}
	code, out, errs := wk(t, "", "validate", "--config", "none.yaml", "rec.har")
	want(t, code, 2, out, errs)
	code, out, errs = wk(t, "", "validate", "--baseline", "none.json", "rec.har")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "--write-baseline none.json") {
		t.Errorf("missing baseline: %q", errs)
	}
	code, out, errs = wk(t, "", "validate", "--config", "a.yaml", "--no-config", "rec.har")
	want(t, code, 2, out, errs)
}

// TestFlagsOverrideConfig: the file sets fail-on warning, strict and a
// format; flags given on the command line win.
func TestFlagsOverrideConfig(t *testing.T) {
	policyDir(t)
	os.WriteFile(".wepaykit.yaml", []byte("fail-on: warning\nformat: json\nrules:\n  token-in-parameter: warning\n  account-name-no-wepay: off\n  auth-bearer-required: off\n  schema.maxLength: off\n  account-state-invariants: off\n"), 0o644)
	code, out, errs := wk(t, "", "validate", "rec.har")
	want(t, code, 1, out, errs) // one warning fails with fail-on warning
	if !strings.HasPrefix(out, "{") {
		t.Errorf("format from the file not used:\n%s", out)
	}
	code, out, errs = wk(t, "", "validate", "--fail-on", "error", "--format", "text", "rec.har")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 errors, 1 warning") {
		t.Errorf("flags:\n%s", out)
	}
	// outputs: several reports in one run, paths relative to the file.
	os.Mkdir("reports", 0o755)
	os.WriteFile(".wepaykit.yaml", []byte("outputs:\n  sarif: reports/w.sarif\n  junit: reports/w.xml\n"), 0o644)
	code, out, errs = wk(t, "", "validate", "rec.har")
	want(t, code, 1, out, errs)
	for _, f := range []string{"reports/w.sarif", "reports/w.xml"} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(out, "5 errors") {
		t.Errorf("the text report is not on stdout:\n%s", out)
	}
}

func TestConfigInitAndCheck(t *testing.T) {
	policyDir(t)
	code, out, errs := wk(t, "", "config", "init")
	want(t, code, 0, out, errs)
	if _, err := policy.Load(policy.FileName); err != nil {
		t.Fatalf("starter file: %v", err)
	}
	code, out, errs = wk(t, "", "config", "init")
	want(t, code, 2, out, errs)
	code, out, errs = wk(t, "", "config", "check")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "validate", "rec.har")
	want(t, code, 1, out, errs) // the starter file changes nothing
	code, out, errs = wk(t, "", "config", "init", "-")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "# Rule control") {
		t.Errorf("config init -:\n%s", out)
	}
}

// TestPartnerCIAgrees runs wepaykit validate as the partner's CI would, in
// examples/partner, on the recording its go test wrote: the policy file
// is found by walking up, and the run passes with the same four findings
// suppressed that go test logged; without the file it fails on them.
func TestPartnerCIAgrees(t *testing.T) {
	t.Chdir(filepath.Join("..", "..", "examples", "partner"))
	code, out, errs := wk(t, "", "validate", "testdata/session.jsonl")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "3 entries: 3 validated: 0 errors, 0 warnings\n4 suppressed by the policy: 0 rule off, 4 ignored") {
		t.Errorf("with the partner's policy:\n%s", out)
	}
	code, out, errs = wk(t, "", "validate", "--no-config", "--strict", "testdata/session.jsonl")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "4 errors") {
		t.Errorf("without it:\n%s", out)
	}
}

// TestLintBaselineKnowsProblems: a spec's known lint problems go to a
// baseline; the rerun passes with them counted; a rule turned off in the
// policy is counted too.
func TestLintBaselineKnowsProblems(t *testing.T) {
	policyDir(t)
	emb := string(spec.Embedded())
	broken := strings.Replace(emb, `examples: ["2019-04-03"]`, `examples: ["2019-4-3"]`, 1)
	os.WriteFile("partner.yaml", []byte(broken), 0o644)
	code, out, errs := wk(t, "", "lint", "partner.yaml")
	want(t, code, 1, out, errs)
	code, out, errs = wk(t, "", "lint", "--write-baseline", "lint.json", "partner.yaml")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "lint", "--baseline", "lint.json", "--format", "json", "partner.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, `"kind": "baseline"`) || !strings.Contains(out, `"baseline": 1`) {
		t.Errorf("lint with its baseline:\n%s", out)
	}
	os.WriteFile(".wepaykit.yaml", []byte("rules:\n  lint.example: off\n"), 0o644)
	code, out, errs = wk(t, "", "lint", "partner.yaml")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "1 suppressed by the policy: 1 rule off, 0 ignored") {
		t.Errorf("lint with the rule off:\n%s", out)
	}
}

func TestConformanceBaselineFlags(t *testing.T) {
	policyDir(t)
	code, out, errs := wk(t, "", "conformance", "--baseline", "none.json")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "wepaykit conformance --write-baseline none.json") {
		t.Errorf("missing baseline: %q", errs)
	}
	code, out, errs = wk(t, "", "conformance", "--write-baseline", "conf.json", "--format", "json")
	want(t, code, 0, out, errs)
	b, err := policy.ReadBaseline("conf.json")
	if err != nil || b.Len() != 0 || b.Tool != "wepaykit conformance" {
		t.Errorf("the fake's baseline: %v %+v", err, b)
	}
}
