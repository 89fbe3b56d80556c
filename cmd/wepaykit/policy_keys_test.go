package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
)

// TestScopeKeyWired: the policy's scope reaches --scope, and the flag
// given on the command line wins over the file.
func TestScopeKeyWired(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "rec.jsonl", fmt.Sprintf(stageLookup, "active", "2024-01-01T00:00:00Z"), checkout)
	os.WriteFile(".wepaykit.yaml", []byte("scope: all\n"), 0o644)
	code, out, errs := wk(t, "", "validate", "rec.jsonl")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "[route-unknown]") {
		t.Errorf("scope: all from the file not applied:\n%s", out)
	}
	code, out, errs = wk(t, "", "validate", "--scope", "account", "rec.jsonl")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "1 outside /account (/checkout/create)") {
		t.Errorf("--scope account:\n%s", out)
	}
}

// TestRecordingKeysWired: exclude, allow-empty and state-across-files
// from the file, each overridden by its flag.
func TestRecordingKeysWired(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "recs/a.jsonl", fmt.Sprintf(stageLookup, "deleted", "2024-01-01T00:00:00Z"))
	writeRec(t, dir, "recs/b.jsonl", fmt.Sprintf(stageLookup, "active", "2024-01-02T00:00:00Z"))
	writeRec(t, dir, "local.jsonl", localLookup)
	// state-across-files: a deleted account that is active again, across files.
	os.WriteFile(".wepaykit.yaml", []byte("state-across-files: true\nexclude: [local.jsonl]\n"), 0o644)
	code, out, errs := wk(t, "", "validate", "recs", "local.jsonl")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "went from deleted to active") || !strings.Contains(out, "local.jsonl: excluded, skipped") || !strings.Contains(out, "2 entries: 2 validated") {
		t.Errorf("state across files and exclude from the file:\n%s", out)
	}
	code, out, errs = wk(t, "", "validate", "--state-across-files=false", "recs")
	want(t, code, 0, out, errs)
	// allow-empty: a run of only other-host traffic passes with the key.
	os.WriteFile(".wepaykit.yaml", []byte("allow-empty: true\n"), 0o644)
	code, out, errs = wk(t, "", "validate", "local.jsonl")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "validate", "--allow-empty=false", "local.jsonl")
	want(t, code, 2, out, errs)
}

