package audit_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/traffic"
)

const benchEntries = 1000

// BenchmarkAudit validates a 1000-entry HAR; see entries/s.
func BenchmarkAudit(b *testing.B) {
	data := manyHAR(benchEntries)
	v := newValidator(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := audit.Run(context.Background(), v, []audit.Input{input("bench.har", data)}, audit.Options{})
		if err != nil || res.Entries != benchEntries {
			b.Fatalf("entries %d, err %v", res.Entries, err)
		}
	}
	b.ReportMetric(float64(benchEntries*b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkTrafficReadOnly only reads the entries of the same HAR, for
// comparison with BenchmarkAudit.
func BenchmarkTrafficReadOnly(b *testing.B) {
	data := manyHAR(benchEntries)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := traffic.NewReader("bench.har", bytes.NewReader(data), traffic.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchEntries {
			b.Fatalf("read %d entries", n)
		}
	}
	b.ReportMetric(float64(benchEntries*b.N)/b.Elapsed().Seconds(), "entries/s")
}
