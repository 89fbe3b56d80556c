package audit

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestObservationsCompact: an observation is 32 bytes, its strings are
// stored once per distinct tuple, and storing n observations allocates
// about n*32 bytes in fixed-size chunks (no doubling slice copied as it
// grows).
func TestObservationsCompact(t *testing.T) {
	if n := unsafe.Sizeof(observation{}); n != 32 {
		t.Fatalf("an observation takes %d bytes, want 32", n)
	}
	const n = 100_000
	var s observations
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		s.add(observation{entry: int32(i), strs: s.intern(obsStrings{method: "POST", op: "/account", state: "active", ptr: "/state", env: "stage"})})
	}
	runtime.ReadMemStats(&after)
	if len(s.strs) != 1 {
		t.Fatalf("%d string tuples for one distinct tuple", len(s.strs))
	}
	per := float64(after.TotalAlloc-before.TotalAlloc) / n
	t.Logf("%.1f bytes allocated per observation", per)
	if per > 34 {
		t.Fatalf("%.1f bytes allocated per observation, want about 32", per)
	}
	if got := s.at(n - 1).entry; got != n-1 {
		t.Fatalf("observation %d reads back entry %d", n-1, got)
	}
}
