package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/validate"
)

// reportsOf validates inputs with o and renders every format of the
// validate command's report, the result spooled or not.
func reportsOf(t *testing.T, v *validate.Validator, paths []string, o audit.Options, f *validateFlags, pol *policy.Policy, spool bool) map[string][]byte {
	t.Helper()
	set, err := audit.Inputs(paths, audit.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o.Spool, o.SpoolDir = spool, t.TempDir()
	res, err := audit.Run(context.Background(), v, set.Inputs, o)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if res.Spooled() != spool {
		t.Fatalf("spooled %v, want %v", res.Spooled(), spool)
	}
	s := trafficSummary(res, set.Names(), v, o.KeepExchanges)
	s.BaseDir = "/work"
	e := &env{stderr: io.Discard}
	if err := e.finishTrafficPolicy(f, pol, s, res, ""); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, format := range report.Formats() {
		var b bytes.Buffer
		if err := report.Write(&b, format, s); err != nil {
			t.Fatal(err)
		}
		out[format] = b.Bytes()
	}
	return out
}

// TestSpooledReportsIdentical: the reports written from a spooled audit
// result are byte for byte those written from the result in memory, over
// the sample recordings and a generated HAR where every exchange has
// findings, with the policy, the baseline, the kept exchanges of JUnit
// and the state replay in play.
func TestSpooledReportsIdentical(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen.har")
	if n, _ := writeBigHAR(t, gen, 400<<10, true); n < 100 {
		t.Fatalf("generated %d entries", n)
	}
	mixed := filepath.Join(dir, "mixed.har")
	writeBigHAR(t, mixed, 600<<10, false)
	pol, err := policy.Parse(filepath.Join(dir, ".wepaykit.yaml"), []byte(`
rules:
  unknown-field: error
ignore:
  - rule: account-name-no-wepay
    files: "**/samples.jsonl"
    reason: legacy import
  - rule: auth-bearer-required
    reason: test traffic
`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	base := policy.NewBaseline("test", "", []policy.Key{
		{Rule: "token-in-parameter", Operation: "/account", Side: "request", File: samplesDir + "/samples.har"},
		{Rule: validate.RuleSchemaMaxLength, Operation: "/account/create", Side: "request", Pointer: "/name", File: gen}})
	traffic := []string{samplesDir, gen, mixed}
	cases := []struct {
		name string
		o    audit.Options
		f    validateFlags
		pol  *policy.Policy
	}{
		{name: "plain"},
		{name: "exchanges", o: audit.Options{KeepExchanges: true}},
		{name: "policy", o: audit.Options{Policy: pol}, pol: pol},
		{name: "policy shown", o: audit.Options{Policy: pol}, pol: pol, f: validateFlags{policyFlags: policyFlags{showIgnored: true}}},
		{name: "policy exchanges", o: audit.Options{Policy: pol, KeepExchanges: true}, pol: pol, f: validateFlags{policyFlags: policyFlags{showIgnored: true}}},
		{name: "baseline", o: audit.Options{Baseline: base, KeepExchanges: true}},
		{name: "across", o: audit.Options{StateAcrossFiles: true, Scope: validate.ScopeAll}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem := reportsOf(t, v, traffic, c.o, &c.f, c.pol, false)
			sp := reportsOf(t, v, traffic, c.o, &c.f, c.pol, true)
			for format, want := range mem {
				if !bytes.Equal(sp[format], want) {
					t.Errorf("%s: the spooled report differs from the one in memory (%d bytes, want %d)", format, len(sp[format]), len(want))
				}
			}
			if (c.pol != nil || c.o.Baseline != nil) && !bytes.Contains(mem[report.FormatJSON], []byte(`"suppressed": [`)) {
				t.Errorf("nothing suppressed: the policy case tests nothing")
			}
			if len(mem[report.FormatJSON]) < 100<<10 {
				t.Errorf("the JSON report has %d bytes: too few findings to test anything", len(mem[report.FormatJSON]))
			}
		})
	}
}

// TestValidateLeavesNoSpoolFiles: a validate run through the CLI leaves
// nothing in the temporary directory.
func TestValidateLeavesNoSpoolFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb bytes.Buffer
	if code := run([]string{"validate", "--no-config", "-q", "-f", "json", "-f", "junit=" + filepath.Join(t.TempDir(), "j.xml"), samplesDir}, nil, &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	es, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		t.Errorf("left in TMPDIR: %s", e.Name())
	}
	// No temporary directory at all: the run keeps its findings in memory
	// and says so.
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	out.Reset()
	errb.Reset()
	if code := run([]string{"validate", "--no-config", "-q", "-f", "json", samplesDir}, nil, &out, &errb); code != 1 || !bytes.Contains(errb.Bytes(), []byte("keeping the findings in memory")) {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}
