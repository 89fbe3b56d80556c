package audit_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
)

// TestExcludeNamedPaths: --exclude applies to the paths named on the
// command line (as a shell expands dir/*) as it does to those found in a
// directory.
func TestExcludeNamedPaths(t *testing.T) {
	dir := t.TempDir()
	rec, golden, old := filepath.Join(dir, "rec.har"), filepath.Join(dir, "want.golden.json"), filepath.Join(dir, "old")
	writeFile(t, rec, string(har(lookup(t0))))
	writeFile(t, golden, string(har(lookup(t0)))) // a recording, but excluded
	writeFile(t, filepath.Join(old, "rec.har"), string(har(lookup(t0))))
	set, err := audit.Inputs([]string{rec, golden, old}, audit.InputOptions{Exclude: []string{"*.golden.json", "old"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Names(); !slices.Equal(got, []string{rec}) {
		t.Errorf("inputs = %v, want only %s", got, rec)
	}
	var skipped []string
	for _, s := range set.Skipped {
		skipped = append(skipped, filepath.Base(s.Path)+": "+s.Reason)
	}
	if got := strings.Join(skipped, "|"); got != "want.golden.json: excluded|old: excluded" {
		t.Errorf("skipped = %s", got)
	}
	// A pattern of the path as given matches too.
	set, err = audit.Inputs([]string{rec, golden}, audit.InputOptions{Exclude: []string{filepath.ToSlash(golden)}})
	if err != nil || len(set.Inputs) != 1 {
		t.Errorf("path pattern: %v, %v", set, err)
	}
	// Every path excluded: nothing to read is an error, not an empty run.
	_, err = audit.Inputs([]string{golden}, audit.InputOptions{Exclude: []string{"*.json"}})
	var pe *audit.PathError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "every path given is excluded") {
		t.Errorf("all excluded: %v", err)
	}
}

// TestWalkTakesNoLookalikes: files that sit beside recordings and whose
// first key looks like a recording's are listed as not recordings.
func TestWalkTakesNoLookalikes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rec.har"), string(har(lookup(t0))))
	look := map[string]string{
		"logging.json":       `{"log": {"level": "debug"}, "port": 8080}`,
		"case.json":          "{\n  \"request\": {\"name\": \"Cake Shop\"},\n  \"want\": \"error\"\n}\n",
		"docker-compose.yml": "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n",
		"expected.json":      `{"request": "/account/create", "response": 200}` + "\n",
	}
	for name, text := range look {
		writeFile(t, filepath.Join(dir, name), text)
	}
	set, err := audit.Inputs([]string{dir}, audit.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Names(); len(got) != 1 || filepath.Base(got[0]) != "rec.har" {
		t.Errorf("inputs = %v", got)
	}
	if len(set.Skipped) != len(look) {
		t.Errorf("skipped = %+v", set.Skipped)
	}
	for _, s := range set.Skipped {
		if !strings.HasPrefix(s.Reason, "not a recording: ") {
			t.Errorf("%s: %s", s.Path, s.Reason)
		}
	}
}
