package conformance_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/report"
)

// TestWriteReportFormats writes one failing run in every format: each
// parses, shows each cause once and no token.
func TestWriteReportFormats(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, ignoresAuth)
	target.Run = "^auth/"
	target.Driver = nil
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	groups := conformance.Groups(rep.Results)
	if len(groups) == 0 {
		t.Fatal("a server that ignores auth made no cause")
	}
	for _, format := range report.Formats() {
		var b bytes.Buffer
		if err := conformance.WriteReport(&b, rep, conformance.Output{Format: format, Verbose: true}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := b.String()
		for _, tok := range []string{target.Token, target.OtherToken, target.RevokedToken} {
			if s := leak(out, tok); s != "" {
				t.Errorf("%s shows %q of a token", format, s)
			}
		}
		switch format {
		case report.FormatText:
			if n := len(regexp.MustCompile(`(?m)^FAIL \d+\. `).FindAllString(out, -1)); n != len(groups) {
				t.Errorf("text: %d causes, want %d:\n%s", n, len(groups), out)
			}
			if !strings.Contains(out, "PASS  auth/token-in-body") || !strings.Contains(out, "auth         ") {
				t.Errorf("text -v lacks a check line or the table:\n%s", out)
			}
		case report.FormatJSON:
			var doc struct {
				RunID  string `json:"run_id"`
				Causes []struct {
					Rule   string   `json:"rule"`
					Checks []string `json:"checks"`
				} `json:"causes"`
				Summary struct {
					Fail int `json:"fail"`
				} `json:"summary"`
			}
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Causes) != len(groups) || doc.RunID != rep.RunID || doc.Summary.Fail == 0 {
				t.Errorf("json: %v, %+v", err, doc)
			}
		case report.FormatJUnit:
			var doc struct {
				Suites []struct {
					Failures int `xml:"failures,attr"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Suites) != 1 || doc.Suites[0].Failures == 0 {
				t.Errorf("junit: %v, %+v", err, doc)
			}
		case report.FormatGitHub:
			if n := strings.Count(out, "::error "); n != len(groups) {
				t.Errorf("github: %d annotations, want one per cause (%d):\n%s", n, len(groups), out)
			}
		case report.FormatSARIF:
			var doc report.SARIFLog
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != len(groups) {
				t.Errorf("sarif: %v, %d results for %d causes", err, len(doc.Runs[0].Results), len(groups))
			}
			for _, r := range doc.Runs[0].Results {
				if !strings.HasPrefix(r.RuleID, "conformance.") && r.RuleID == "" {
					t.Errorf("sarif result without a rule: %+v", r)
				}
			}
		}
	}
	var b bytes.Buffer
	var fe *report.FormatError
	if err := conformance.WriteReport(&b, rep, conformance.Output{Format: "yaml"}); err == nil || !asFormatError(err, &fe) {
		t.Errorf("format yaml: %v, want a *report.FormatError", err)
	}
}
