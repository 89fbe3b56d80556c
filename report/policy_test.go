package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// policySample is sample() run under a policy: the account-name finding
// ignored, the unknown-field warning off, the state transition known in
// the baseline, one ignore expired and one baseline entry gone.
func policySample(show bool) *Summary {
	s := sample()
	all := s.Findings
	s.Findings = []Finding{all[2]}
	s.Suppressed = []Suppressed{
		{Finding: all[0], Kind: SuppressedIgnore, Reason: "names imported from the old shop", Source: ".wepaykit.yaml:8"},
		{Finding: all[1], Kind: SuppressedOff, Reason: "rule unknown-field is off", Source: ".wepaykit.yaml:5"},
		{Finding: all[3], Kind: SuppressedBaseline, Reason: "in the baseline", Source: ".wepaykit-baseline.json"},
	}
	s.Policy = &PolicyInfo{Config: ".wepaykit.yaml", Baseline: ".wepaykit-baseline.json", Known: 1,
		Gone:           []string{"rec.har /account/modify request /name [schema.maxLength]"},
		Expired:        []Note{{File: ".wepaykit.yaml", Line: 12, Message: "ignore entry expired on 2026-01-31 and no longer applies: legacy callback URIs"}},
		ShowSuppressed: show}
	return s
}

func TestPolicyGolden(t *testing.T) {
	ext := map[string]string{FormatText: "txt", FormatJSON: "json", FormatJUnit: "xml", FormatGitHub: "github", FormatSARIF: "sarif"}
	for _, f := range Formats() {
		golden(t, "policy."+ext[f], render(t, f, policySample(false)))
	}
	golden(t, "policy-show.txt", render(t, FormatText, policySample(true)))
}

// TestSuppressedNeverSilent checks that every format counts what the
// policy suppressed, and that none reports it as a failure.
func TestSuppressedNeverSilent(t *testing.T) {
	s := policySample(false)
	for _, f := range Formats() {
		out := string(render(t, f, s))
		switch f {
		case FormatText, FormatGitHub:
			for _, want := range []string{"1 known finding (baseline)", "2 suppressed by the policy: 1 rule off, 1 ignored; --show-ignored lists them", "expired"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s: no %q in\n%s", f, want, out)
				}
			}
			if strings.Contains(out, "account-name-no-wepay") || strings.Contains(out, "unknown-field") {
				t.Errorf("%s: a suppressed finding is shown without --show-ignored:\n%s", f, out)
			}
		case FormatJSON:
			var v struct {
				Findings   []map[string]any
				Suppressed []struct {
					Rule        string
					Suppression struct{ Kind, Reason string }
				}
				Summary struct {
					Errors     int
					Suppressed struct{ Total, Off, Ignored, Baseline int }
				}
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			if len(v.Findings) != 1 || len(v.Suppressed) != 3 || v.Summary.Suppressed.Total != 3 || v.Summary.Suppressed.Baseline != 1 ||
				v.Suppressed[0].Suppression.Reason != "names imported from the old shop" {
				t.Errorf("json: %+v", v)
			}
		case FormatJUnit:
			if strings.Count(out, "<failure") != 1 || !strings.Contains(out, "3 suppressed by the policy") || !strings.Contains(out, "ignored error request body /name") {
				t.Errorf("junit:\n%s", out)
			}
		case FormatSARIF:
			var doc any
			json.Unmarshal([]byte(out), &doc)
			if err := sarifSchema(t).Validate(doc); err != nil {
				t.Errorf("SARIF with suppressions does not validate: %v", err)
			}
			var log SARIFLog
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatal(err)
			}
			res := log.Runs[0].Results
			n := 0
			for _, r := range res {
				if len(r.Suppressions) > 0 {
					n++
					if r.Suppressions[0].Justification == "" || r.Suppressions[0].Kind != "external" {
						t.Errorf("sarif suppression %+v", r.Suppressions)
					}
				}
			}
			if len(res) != 4 || n != 3 || res[0].BaselineState != "new" {
				t.Errorf("sarif: %d results, %d suppressed, first %+v", len(res), n, res[0])
			}
		}
	}
}

func TestShowSuppressed(t *testing.T) {
	out := string(render(t, FormatText, policySample(true)))
	for _, want := range []string{"Suppressed by the policy:", "ignored error request body /name", "(names imported from the old shop; .wepaykit.yaml:8)", "off warning response body /extra"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
