package coverage_test

import (
	"os"
	"testing"
)

// TestWriteSyntheticRecording writes a synthetic recording to
// $WEPAYKIT_SYNTH_HAR, for trying the CLI on richer traffic than the
// samples: WEPAYKIT_SYNTH_HAR=/tmp/synth.har go test ./coverage/ -run Synthetic
func TestWriteSyntheticRecording(t *testing.T) {
	path := os.Getenv("WEPAYKIT_SYNTH_HAR")
	if path == "" {
		t.Skip("set WEPAYKIT_SYNTH_HAR to a file name to write a synthetic recording")
	}
	writeHAR(t, path, synthEntries(t, 42, 120))
}
