package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wk runs wepaykit with args and stdin.
func wk(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// want checks an exit code, printing the output when it differs.
func want(t *testing.T, code, wantCode int, stdout, stderr string) {
	t.Helper()
	if code != wantCode {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, wantCode, stdout, stderr)
	}
}

// sampleFile is a sample recording, relative to this package.
func sampleFile(name string) string { return filepath.Join(samplesDir, name) }

// jsonReport decodes a validate --format json report.
type jsonReport struct {
	Entries  int `json:"entries"`
	Skipped  int `json:"skipped"`
	Findings []struct {
		Entry    int    `json:"entry"`
		File     string `json:"file"`
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Pointer  string `json:"pointer"`
		Message  string `json:"message"`
	} `json:"findings"`
	Summary struct{ Errors, Warnings int } `json:"summary"`
}

func decodeReport(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return r
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVersion(t *testing.T) {
	code, out, errs := wk(t, "", "version")
	want(t, code, 0, out, errs)
	if !strings.HasPrefix(out, "wepaykit ") || !strings.Contains(out, "go1.") {
		t.Fatalf("version: %q", out)
	}
	code, out, errs = wk(t, "", "--version")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "version", "extra")
	want(t, code, 2, out, errs)
}

func TestHelp(t *testing.T) {
	code, out, errs := wk(t, "", "help")
	want(t, code, 0, out, errs)
	for _, c := range []string{"validate", "lint", "version", "help", "Exit codes"} {
		if !strings.Contains(out, c) {
			t.Errorf("help lacks %q:\n%s", c, out)
		}
	}
	for _, name := range []string{"validate", "lint", "version", "help"} {
		code, out, errs := wk(t, "", name, "--help")
		want(t, code, 0, out, errs)
		if !strings.Contains(out, "Usage:") || !strings.Contains(out, "Exit codes:") {
			t.Errorf("%s --help:\n%s", name, out)
		}
		code, out2, errs := wk(t, "", "help", name)
		want(t, code, 0, out2, errs)
	}
	_, out, _ = wk(t, "", "validate", "-h")
	for _, f := range []string{"--strict", "--env", "--format", "--fail-on", "--max-body", "--host", "--quiet", "--workers", "--op", "--request", "--response"} {
		if !strings.Contains(out, strings.TrimPrefix(f, "-")) {
			t.Errorf("validate usage lacks %s", f)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"help", "nope"}} {
		code, out, errs := wk(t, "", args...)
		want(t, code, 2, out, errs)
		if errs == "" {
			t.Errorf("%v: nothing on stderr", args)
		}
	}
}

// TestCommandTable checks that every command has a short summary, help
// with its exit codes, and no duplicate name.
func TestCommandTable(t *testing.T) {
	root := newRootCmd(&env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}})
	seen := map[string]bool{}
	for _, c := range root.Commands() {
		if seen[c.Name()] {
			t.Fatalf("command %s listed twice", c.Name())
		}
		seen[c.Name()] = true
		if c.Short == "" {
			t.Errorf("%s: no summary", c.Name())
		}
		if c.Name() != "help" && c.Name() != "completion" && c.Annotations[annExitCodes] == "" {
			t.Errorf("%s: no exit codes in its help", c.Name())
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, n := range map[string]int64{"1": 1, "10MiB": 10 << 20, "10M": 10 << 20, "512KiB": 512 << 10, "2GB": 2e9, "1kb": 1000, "64 B": 64} {
		if got, err := parseSize(in); err != nil || got != n {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, n)
		}
	}
	for _, in := range []string{"", "0", "-1", "10XB", "MiB", "1.5M", "99999999999G"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}
