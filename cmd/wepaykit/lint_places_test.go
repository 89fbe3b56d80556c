package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// specEdit writes the embedded spec with old replaced by new (once) to a
// file, and returns its path and the line new starts on.
func specEdit(t *testing.T, name, old, new string) (string, int) {
	t.Helper()
	s := string(spec.Embedded())
	i := strings.Index(s, old)
	if i < 0 {
		t.Fatalf("the embedded spec has no %q", old)
	}
	return writeTemp(t, name, []byte(s[:i]+new+s[i+len(old):])), strings.Count(s[:i], "\n") + 1
}

// The review's spec mistakes (L1) and load errors without a place (L2),
// through `wepaykit lint` in each format: every one is an error with its
// rule id, the file and the line.
func TestLintSpecMistakes(t *testing.T) {
	typo, typoLine := specEdit(t, "typoext.yaml", "x-wepaykit-rules: [settlement-check-not-daily]", "x-wepaykit-rule: [settlement-check-not-daily]")
	frozen, frozenLine := specEdit(t, "new.yaml", "enum: [action_required, pending, active, disabled, deleted]", "enum: [action_required, pending, active, disabled, deleted, frozen]")
	pattern, patternLine := specEdit(t, "badpattern.yaml", `pattern: "^[0-9A-Fa-f]{6}$"`, `pattern: "^[0-9A-Fa-f]{6$"`)
	badref, refLine := specEdit(t, "badref.yaml", `$ref: "#/components/schemas/AccountBalance"`, `$ref: "#/components/schemas/AccountBalanse"`)
	tiny := writeTemp(t, "tiny.yaml", []byte("openapi: 3.1.0\n"))
	for _, c := range []struct {
		file, rule, text string
		line             int
	}{
		{typo, "lint.extension", "did you mean x-wepaykit-rules?", typoLine},
		{frozen, "lint.state", `state "frozen" is in the enum but not in x-wepaykit-account-states`, frozenLine},
		{pattern, "lint.pattern", "does not start a quantifier", patternLine},
		{badref, "lint.openapi", `$ref "#/components/schemas/AccountBalanse" does not resolve`, refLine},
		{tiny, "lint.openapi", "not valid OpenAPI: invalid info", 1},
	} {
		t.Run(c.rule+" "+c.file[strings.LastIndex(c.file, "/")+1:], func(t *testing.T) {
			code, out, errs := wk(t, "", "lint", c.file)
			want(t, code, 1, out, errs)
			if !strings.Contains(out, c.text) || !strings.Contains(out, "["+c.rule+"]") || strings.Contains(out, "error   : ") ||
				!(strings.Contains(out, " (line "+strconv.Itoa(c.line)+"): ") || strings.Contains(out, c.file+":"+strconv.Itoa(c.line)+": ")) {
				t.Fatalf("text output, want line %d:\n%s", c.line, out)
			}
			code, out, errs = wk(t, "", "lint", "--format", "json", c.file)
			want(t, code, 1, out, errs)
			var r struct {
				Findings []struct {
					File, Where, Rule, Severity, Message string
					Line                                 int
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range r.Findings {
				found = found || f.Rule == c.rule && f.Line == c.line && f.File == c.file && f.Severity == "error" && f.Where != "" && strings.Contains(f.Message, c.text)
			}
			if !found {
				t.Fatalf("json output, want %s on line %d:\n%s", c.rule, c.line, out)
			}
			code, out, errs = wk(t, "", "lint", "--format", "github", c.file)
			want(t, code, 1, out, errs)
			if !strings.Contains(out, "::error file="+c.file+",line="+strconv.Itoa(c.line)+",title="+c.rule+"::") {
				t.Fatalf("github output, want line %d:\n%s", c.line, out)
			}
			code, out, errs = wk(t, "", "lint", "--format", "sarif", c.file)
			want(t, code, 1, out, errs)
			if !strings.Contains(out, `"ruleId": "`+c.rule+`"`) || !strings.Contains(out, `"startLine": `+strconv.Itoa(c.line)) {
				t.Fatalf("sarif output, want %s on line %d:\n%s", c.rule, c.line, out)
			}
		})
	}
}

// The policy's rules control the new lint rules as any other: off drops
// the finding and the run passes, warning keeps it without failing.
func TestLintSpecMistakesPolicy(t *testing.T) {
	typo, _ := specEdit(t, "typoext.yaml", "x-wepaykit-rules: [settlement-check-not-daily]", "x-wepaykit-rule: [settlement-check-not-daily]")
	off := writeTemp(t, "off.yaml", []byte("rules:\n  lint.extension: off\n"))
	code, out, errs := wk(t, "", "lint", typo, "--config", off)
	want(t, code, 0, out, errs)
	warn := writeTemp(t, "warn.yaml", []byte("rules:\n  lint.extension: warning\n"))
	code, out, errs = wk(t, "", "lint", typo, "--config", warn)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "warning") || !strings.Contains(out, "[lint.extension]") {
		t.Fatalf("output %s", out)
	}
}

// `wepaykit diff` still reads such specs: a typo'd extension shows as the
// rule it no longer applies, a new state as a new enum value; a spec that
// cannot be loaded is named with its file and the $ref's line (exit 2).
func TestDiffSpecMistakes(t *testing.T) {
	typo, _ := specEdit(t, "typoext.yaml", "x-wepaykit-rules: [settlement-check-not-daily]", "x-wepaykit-rule: [settlement-check-not-daily]")
	code, out, errs := wk(t, "", "diff", "embedded", typo)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "no longer applies rule settlement-check-not-daily") {
		t.Fatalf("output %s", out)
	}
	frozen, _ := specEdit(t, "new.yaml", "enum: [action_required, pending, active, disabled, deleted]", "enum: [action_required, pending, active, disabled, deleted, frozen]")
	code, out, errs = wk(t, "", "diff", "embedded", frozen)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "`frozen`") {
		t.Fatalf("output %s", out)
	}
	badref, refLine := specEdit(t, "badref.yaml", `$ref: "#/components/schemas/AccountBalance"`, `$ref: "#/components/schemas/AccountBalanse"`)
	code, out, errs = wk(t, "", "diff", "embedded", badref)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, badref+":"+strconv.Itoa(refLine)+": ") {
		t.Fatalf("stderr %s", errs)
	}
}

