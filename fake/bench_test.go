package fake_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

// BenchmarkFakeAccount makes one /account answer: plan walk, values,
// semantics and JSON encoding. Compare with BenchmarkMarshalAccount, which
// only encodes an equivalent account; the aim is at most 5x.
func BenchmarkFakeAccount(b *testing.B) {
	g := contract(b).Generator(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Body("/account", spec.Response); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshalAccount encodes an equivalent account (a typical one, the
// first seed 1 gives), built once outside the loop, with encoding/json.
func BenchmarkMarshalAccount(b *testing.B) {
	p, err := contract(b).Generator(1).Body("/account", spec.Response)
	if err != nil {
		b.Fatal(err)
	}
	account := p.Value.(map[string]any)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(account); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFakeAccountAllFields makes an account with every optional
// member included.
func BenchmarkFakeAccountAllFields(b *testing.B) {
	g := contract(b).Generator(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Body("/account", spec.Response, fake.WithAllFields()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFakeVsMarshal interleaves making a complete account and
// encoding the very same account with encoding/json, and reports the ratio
// of their times (x-marshal). Both run in the same loop, so slow phases of a
// shared machine hit both; still, compare several runs.
func BenchmarkFakeVsMarshal(b *testing.B) {
	g := contract(b).Generator(1)
	var fakeTime, marshalTime time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		p, err := g.Body("/account", spec.Response, fake.WithAllFields())
		t1 := time.Now()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(p.Value); err != nil {
			b.Fatal(err)
		}
		fakeTime += t1.Sub(t0)
		marshalTime += time.Since(t1)
	}
	b.ReportMetric(float64(fakeTime)/float64(marshalTime), "x-marshal")
}

// BenchmarkGenerator measures making a generator from a shared contract.
func BenchmarkGenerator(b *testing.B) {
	c := contract(b)
	b.ReportAllocs()
	for i := int64(0); b.Loop(); i++ {
		_ = c.Generator(i)
	}
}

func BenchmarkNewContract(b *testing.B) {
	sp, err := spec.Load()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fake.NewContract(sp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInvalidAccount(b *testing.B) {
	g := contract(b).Generator(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Invalid("/account", spec.Response); err != nil {
			b.Fatal(err)
		}
	}
}
