package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRecordUnwritable: a --record file that cannot be opened fails
// the command (exit 2, naming the file) before it announces a server or
// prints its users' tokens.
func TestServeRecordUnwritable(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "missing-dir", "rec.jsonl")
	code, out, errs := wk(t, "", "serve", "--addr", "127.0.0.1:0", "--record", bad)
	want(t, code, 2, out, errs)
	if out != "" {
		t.Errorf("stdout before the failure:\n%s", out)
	}
	if !strings.Contains(errs, "--record") || !strings.Contains(errs, bad) {
		t.Errorf("stderr does not name the flag and the file:\n%s", errs)
	}
}
