package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

func TestLintEmbedded(t *testing.T) {
	for _, format := range []string{"text", "json", "junit", "github", "sarif"} {
		code, out, errs := wk(t, "", "lint", "--format", format)
		want(t, code, 0, out, errs)
	}
	code, out, errs := wk(t, "", "lint", "--against", "embedded")
	want(t, code, 0, out, errs)
	if strings.TrimSpace(out) != "0 problems: 0 errors, 0 warnings" {
		t.Fatalf("output %q", out)
	}
}

func TestLintProblems(t *testing.T) {
	emb := string(spec.Embedded())
	broken := strings.Replace(emb, `examples: ["2019-04-03"]`, `examples: ["2019-4-3"]`, 1)
	if broken == emb {
		t.Fatal("no Api-Version example to break")
	}
	p := writeTemp(t, "partner.yaml", []byte(broken))
	code, out, errs := wk(t, "", "lint", p)
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "components.parameters.ApiVersion.schema.examples[0]") || !strings.Contains(out, "[lint.example]") {
		t.Fatalf("output %s", out)
	}
	code, out, errs = wk(t, "", "lint", "--format", "github", p)
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "::error file="+p+",line=") {
		t.Fatalf("github output %s", out)
	}
	narrower := strings.Replace(emb, "maxLength: 255", "maxLength: 100", 1)
	code, out, errs = wk(t, narrower, "lint", "-", "--against", "embedded", "--format", "json")
	want(t, code, 1, out, errs)
	var r struct {
		Spec     string
		Findings []struct{ Rule, Where string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Spec != "-" || len(r.Findings) == 0 || r.Findings[0].Rule != "request-property-max-length-decreased" {
		t.Fatalf("report %s (%v)", out, err)
	}
	// The baseline may be a file too.
	base := writeTemp(t, "base.yaml", spec.Embedded())
	code, out, errs = wk(t, narrower, "lint", "--against", base, "-")
	want(t, code, 1, out, errs)
}

func TestLintErrors(t *testing.T) {
	bad := writeTemp(t, "bad.yaml", []byte("not: [a spec"))
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"lint", "missing.yaml"}, 2, "missing.yaml"},
		{[]string{"lint", "--against", "missing.yaml"}, 2, "missing.yaml"},
		{[]string{"lint", "--against", bad}, 2, bad},
		{[]string{"lint", "a.yaml", "b.yaml"}, 2, "more than one"},
		{[]string{"lint", "--format", "pdf"}, 2, "pdf"},
		{[]string{"lint", "-", "--against", "-"}, 2, "standard input"},
		{[]string{"lint", bad}, 1, ""},
	} {
		code, out, errs := wk(t, "", c.args...)
		want(t, code, c.code, out, errs)
		if !strings.Contains(errs, c.err) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errs, c.err)
		}
	}
}

// TestGolden compares every format's report of samples.har, and a lint
// report, with testdata (go test -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	t.Chdir("../..")
	ext := map[string]string{"text": "txt", "json": "json", "junit": "xml", "github": "github", "sarif": "sarif"}
	broken := strings.Replace(string(spec.Embedded()), `examples: ["2019-04-03"]`, `examples: ["2019-4-3"]`, 1)
	for format, x := range ext {
		code, out, errs := wk(t, "", "validate", "--format", format, "testdata/traffic/samples.har")
		want(t, code, 1, out, errs)
		checkGolden(t, "samples."+x, out)
		code, out, errs = wk(t, broken, "lint", "--format", format, "-")
		want(t, code, 1, out, errs)
		// Lines of the embedded spec change as it grows: not compared.
		checkGolden(t, "lint."+x, specLines.ReplaceAllString(out, "${1}N"))
	}
}

var specLines = regexp.MustCompile(`(\(line |line=|"startLine": |"line": )\d+`)

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("cmd", "wepaykit", "testdata", name)
	got = strings.ReplaceAll(got, `"version": "`+version()+`"`, `"version": "VERSION"`)
	if wd, err := os.Getwd(); err == nil {
		got = strings.ReplaceAll(got, (&url.URL{Scheme: "file", Path: filepath.ToSlash(wd) + "/"}).String(), "file:///WORKDIR/")
	}
	if *update || fixtures.UpdateRequested() {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/wepaykit -run TestGolden -update)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs (go test ./cmd/wepaykit -run TestGolden -update):\n%s", p, got)
	}
}
