package coverage_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// BenchmarkAudit validates a recording of 400 exchanges with coverage off
// (the baseline) and on (the collector fed and its report built), in one
// run, so that the ratio can be read from one go test -bench. As the
// baseline's validate.New, the collector's New (reading the contract, once
// per run) is outside the timing; BenchmarkNew measures it.
func BenchmarkAudit(b *testing.B) {
	file := synthHAR(b, b.TempDir(), 5, 400)
	base, err := validate.New()
	if err != nil {
		b.Fatal(err)
	}
	in := []audit.Input{{Name: file, Open: func() (io.ReadCloser, error) { return os.Open(file) }}}
	run := func(b *testing.B, v *validate.Validator) {
		res, err := audit.Run(context.Background(), v, in, audit.Options{Workers: 1})
		if err != nil || len(res.Errors) > 0 {
			b.Fatal(err, res.Errors)
		}
	}
	b.Run("coverage=off", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		defer func() { reportCPU(b, cpu) }()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			runtime.GC() // as below
			b.StartTimer()
			t0 := cpuTime()
			run(b, base)
			cpu += cpuTime() - t0
		}
	})
	b.Run("coverage=on", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		defer func() { reportCPU(b, cpu) }()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			c, err := coverage.New(coverage.WithSpec(base.Spec()))
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC() // New's garbage is not the run's
			b.StartTimer()
			t0 := cpuTime()
			run(b, base.WithCollector(c))
			if c.Report().Detail.Exchanges == 0 {
				b.Fatal("nothing counted")
			}
			cpu += cpuTime() - t0
		}
	})
}

// BenchmarkNew is the one-off cost of a collector on a loaded contract
// (coverage.WithSpec(v.Spec()) shares the validator's): reading the
// contract's fields, rule sites and state table.
func BenchmarkNew(b *testing.B) {
	sp, err := spec.Load()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := coverage.New(coverage.WithSpec(sp)); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU adds the CPU time per run as a metric: on a shared machine
// wall time swings with the load; CPU time much less.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 && b.N > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
