package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// sarifSchema compiles the hand-written subset of the SARIF 2.1.0 schema
// (testdata/sarif-2.1.0-subset.schema.json), with GitHub's requirements.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	sch, err := c.Compile("testdata/sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestSARIFSchema validates SARIF output against the schema, and checks
// that the schema refuses what code scanning refuses.
func TestSARIFSchema(t *testing.T) {
	sch := sarifSchema(t)
	withBase := sample()
	withBase.BaseDir = "/work/repo"
	withBase.Findings[0].File = "/work/repo/rec/a.har"
	withBase.Rules = map[string]Rule{withBase.Findings[0].Rule: {Summary: "s", Description: "d", Help: "h", HelpURI: "https://example.com/#r", Level: Error}}
	for _, s := range []*Summary{sample(), specSample(), {}, withBase} {
		var doc any
		if err := json.Unmarshal(render(t, FormatSARIF, s), &doc); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("SARIF output does not validate: %v", err)
		}
	}
	out := string(render(t, FormatSARIF, withBase))
	for _, want := range []string{`"uri": "rec/a.har"`, `"uriBaseId": "SRCROOT"`, `"uri": "file:///work/repo/"`, `"fullDescription"`, `"defaultConfiguration"`, `"partialFingerprints"`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	for name, bad := range map[string]string{
		"no driver name": `{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		"no message":     `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","locations":[]}]}]}`,
		"line 0":         `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`,
		"bad level":      `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","level":"fatal","message":{"text":"m"},"locations":[]}]}]}`,
		"misspelt":       `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"result":[]}]}`,
	} {
		var doc any
		if err := json.NewDecoder(bytes.NewReader([]byte(bad))).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if sch.Validate(doc) == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// TestSARIFFingerprintStable: the fingerprint ignores entry and line, so a
// re-recorded flow keeps its alerts.
func TestSARIFFingerprintStable(t *testing.T) {
	f := Finding{Rule: "schema.maxLength", Operation: "/account/create", Side: "request", Location: "body", Pointer: "/name", Entry: 3, Line: 40}
	g := f
	g.Entry, g.Line = 9, 400
	if fingerprint(f, "a.har") != fingerprint(g, "a.har") {
		t.Error("fingerprint depends on entry or line")
	}
	g.Pointer = "/description"
	if fingerprint(f, "a.har") == fingerprint(g, "a.har") {
		t.Error("fingerprint ignores the pointer")
	}
}
