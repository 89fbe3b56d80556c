package audit_test

import (
	"context"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

// BenchmarkAuditPolicy is BenchmarkAudit under a policy (a rule off, two
// ignores, one with a files glob) and a baseline of every finding, for
// comparison with BenchmarkAudit in the same run.
func BenchmarkAuditPolicy(b *testing.B) {
	data := manyHAR(benchEntries)
	v := newValidator(b)
	p, err := policy.Parse("p.yaml", []byte(`
rules:
  referrer-type-known: off
ignore:
  - rule: schema.maxLength
    pointer: /balances/*/withdrawal_bank_name
    reason: r
  - rule: account-name-no-wepay
    files: "legacy/**"
    reason: r
`))
	if err != nil {
		b.Fatal(err)
	}
	res, _ := audit.Run(context.Background(), v, []audit.Input{input("bench.har", data)}, audit.Options{})
	var keys []policy.Key
	for _, f := range res.Findings {
		keys = append(keys, validate.PolicyKey(f.Finding, f.File))
	}
	base := policy.NewBaseline("bench", "", keys)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := audit.Run(context.Background(), v, []audit.Input{input("bench.har", data)}, audit.Options{Policy: p, Baseline: base})
		if err != nil || res.Entries != benchEntries || len(res.Findings) != 0 || res.Baseline.Known != len(keys) {
			b.Fatalf("entries %d, findings %d, err %v", res.Entries, len(res.Findings), err)
		}
	}
	b.ReportMetric(float64(benchEntries*b.N)/b.Elapsed().Seconds(), "entries/s")
}
