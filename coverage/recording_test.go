package coverage_test

import (
	"context"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// TestRecordingKeysAccounts: the same account id in one recording makes a
// transition, in two recordings it makes none; RecordingFrom reads what
// WithRecording put, and reports when nothing was.
func TestRecordingKeysAccounts(t *testing.T) {
	if _, ok := coverage.RecordingFrom(context.Background()); ok {
		t.Fatal("RecordingFrom of a bare context says ok")
	}
	if name, ok := coverage.RecordingFrom(coverage.WithRecording(context.Background(), "")); !ok || name != "" {
		t.Fatalf("RecordingFrom = %q, %v", name, ok)
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for recs, want := range map[[2]string]int{{"x", "x"}: 1, {"x", "y"}: 0} {
		c, err := coverage.New()
		if err != nil {
			t.Fatal(err)
		}
		for i, state := range []string{spec.StateActionRequired, spec.StateActive} {
			c.Observe(coverage.Exchange{Operation: spec.OpAccount, Environment: coverage.EnvStage, Status: 200, Recording: recs[i],
				Response: map[string]any{"account_id": int64(7), "state": state}, Time: at.Add(time.Duration(i) * time.Minute)})
		}
		if got := c.Report().Transitions.Covered; got != want {
			t.Errorf("recordings %v: %d transitions covered, want %d", recs, got, want)
		}
	}
}