// An ignore entry finds a lint problem by a pointer glob over its place
// in the spec: lint's dotted place is matched as a JSON pointer.
func TestLintIgnoreByPointer(t *testing.T) {
	emb := string(spec.Embedded())
	broken := strings.Replace(emb, `examples: ["2019-04-03"]`, `examples: ["2019-4-3"]`, 1)
	p := writeTemp(t, "partner.yaml", []byte(broken))
	for glob, wantCode := range map[string]int{
		"/components/parameters/ApiVersion/**":                0,
		"/components/parameters/ApiVersion/schema/examples/0": 0,
		"/components/parameters/ApiVersion/schema/examples/1": 1,
		"/components/schemas/**":                              1,
	} {
		cfg := writeTemp(t, "ignore.yaml", []byte("ignore:\n  - rule: lint.example\n    pointer: \""+glob+"\"\n    reason: known\n"))
		code, out, errs := wk(t, "", "lint", p, "--config", cfg)
		want(t, code, wantCode, out, errs)
	}
}

func TestWherePointer(t *testing.T) {
	for in, want := range map[string]string{
		"components.schemas.KycPhone.properties.country_code.examples[0]": "/components/schemas/KycPhone/properties/country_code/examples/0",
		"paths./account/create.post.parameters[0]":                        "/paths/~1account~1create/post/parameters/0",
		"a.b[1][2].c":      "/a/b/1/2/c",
		"[3].x":            "/3/x",
		"x-wepaykit-rules": "/x-wepaykit-rules",
	} {
		if got := wherePointer(in); got != want {
			t.Errorf("wherePointer(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLintAgainstBaselineOnlyPlace: a change that lives only in the
// baseline (an operation removed) is placed in the baseline by every
// format: the text report names the baseline file with its line, as JSON
// and GitHub do, not the new file's name with the baseline's line.
func TestLintAgainstBaselineOnlyPlace(t *testing.T) {
	t.Chdir(t.TempDir())
	s := string(spec.Embedded())
	i := strings.Index(s, "  /account/modify:\n")
	j := strings.Index(s, "  /account/delete:\n")
	if i < 0 || j < i {
		t.Fatal("no /account/modify before /account/delete in the embedded spec")
	}
	line := strings.Count(s[:i], "\n") + 2 // its post:
	os.WriteFile("base.yaml", []byte(s), 0o644)
	os.WriteFile("op-removed.yaml", []byte(s[:i]+s[j:]), 0o644)
	args := []string{"lint", "--no-config", "op-removed.yaml", "--against", "base.yaml"}
	code, out, errs := wk(t, "", args...)
	want(t, code, 1, out, errs)
	wantPlace := "paths./account/modify.post (base.yaml:" + strconv.Itoa(line) + "): /account/modify: API path removed"
	if !strings.Contains(out, wantPlace) || strings.Contains(out, "(line "+strconv.Itoa(line)+")") {
		t.Errorf("text output, want %q:\n%s", wantPlace, out)
	}
	code, out, errs = wk(t, "", append([]string{args[0], "--format", "json"}, args[1:]...)...)
	want(t, code, 1, out, errs)
	if !strings.Contains(out, `"file": "base.yaml",`+"\n      \"line\": "+strconv.Itoa(line)) {
		t.Errorf("json output, want base.yaml line %d:\n%s", line, out)
	}
	code, out, errs = wk(t, "", append([]string{args[0], "--format", "github"}, args[1:]...)...)
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "::error file=base.yaml,line="+strconv.Itoa(line)+",") {
		t.Errorf("github output:\n%s", out)
	}
}
