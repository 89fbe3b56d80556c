package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/audit"
)

func TestProgressLine(t *testing.T) {
	set, err := audit.Inputs([]string{sampleFile("samples.har")}, audit.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ins := set.Inputs
	p := &progress{}
	p.watch(ins)
	if p.total <= 0 {
		t.Fatalf("total %d", p.total)
	}
	if got := p.line(10, 2*time.Second); got != "wepaykit: 10 entries, 5 entries/s" {
		t.Errorf("before reading: %q", got)
	}
	rc, err := ins[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, p.total/2)
	if _, err := io.ReadFull(rc, buf); err != nil {
		t.Fatal(err)
	}
	rc.Close()
	got := p.line(10, 2*time.Second)
	if !strings.Contains(got, "50% of") || !strings.HasSuffix(got, "2s left") {
		t.Errorf("half read in 2s: %q", got)
	}
	stdin := []audit.Input{{Name: "-", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("x")), nil }}}
	q := &progress{}
	q.watch(stdin)
	if q.total != 0 || strings.Contains(q.line(1, time.Second), "left") {
		t.Errorf("stdin: size unknown, no ETA: %d %q", q.total, q.line(1, time.Second))
	}
}
