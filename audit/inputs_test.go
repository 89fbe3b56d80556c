package audit_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/audit"
)

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInputsTakesRecordingsByContent(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rec.har"), string(har(lookup(t0))))
	writeFile(t, filepath.Join(dir, "sub", "session.log"), `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account"}}`+"\n")
	writeFile(t, filepath.Join(dir, "fixtures", "account.json"), `{"account_id":1,"name":"x"}`)
	writeFile(t, filepath.Join(dir, "README.md"), "# notes\n")
	writeFile(t, filepath.Join(dir, "old", "rec.har"), string(har(lookup(t0))))
	writeFile(t, filepath.Join(dir, ".git", "config"), "[core]\n")
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(filepath.Join(dir, "pipe.jsonl"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	set, err := audit.Inputs([]string{dir}, audit.InputOptions{Exclude: []string{"old"}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(set.Names(), " ")
	want := filepath.Join(dir, "rec.har") + " " + filepath.Join(dir, "sub", "session.log")
	if got != want {
		t.Fatalf("inputs %q, want %q", got, want)
	}
	var skipped []string
	for _, s := range set.Skipped {
		rel, _ := filepath.Rel(dir, s.Path)
		skipped = append(skipped, rel+": "+strings.SplitN(s.Reason, ":", 2)[0])
	}
	wantSkip := "README.md: not a recording|fixtures/account.json: not a recording|old: excluded|pipe.jsonl: not a regular file"
	if runtime.GOOS == "windows" {
		wantSkip = "README.md: not a recording|fixtures/account.json: not a recording|old: excluded"
	}
	if strings.Join(skipped, "|") != wantSkip {
		t.Fatalf("skipped %q", skipped)
	}
	if _, err := audit.Inputs([]string{filepath.Join(dir, "fixtures")}, audit.InputOptions{}); err == nil || !strings.Contains(err.Error(), "no recordings") {
		t.Fatalf("a directory without recordings: %v", err)
	}
	if _, err := audit.Inputs([]string{dir}, audit.InputOptions{Exclude: []string{"["}}); err == nil {
		t.Fatal("a bad pattern was accepted")
	}
}

func TestInputsNamedPipeWithoutWriter(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "rec.har")
	writeFile(t, rec, string(har(lookup(t0))))
	set, err := audit.Inputs([]string{fifo, rec}, audit.InputOptions{OpenTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(context.Background(), newValidator(t), set.Inputs, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pe *audit.PipeTimeoutError
	if len(res.Errors) != 1 || !errors.As(res.Errors[0], &pe) {
		t.Fatalf("errors %v", res.Errors)
	}
	if res.Validated != 1 {
		t.Fatalf("the file after the pipe was not validated: %d", res.Validated)
	}
}
