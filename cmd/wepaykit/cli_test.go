package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSuggestsCommand(t *testing.T) {
	code, out, errs := wk(t, "", "valdate", "x.har")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "Did you mean this?") || !strings.Contains(errs, "validate") {
		t.Fatalf("no suggestion: %q", errs)
	}
	if strings.Count(errs, "wepaykit: ") != 1 {
		t.Fatalf("error printed more than once or without its prefix: %q", errs)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, errs := wk(t, "", "completion", shell)
		want(t, code, 0, out, errs)
		if !strings.Contains(out, "wepaykit") {
			t.Errorf("%s completion: %.200q", shell, out)
		}
	}
	// Dynamic completion of operations for --op and fake's argument.
	code, out, errs := wk(t, "", "__complete", "fake", "/account/cr")
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "/account/create") {
		t.Errorf("fake completion: %q", out)
	}
}

func TestSeveralFormatsInOneRun(t *testing.T) {
	dir := t.TempDir()
	jsonFile, sarifFile, textFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.txt")
	code, out, errs := wk(t, "", "validate", "-q", "-f", "json="+jsonFile, "--format", "sarif="+sarifFile, "-f", "text", "-o", textFile, sampleFile("samples.har"))
	want(t, code, 1, out, errs)
	if out != "" {
		t.Errorf("stdout should be empty with every format in a file: %q", out)
	}
	for _, f := range []string{jsonFile, sarifFile} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(data) {
			t.Errorf("%s is not JSON", f)
		}
	}
	text, err := os.ReadFile(textFile)
	if err != nil || !strings.Contains(string(text), "13 entries: 12 validated, 1 other host (api.example.com): 5 errors") {
		t.Errorf("text report: %v %q", err, text)
	}
	for _, args := range [][]string{
		{"-f", "json", "-f", "sarif"}, // two to stdout
		{"-f", "xml"},                 // unknown format
		{"-f", "json="},               // no file name
		{"-f", "json=" + jsonFile, "-f", "sarif=" + jsonFile}, // one file twice
	} {
		code, out, errs := wk(t, "", append(append([]string{"validate"}, args...), sampleFile("samples.har"))...)
		want(t, code, 2, out, errs)
	}
	code, out, errs = wk(t, "", "validate", "-f", "json="+filepath.Join(dir, "no", "such", "dir", "r.json"), sampleFile("samples.har"))
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "cannot write") {
		t.Errorf("unwritable output: %q", errs)
	}
}

func TestHelpSaysOnlyWhatApplies(t *testing.T) {
	for _, name := range []string{"fake", "serve", "states", "version", "conformance"} {
		_, out, _ := wk(t, "", name, "--help")
		if strings.Contains(out, "--fail-on") && name != "conformance" {
			t.Errorf("%s --help mentions --fail-on:\n%s", name, out)
		}
		if strings.Contains(out, "(default 10MiB) (default") {
			t.Errorf("%s --help repeats a default", name)
		}
	}
	_, out, _ := wk(t, "", "validate", "--help")
	if strings.Count(out, "(default 10MiB)") != 1 {
		t.Errorf("validate --max-body default shown %d times", strings.Count(out, "(default 10MiB)"))
	}
}

func TestColorFlag(t *testing.T) {
	_, out, _ := wk(t, "", "validate", "--color", "always", sampleFile("samples.har"))
	if !strings.Contains(out, "\x1b[31m") {
		t.Errorf("--color always: no colour:\n%q", out)
	}
	_, out, _ = wk(t, "", "validate", sampleFile("samples.har"))
	if strings.Contains(out, "\x1b[") {
		t.Errorf("auto, not a terminal: colour:\n%q", out)
	}
	_, out, _ = wk(t, "", "validate", "--color", "always", "-f", "json", sampleFile("samples.har"))
	if strings.Contains(out, "\x1b[") {
		t.Errorf("JSON with --color always: colour")
	}
	code, out, errs := wk(t, "", "validate", "--color", "rainbow", sampleFile("samples.har"))
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "auto, always or never") {
		t.Errorf("bad --color: %q", errs)
	}
}
