package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
)

// TestKnownFailures accepts a stand-in's known failures with a baseline of
// check names and an ignore entry: they become "known", Check passes, and
// a check that newly fails is still a failure.
func TestKnownFailures(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, acceptsLongNames)
	target.Baseline = policy.NewBaseline("wepaykit conformance", "", []policy.Key{{Rule: "lengths/account/create/name"}, {Rule: "auth/no-authorization"}})
	p, err := policy.Parse("team.yaml", []byte("ignore:\n  - rule: lengths/account/modify/name\n    reason: our stand-in trims names on modify\n"))
	if err != nil {
		t.Fatal(err)
	}
	target.Policy = p
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range res {
		status[r.Check] = r.Status
	}
	if status["lengths/account/create/name"] != conformance.StatusKnown || status["lengths/account/modify/name"] != conformance.StatusKnown {
		t.Errorf("statuses: create %q, modify %q", status["lengths/account/create/name"], status["lengths/account/modify/name"])
	}
	// Without the ignore entry, the modify check fails again (a fresh
	// server: the checks create accounts with fixed reference ids).
	fresh := fakeTarget(t, acceptsLongNames)
	fresh.Baseline = target.Baseline
	err = conformance.Check(t.Context(), fresh)
	var ce *conformance.CheckError
	if !errors.As(err, &ce) || ce.Check != "lengths/account/modify/name" {
		t.Errorf("Check = %v, want the modify check's failure", err)
	}
	// The baseline entry that passes is reported as gone.
	raw := make([]conformance.Result, len(res))
	copy(raw, res)
	for i := range raw {
		if raw[i].Status == conformance.StatusKnown {
			raw[i].Status = conformance.StatusFail
		}
	}
	m := conformance.ApplyPolicy(raw, nil, target.Baseline)
	if g := m.Gone(); len(g) != 1 || g[0].Rule != "auth/no-authorization" {
		t.Errorf("gone = %+v", g)
	}
}

// TestKnownFailuresInSARIF: a check the policy accepts is in the SARIF
// log as a suppressed result with the policy's reason, not left out.
func TestKnownFailuresInSARIF(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, acceptsLongNames)
	p, err := policy.Parse("team.yaml", []byte("ignore:\n  - rule: lengths/account/create/name\n    reason: our stand-in trims names\n"))
	if err != nil {
		t.Fatal(err)
	}
	target.Policy = p
	target.Run = `^lengths/account/create/name$`
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := conformance.WriteReport(&buf, rep, conformance.Output{Format: report.FormatSARIF}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Message      struct{ Text string }
				Suppressions []struct{ Kind, Status, Justification string }
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) != 1 {
			t.Errorf("result %s without suppression: %s", r.RuleID, r.Message.Text)
			continue
		}
		found = found || (strings.Contains(r.Message.Text, "lengths/account/create/name") && strings.Contains(r.Suppressions[0].Justification, "our stand-in trims names"))
	}
	if !found {
		t.Errorf("no suppressed result for the accepted check:\n%s", buf.String())
	}
}

// TestIgnoreByOperation: an ignore entry that also names an operation
// matches a check that failed on that call, and not one that failed on
// another.
func TestIgnoreByOperation(t *testing.T) {
	t.Parallel()
	for op, want := range map[string]string{"/account/create": conformance.StatusKnown, "/account/modify": conformance.StatusFail} {
		target := fakeTarget(t, acceptsLongNames)
		p, err := policy.Parse("team.yaml", []byte("ignore:\n  - rule: lengths/account/*/name\n    operation: "+op+"\n    reason: trims names\n"))
		if err != nil {
			t.Fatal(err)
		}
		target.Policy = p
		target.Run = `^lengths/account/create/name$`
		res, err := conformance.Results(t.Context(), target)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Check == "lengths/account/create/name" && r.Status != want {
				t.Errorf("operation %s: status %q, want %q (%s)", op, r.Status, want, r.Reason)
			}
		}
	}
}
