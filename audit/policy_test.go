package audit_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

func suppressed(r *audit.Result) []string {
	var out []string
	for _, f := range r.Suppressed {
		out = append(out, f.File+":"+itoa(f.Entry)+":"+f.Rule+":"+string(f.Verdict.Suppressed))
	}
	return out
}

func TestPolicyFilesGlobAndBaseline(t *testing.T) {
	dir := t.TempDir()
	legacy := filepath.Join(dir, "legacy", "old.har")
	fresh := filepath.Join(dir, "new.har")
	rec := har(create("My WePay shop"), lookup(t0))
	p, err := policy.Parse("team.yaml", []byte(`
rules:
  account-name-no-wepay: warning
ignore:
  - rule: account-name-no-wepay
    files: "legacy/**"
    reason: imported from the old shop
`))
	if err != nil {
		t.Fatal(err)
	}
	p.Dir = dir
	v := newValidator(t)
	in := []audit.Input{input(legacy, rec), input(fresh, rec)}
	res, err := audit.Run(context.Background(), v, in, audit.Options{Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	if got := rules(res); !slices.Equal(got, []string{fresh + ":0:account-name-no-wepay"}) {
		t.Fatalf("findings = %v", got)
	}
	if res.Findings[0].Severity != validate.SeverityWarning {
		t.Errorf("rule control not applied: %v", res.Findings[0].Severity)
	}
	if got := suppressed(res); !slices.Equal(got, []string{legacy + ":0:account-name-no-wepay:ignore"}) {
		t.Errorf("suppressed = %v", got)
	}
	if res.Suppressed[0].Verdict.Reason != "imported from the old shop" {
		t.Errorf("reason = %q", res.Suppressed[0].Verdict.Reason)
	}

	// Adopt a baseline of today's findings: the next run knows them all.
	var keys []policy.Key
	for _, f := range res.Findings {
		keys = append(keys, validate.PolicyKey(f.Finding, f.File))
	}
	b := policy.NewBaseline("test", dir, keys)
	res, _ = audit.Run(context.Background(), v, in, audit.Options{Policy: p, Baseline: b})
	if len(res.Findings) != 0 || res.Baseline == nil || res.Baseline.Known != 1 || len(res.Baseline.Gone) != 0 {
		t.Fatalf("with the baseline: findings %v, baseline %+v", rules(res), res.Baseline)
	}
	// The same defect once more in the recording: only the new occurrence
	// is reported.
	rec2 := har(create("WePay one"), create("WePay again"))
	res, _ = audit.Run(context.Background(), v, []audit.Input{input(legacy, rec), input(fresh, rec2)}, audit.Options{Policy: p, Baseline: b})
	if got := rules(res); !slices.Equal(got, []string{fresh + ":1:account-name-no-wepay"}) {
		t.Errorf("new findings = %v", got)
	}
	if res.Baseline.Known != 1 {
		t.Errorf("baseline %+v", res.Baseline)
	}
}

func TestBaselineCountsOccurrences(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.har")
	v := newValidator(t)
	one := har(create("WePay one"))
	res, _ := audit.Run(context.Background(), v, []audit.Input{input(file, one)}, audit.Options{})
	var keys []policy.Key
	for _, f := range res.Findings {
		keys = append(keys, validate.PolicyKey(f.Finding, f.File))
	}
	b := policy.NewBaseline("test", dir, keys)

	// Re-recorded with the same defect: known, nothing new.
	res, _ = audit.Run(context.Background(), v, []audit.Input{input(file, har(lookup(t0), create("WePay two")))}, audit.Options{Baseline: b})
	if len(res.Findings) != 0 || res.Baseline.Known != 1 {
		t.Errorf("re-recorded: findings %v, known %d", rules(res), res.Baseline.Known)
	}
	// The defect twice: one known, one new.
	res, _ = audit.Run(context.Background(), v, []audit.Input{input(file, har(create("WePay one"), create("WePay two")))}, audit.Options{Baseline: b})
	if got := rules(res); !slices.Equal(got, []string{file + ":1:account-name-no-wepay"}) || res.Baseline.Known != 1 {
		t.Errorf("twice: findings %v, known %d", got, res.Baseline.Known)
	}
	// Fixed: the baseline entry is gone, and pruning empties the baseline.
	res, _ = audit.Run(context.Background(), v, []audit.Input{input(file, har(create("My shop")))}, audit.Options{Baseline: b})
	if len(res.Findings) != 0 || len(res.Baseline.Gone) != 1 || res.Baseline.Gone[0].Rule != "account-name-no-wepay" || len(res.Baseline.Pruned.Entries) != 0 {
		t.Errorf("fixed: findings %v, baseline %+v", rules(res), res.Baseline)
	}
}

func TestValidatorPolicyUsedByDefault(t *testing.T) {
	p, _ := policy.Parse("p.yaml", []byte("rules: {account-name-no-wepay: off}\n"))
	v, err := validate.New(validate.WithPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := audit.Run(context.Background(), v, []audit.Input{input("a.har", har(create("WePay one")))}, audit.Options{})
	if len(res.Findings) != 0 || len(res.Suppressed) != 1 || res.Suppressed[0].Verdict.Suppressed != policy.SuppressedOff {
		t.Errorf("findings %v suppressed %v", rules(res), suppressed(res))
	}
}