// TestEveryPolicyKeyReachesItsFlags builds each command that reads the
// policy, applies a file that sets every key, and checks the fields the
// command's flags set: so a key that a command's flag has and that is not
// wired fails here.
func TestEveryPolicyKeyReachesItsFlags(t *testing.T) {
	pol, err := policy.Parse("all.yaml", []byte(`
hosts: [api.local:8080]
environment: production
strict: true
fail-on: warning
max-body: 2MiB
workers: 3
scope: all
format: json
outputs: {sarif: v.sarif}
quiet: true
exclude: [fixtures]
allow-empty: true
state-across-files: true
lint: {fail-on: error, format: github, outputs: {sarif: lint.sarif}}
conformance: {format: junit, outputs: {json: conf.json}}
coverage: {min: "operations=50", format: html, outputs: {json: cov.json}}
`))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr}

	// validate
	vf := &validateFlags{maxBody: 1}
	fs := newValidateCmd(e).Flags()
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := vf.fromPolicy(fs, pol); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%v %s %v %s %d %d %s %v %v %v %v %v", vf.hosts, vf.env, vf.strict, vf.failOn, vf.maxBody, vf.workers,
		vf.traffic.scope, vf.formats, vf.quiet, vf.traffic.exclude, vf.traffic.allowEmpty, vf.traffic.acrossFiles)
	if wantS := "[api.local:8080] production true warning 2097152 3 all [json sarif=v.sarif] true [fixtures] true true"; got != wantS {
		t.Errorf("validate:\n got %s\nwant %s", got, wantS)
	}
	// Flags given win.
	vf = &validateFlags{}
	fs = newValidateCmd(e).Flags()
	fs.Parse([]string{"--scope", "account", "--quiet=false", "--exclude", "x", "--format", "text", "--env", "stage"})
	vf.traffic.scope, vf.traffic.exclude, vf.formats, vf.env = "account", []string{"x"}, []string{"text"}, "stage"
	vf.fromPolicy(fs, pol)
	if vf.traffic.scope != "account" || vf.quiet || vf.traffic.exclude[0] != "x" || len(vf.formats) != 1 || vf.env != "stage" {
		t.Errorf("validate flags did not win: %+v", vf)
	}

	// coverage: the recording keys, not validate's formats.
	cf := &validateFlags{}
	fs = newCoverageCmd(e).Flags()
	fs.Parse(nil)
	cf.recordingsFromPolicy(fs, pol)
	if cf.env != "production" || cf.traffic.scope != "all" || !cf.quiet || cf.traffic.exclude[0] != "fixtures" || cf.hosts[0] != "api.local:8080" || len(cf.formats) != 0 {
		t.Errorf("coverage: %+v", cf)
	}
	cov := &coverageFlags{}
	if err := cov.fromPolicy(fs, pol); err != nil || cov.min != "operations=50" || strings.Join(cov.formats, " ") != "html json=cov.json" {
		t.Errorf("coverage section: %v %+v", err, cov)
	}
	for _, name := range []string{"scope", "exclude", "state-across-files", "config", "no-config", "quiet", "host", "env", "max-body", "workers", "min", "format"} {
		if fs.Lookup(name) == nil {
			t.Errorf("coverage has no --%s", name)
		}
	}

	// proxy
	po := &proxyOptions{}
	fs = newProxyCmd(e).Flags()
	fs.Parse(nil)
	po.fromPolicy(fs, pol)
	if !po.strict || po.env != "production" || po.maxBody != 2<<20 || po.failOn != "warning" || po.pol != pol {
		t.Errorf("proxy: %+v", po)
	}
	if fs.Lookup("config") == nil || fs.Lookup("no-config") == nil {
		t.Errorf("proxy has no --config/--no-config")
	}

	// conformance: its section's format and outputs, the environment.
	co := &conformanceOptions{env: "stage"}
	fs = newConformanceCmd(e).Flags()
	fs.Parse(nil)
	if err := co.fromPolicy(fs, pol); err != nil {
		t.Fatal(err)
	}
	if co.env != "production" || strings.Join(co.formats, " ") != "junit json=conf.json" {
		t.Errorf("conformance: env %s formats %v", co.env, co.formats)
	}

	// lint: its section's format and outputs.
	format, outs := pol.Reports("lint")
	lf := &reportFlags{}
	fs = newLintCmd(e).Flags()
	fs.Parse(nil)
	lf.fromPolicy(fs, pol, pol.Lint.FailOn, format, outs)
	if strings.Join(lf.formats, " ") != "github sarif=lint.sarif" || lf.failOn != "error" {
		t.Errorf("lint: %+v", lf)
	}

	// diff: lint's fail-on (lint.fail-on, else fail-on); its changelog
	// formats are not the report formats of format and outputs.
	df := &diffFlags{format: "text", failOn: "none"}
	fs = newDiffCmd(e).Flags()
	fs.Parse(nil)
	df.fromPolicy(fs, pol)
	if df.failOn != "error" || df.format != "text" {
		t.Errorf("diff: %+v", df)
	}
	top, err := policy.Parse("top.yaml", []byte("fail-on: warning\n"))
	if err != nil {
		t.Fatal(err)
	}
	df = &diffFlags{failOn: "none"}
	df.fromPolicy(fs, top)
	if df.failOn != "warning" {
		t.Errorf("diff without lint.fail-on: %+v", df)
	}
	df = &diffFlags{failOn: "info"}
	fs = newDiffCmd(e).Flags()
	fs.Parse([]string{"--fail-on", "info"})
	df.fromPolicy(fs, pol)
	if df.failOn != "info" {
		t.Errorf("diff --fail-on did not win: %+v", df)
	}
	for _, name := range []string{"config", "no-config", "fail-on", "level"} {
		if fs.Lookup(name) == nil {
			t.Errorf("diff has no --%s", name)
		}
	}
}

