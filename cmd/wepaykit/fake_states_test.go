package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestFakeCommand(t *testing.T) {
	code, a, _ := runCLI("fake", "/account/create", "--seed", "9", "--count", "3")
	_, b, _ := runCLI("fake", "/account/create", "--seed", "9", "--count", "3")
	_, c, _ := runCLI("fake", "/account/create", "--seed", "10", "--count", "3")
	if code != exitOK || a != b || a == c || strings.Count(a, "\n") != 3 {
		t.Fatalf("want 3 deterministic JSON lines per seed: code %d\n%s\n%s", code, a, c)
	}
	code, out, _ := runCLI("fake", "/account", "--side", "response", "--state", "disabled", "--country", "CA")
	var acct map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &acct) != nil || acct["state"] != "disabled" || acct["country"] != "CA" {
		t.Fatalf("state/country options not honoured: %d %s", code, out)
	}
	code, out, _ = runCLI("fake", "/account/create", "--invalid")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first struct {
		Name string          `json:"name"`
		Body json.RawMessage `json:"body"`
		Want struct{ Pointer, Rule string }
	}
	if code != exitOK || len(lines) < 50 || json.Unmarshal([]byte(lines[0]), &first) != nil || first.Want.Rule == "" || len(first.Body) == 0 {
		t.Fatalf("invalid variants: code %d, %d lines, first %q", code, len(lines), lines[0])
	}
	for _, args := range [][]string{{"fake"}, {"fake", "/nope"}, {"fake", "/account", "--side", "middle"}, {"fake", "/account", "--count", "0"}} {
		if code, _, _ := runCLI(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestStatesCommand(t *testing.T) {
	code, out, _ := runCLI("states")
	if code != exitOK || !strings.HasPrefix(out, "flowchart LR") || !strings.Contains(out, "deleted --> stop") || !strings.Contains(out, "pending -.-> active") || strings.Contains(out, "deleted --> active") {
		t.Fatalf("mermaid: %d\n%s", code, out)
	}
	code, out, _ = runCLI("states", "--format", "dot")
	if code != exitOK || !strings.HasPrefix(out, "digraph") || !strings.Contains(out, "deleted [shape=doublecircle]") {
		t.Fatalf("dot: %d\n%s", code, out)
	}
	if code, _, _ := runCLI("states", "--format", "svg"); code != exitUsage {
		t.Fatalf("unknown format: exit %d", code)
	}
}

// TestReadmeDiagramUpToDate keeps the README's state diagram equal to what
// `wepaykit states` prints from the spec.
func TestReadmeDiagramUpToDate(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "```mermaid\n")
	j := strings.Index(s[i+11:], "```")
	if i < 0 || j < 0 {
		t.Fatal("README has no mermaid block")
	}
	_, want, _ := runCLI("states")
	if got := s[i+11 : i+11+j]; got != want {
		t.Fatalf("README's diagram differs from `wepaykit states`; replace it with:\n%s", want)
	}
}

// TestDamagedEntryExits2 pins the README's exit codes: a damaged entry is
// input that cannot be read (exit 2), yet the other entries are still
// validated and reported, and stderr names the file and line.
func TestDamagedEntryExits2(t *testing.T) {
	code, out, errs := runCLI("validate", "--format", "json", "../../traffic/testdata/bad_middle.jsonl")
	var rep struct{ Entries int }
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("no report: %v\n%s", err, out)
	}
	if code != exitUsage || rep.Entries < 2 || !strings.Contains(errs, "bad_middle.jsonl") || !strings.Contains(errs, "line") {
		t.Fatalf("exit %d, %d entries, stderr %q", code, rep.Entries, errs)
	}
}
