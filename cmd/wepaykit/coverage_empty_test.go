package main

import (
	"strings"
	"testing"
)

// TestCoverageNothingValidatedExits2: coverage of a run that validated
// no exchange measured nothing: exit 2 with validate's explanation, unless
// --allow-empty.
func TestCoverageNothingValidatedExits2(t *testing.T) {
	rec := writeRec(t, t.TempDir(), "rec.jsonl", localLookup, localLookup)
	code, out, errs := wk(t, "", "coverage", "--no-config", "-q", rec)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "nothing validated: all 2 entries were sent to 127.0.0.1:8080") {
		t.Errorf("stderr %q", errs)
	}
	code, out, errs = wk(t, "", "coverage", "--no-config", "-q", "--allow-empty", rec)
	want(t, code, 0, out, errs)
}
