package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCoverageText(t *testing.T) {
	code, out, errb := wk(t, "", "coverage", "-q", sampleFile("samples.har"))
	want(t, code, 0, out, errb)
	for _, line := range []string{
		"contract coverage of 12 validated exchanges",
		"operations           7      8   87.5%",
		"transitions          2     13   15.4%",
		"missing operations (1):\n  /account/get_reserve_details",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("no %q in\n%s", line, out)
		}
	}
}

func TestCoverageMin(t *testing.T) {
	code, out, errb := wk(t, "", "coverage", "-q", "--min", "operations=100,fields=60,transitions=50", sampleFile("samples.har"))
	want(t, code, 1, out, errb)
	for _, s := range []string{"coverage of operations is 87.5%, below the minimum 100%", "/account/get_reserve_details", "coverage of transitions is 15.4%", "pending -> active"} {
		if !strings.Contains(errb, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errb)
		}
	}
	if strings.Contains(errb, "coverage of rules") {
		t.Errorf("a dimension without a minimum is reported:\n%s", errb)
	}
	code, out, errb = wk(t, "", "coverage", "-q", "--min", "operations=80,states=80", sampleFile("samples.har"))
	want(t, code, 0, out, errb)
	for _, bad := range []string{"operations", "operations=101", "nonsense=5", "fields=x", ","} {
		code, out, errb = wk(t, "", "coverage", "-q", "--min="+bad, sampleFile("samples.har"))
		want(t, code, 2, out, errb)
	}
}

// TestValidateCoverageMergeEqualsTogether: two validate runs with
// --coverage, merged, equal one coverage run over both recordings.
func TestValidateCoverageMergeEqualsTogether(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	code, out, errb := wk(t, "", "validate", "-q", "--coverage", a, sampleFile("valid.har"))
	want(t, code, 0, out, errb)
	code, out, errb = wk(t, "", "validate", "-q", "--coverage", b, sampleFile("samples.har"))
	want(t, code, 1, out, errb) // samples.har has error findings; the coverage is written all the same
	code, merged, errb := wk(t, "", "coverage", "merge", "-f", "json", a, b)
	want(t, code, 0, merged, errb)
	code, together, errb := wk(t, "", "coverage", "-q", "-f", "json", sampleFile("valid.har"), sampleFile("samples.har"))
	want(t, code, 0, together, errb)
	if merged != together {
		t.Errorf("merged coverage differs from coverage of both recordings together:\nmerged:\n%.2000s\ntogether:\n%.2000s", merged, together)
	}
	code, out, errb = wk(t, "", "coverage", "merge", "--min", "operations=100", a, b)
	want(t, code, 0, out, errb)
}

func TestCoverageMergeRefusesOtherFiles(t *testing.T) {
	code, out, errb := wk(t, "", "coverage", "merge", sampleFile("valid.har"))
	want(t, code, 2, out, errb)
	if !strings.Contains(errb, "valid.har") {
		t.Errorf("the error does not name the file:\n%s", errb)
	}
	code, out, errb = wk(t, "", "coverage", "merge", filepath.Join(t.TempDir(), "none.json"))
	want(t, code, 2, out, errb)
	code, out, errb = wk(t, "", "coverage", "merge")
	want(t, code, 2, out, errb)
	code, out, errb = wk(t, "", "validate", "--coverage", "x.json", "--op", "/account", "--request", "-")
	want(t, code, 2, out, errb)
}

// TestCoverageMergeNegativeCount: a coverage file holding a negative
// count is refused (exit 2) with a message that names the file, the field
// and its value and says the count is negative, not that the contract
// lacks a name.
func TestCoverageMergeNegativeCount(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	code, out, errb := wk(t, "", "validate", "-q", "--coverage", good, sampleFile("valid.har"))
	want(t, code, 0, out, errb)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	op := r["detail"].(map[string]any)["operations"].([]any)[0].(map[string]any)
	op["calls"] = -5
	data, _ = json.Marshal(r)
	neg := filepath.Join(dir, "neg.json")
	os.WriteFile(neg, data, 0o644)
	code, out, errb = wk(t, "", "coverage", "merge", "-o", os.DevNull, good, neg)
	want(t, code, 2, out, errb)
	wantMsg := neg + ": detail.operations[0].calls (" + op["operation"].(string) + ") is -5: a count cannot be negative"
	if !strings.Contains(errb, wantMsg) || strings.Contains(errb, "does not have") {
		t.Errorf("stderr %q, want %q", errb, wantMsg)
	}
}

// TestCoverageHTMLSelfContained: the page loads nothing from anywhere.
func TestCoverageHTMLSelfContained(t *testing.T) {
	page := filepath.Join(t.TempDir(), "coverage.html")
	code, out, errb := wk(t, "", "coverage", "-q", "-f", "html="+page, "-f", "text", sampleFile("samples.har"))
	want(t, code, 0, out, errb)
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	if !strings.HasPrefix(html, "<!DOCTYPE html>") || !strings.Contains(html, `<svg id="state-diagram"`) {
		t.Fatalf("not the coverage page:\n%.500s", html)
	}
	external := regexp.MustCompile(`(?i)<script|<link|<img|<iframe|@import|url\([^#]|src=|href="(https?:)?//`)
	if m := external.FindString(html); m != "" {
		t.Errorf("the page refers to something outside itself: %q", m)
	}
	if strings.Contains(html, "STAGE_leaked_token_4f2a") {
		t.Error("a token reached the page")
	}
}

func TestCoverageUnreadableInput(t *testing.T) {
	bad := writeTemp(t, "bad.har", []byte(`{"log":{"entries":[{"request":`))
	code, out, errb := wk(t, "", "coverage", "-q", bad)
	want(t, code, 2, out, errb)
	code, out, errb = wk(t, "", "coverage", "-q", filepath.Join(t.TempDir(), "missing.har"))
	want(t, code, 2, out, errb)
	code, out, errb = wk(t, "", "coverage", "-q")
	want(t, code, 2, out, errb)
	code, out, errb = wk(t, "", "coverage", "-q", "-f", "pdf", sampleFile("valid.har"))
	want(t, code, 2, out, errb)
}
