package audit_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
)

// A dangling symbolic link in a walked directory is an unreadable file (it
// fails the run, with its path), not a file skipped as "not a regular file".
func TestInputsDanglingSymlinkIsUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rec.har"), string(har(lookup(t0))))
	link := filepath.Join(dir, "dangling.har")
	if err := os.Symlink(filepath.Join(dir, "nonexistent"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("rec.har", filepath.Join(dir, "good.har")); err != nil {
		t.Fatal(err)
	}
	set, err := audit.Inputs([]string{dir}, audit.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Skipped) != 0 {
		t.Fatalf("skipped %+v", set.Skipped)
	}
	var broken *audit.BrokenLinkError
	found := false
	for _, in := range set.Inputs {
		if in.Name != link {
			continue
		}
		found = true
		if _, err := in.Open(); !errors.As(err, &broken) || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("Open: %v", err)
		}
	}
	if !found || len(set.Inputs) != 3 {
		t.Fatalf("inputs %q", set.Names())
	}
}