// TestConformanceFormatsFromPolicy: conformance writes the formats and
// outputs of the policy file in one run, and names its baseline's
// outcome in the JSON report and the text summary line.
func TestConformanceFormatsFromPolicy(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile(".wepaykit.yaml", []byte("conformance:\n  outputs:\n    json: reports/conf.json\n    junit: reports/conf.xml\n    github: reports/conf.gh\n    sarif: reports/conf.sarif\n"), 0o644)
	os.Mkdir("reports", 0o755)
	// A baseline naming one check that passes against the fake (gone) and
	// one the run does not select (kept).
	os.WriteFile("conf-baseline.json", []byte(`{"version":1,"tool":"wepaykit conformance","findings":[
{"rule":"responses/account","count":1,"fingerprint":"x"},{"rule":"enums/account/create/mode","count":1,"fingerprint":"y"}]}`), 0o644)
	code, out, errs := wk(t, "", "conformance", "--run", "^responses/account$", "--baseline", "conf-baseline.json")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "0 known (baseline conf-baseline.json); 1 baseline entry no longer fails: responses/account (--prune-baseline removes it)") {
		t.Errorf("text summary line:\n%s", out)
	}
	var rep struct {
		Baseline *struct {
			File        string   `json:"file"`
			Known       int      `json:"known"`
			Gone        int      `json:"gone"`
			GoneEntries []string `json:"gone_entries"`
		} `json:"baseline"`
		Checks []struct{ Check string }
	}
	data, err := os.ReadFile(filepath.Join("reports", "conf.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Baseline == nil || rep.Baseline.File != "conf-baseline.json" || rep.Baseline.Gone != 1 || strings.Join(rep.Baseline.GoneEntries, ",") != "responses/account" {
		t.Errorf("json baseline: %s", data)
	}
	if x, err := os.ReadFile(filepath.Join("reports", "conf.xml")); err != nil || !bytes.Contains(x, []byte("<testsuites>")) {
		t.Errorf("junit output: %v %s", err, x)
	}
	gh, _ := os.ReadFile(filepath.Join("reports", "conf.gh"))
	sarif, _ := os.ReadFile(filepath.Join("reports", "conf.sarif"))
	if !bytes.Contains(gh, []byte("baseline entry no longer occurs::responses/account")) ||
		!bytes.Contains(sarif, []byte("baseline entry no longer occurs: responses/account")) {
		t.Errorf("github:\n%s\nsarif:\n%s", gh, sarif)
	}
	// Pruning removes only the check that ran and passed.
	code, out, errs = wk(t, "", "conformance", "--run", "^responses/account$", "--baseline", "conf-baseline.json", "--prune-baseline")
	want(t, code, 0, out, errs)
	b, err := policy.ReadBaseline("conf-baseline.json")
	if err != nil || b.Len() != 1 || b.Entries[0].Rule != "enums/account/create/mode" {
		t.Errorf("pruned: %v %+v", err, b)
	}
}

// TestCoverageTakesThePolicy: coverage reads the hosts (and the rest of
// the recording keys) of .wepaykit.yaml, as validate does; --no-config
// ignores it.
func TestCoverageTakesThePolicy(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "local.jsonl", localLookup)
	writeRec(t, dir, "fixtures/old.jsonl", localLookup)
	os.WriteFile(".wepaykit.yaml", []byte("hosts: [127.0.0.1:8080]\nexclude: [fixtures]\n"), 0o644)
	code, out, errs := wk(t, "", "coverage", "local.jsonl", "fixtures")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "contract coverage of 1 validated exchange") {
		t.Errorf("with the policy's hosts and exclude:\n%s", out)
	}
	code, out, errs = wk(t, "", "coverage", "--no-config", "local.jsonl")
	want(t, code, 2, out, errs) // nothing validated: exit 2
	if !strings.Contains(out, "contract coverage of 0 validated exchanges") || !strings.Contains(errs, "nothing validated") {
		t.Errorf("--no-config:\n%s", out)
	}
}

// TestUnknownRuleIDsOfEveryChecker: a typo of a conformance check name is
// suggested, the message says where every id is listed, and config rules
// lists the validator's, lint's and conformance's ids.
func TestUnknownRuleIDsOfEveryChecker(t *testing.T) {
	policyDir(t)
	os.WriteFile("team.yaml", []byte("rules:\n  responses/acount/create: off\n"), 0o644)
	code, out, errs := wk(t, "", "validate", "--config", "team.yaml", "rec.har")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, `team.yaml:2: unknown rule "responses/acount/create" (did you mean responses/account/create`) ||
		!strings.Contains(errs, "conformance check names: 'wepaykit config rules' lists every id") {
		t.Errorf("stderr:\n%s", errs)
	}
	code, out, errs = wk(t, "", "config", "rules")
	want(t, code, 0, out, errs)
	for _, id := range []string{"\naccount-name-no-wepay\n", "\nlint.example\n", "\nresponse-property-enum-value-added\n", "\nresponses/account/create\n", "# conformance (check names): "} {
		if !strings.Contains(out, id) {
			t.Errorf("config rules lacks %q", strings.TrimSpace(id))
		}
	}
	// The ids it lists are accepted.
	os.WriteFile("team.yaml", []byte("rules:\n  responses/account/create: off\n  response-property-enum-value-added: off\n"), 0o644)
	code, out, errs = wk(t, "", "config", "check", "team.yaml")
	want(t, code, 0, out, errs)
}

