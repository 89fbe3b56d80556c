package main

import (
	"strconv"
	"testing"
)

// FuzzParseSize reads arbitrary --max-body values: an accepted one is a
// positive byte count no larger than 1 PiB, and plain numbers read as
// themselves.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1048576", "10MiB", "1GB", " 5 kb ", "0", "-1", "9223372036854775807", "1e3", "99999999999999999999k", "1\u00a0MiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseSize(s)
		if err != nil {
			return
		}
		if n <= 0 || n > 1<<50 {
			t.Fatalf("parseSize(%q) = %d", s, n)
		}
		if p, perr := strconv.ParseInt(s, 10, 64); perr == nil && p != n {
			t.Fatalf("parseSize(%q) = %d, want %d", s, n, p)
		}
	})
}