// TestCoverageSectionOfThePolicy: coverage.min gates the run and
// coverage.outputs writes its reports; --min given wins; a bad threshold
// is exit 2 with the file and line.
func TestCoverageSectionOfThePolicy(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "local.jsonl", localLookup)
	os.WriteFile(".wepaykit.yaml", []byte("hosts: [127.0.0.1:8080]\ncoverage:\n  min: operations=100\n  outputs:\n    html: cov.html\n"), 0o644)
	code, out, errs := wk(t, "", "coverage", "local.jsonl")
	want(t, code, 1, out, errs)
	if st, err := os.Stat("cov.html"); err != nil || st.Size() == 0 || !strings.Contains(out, "DIMENSION") {
		t.Errorf("outputs: %v\n%s", err, out)
	}
	code, out, errs = wk(t, "", "coverage", "--min", "operations=10", "local.jsonl")
	want(t, code, 0, out, errs)
	os.WriteFile(".wepaykit.yaml", []byte("coverage:\n  min: operations=lots\n"), 0o644)
	code, out, errs = wk(t, "", "coverage", "local.jsonl")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, ".wepaykit.yaml:2: coverage.min:") {
		t.Errorf("bad min: %s", errs)
	}
}

// TestConfigCheckValues: config check refuses what a command would
// refuse: an unknown format of any command, a bad coverage.min.
func TestConfigCheckValues(t *testing.T) {
	t.Chdir(t.TempDir())
	for file, text := range map[string]string{
		"a.yaml": "format: sarf\n",
		"b.yaml": "lint:\n  outputs:\n    sarf: x.sarif\n",
		"c.yaml": "coverage:\n  min: fields=lots\n",
		"d.yaml": "coverage:\n  format: sarif\n",
	} {
		os.WriteFile(file, []byte(text), 0o644)
		code, out, errs := wk(t, "", "config", "check", file)
		want(t, code, 2, out, errs)
		if !strings.Contains(errs, file) {
			t.Errorf("%s: %s", file, errs)
		}
	}
}

// TestCoverageStatesPerFile: coverage follows accounts within each file,
// as validate does: the same account id deleted in one file and active in
// another is no transition, unless --state-across-files.
func TestCoverageStatesPerFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "recs/a.jsonl", fmt.Sprintf(stageLookup, "deleted", "2024-01-01T00:00:00Z"))
	writeRec(t, dir, "recs/b.jsonl", fmt.Sprintf(stageLookup, "active", "2024-01-02T00:00:00Z"))
	code, out, errs := wk(t, "", "coverage", "--no-config", "-f", "json", "recs")
	want(t, code, 0, out, errs)
	if strings.Contains(out, `"from": "deleted"`) || strings.Contains(out, `"from":"deleted"`) {
		t.Errorf("a transition across files, by default:\n%s", out)
	}
	code, out, errs = wk(t, "", "coverage", "--no-config", "-f", "json", "--state-across-files", "recs")
	if !strings.Contains(out, `"deleted"`) || !(strings.Contains(out, `"from": "deleted"`) || strings.Contains(out, `"from":"deleted"`)) {
		t.Errorf("no transition across files with --state-across-files (exit %d):\n%s\n%s", code, out, errs)
	}
}

// TestAllowEmptyDirectory: a directory holding no recording is a run that
// validates nothing: exit 2, unless --allow-empty, which lists the files
// not read and passes.
func TestAllowEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeRec(t, dir, "fixt/x.json", `{"a":1}`)
	writeRec(t, dir, "fixt/docker-compose.yml", `version: "3"`)
	code, out, errs := wk(t, "", "validate", "--no-config", "fixt")
	want(t, code, 2, out, errs)
	code, out, errs = wk(t, "", "validate", "--no-config", "--allow-empty", "fixt")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "fixt/x.json: not a recording") || !strings.Contains(out, "0 entries: 0 validated") {
		t.Errorf("output:\n%s", out)
	}
}
