package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/validate"
)

// Markers of the README's generated rule table.
const (
	rulesBegin = "<!-- rules:begin (generated from validate's catalog; TestReadmeRuleTable) -->\n"
	rulesEnd   = "<!-- rules:end -->"
)

// rulesTable renders the catalog as the README's rule table. Every rule id
// has an anchor "rule-ID", the helpUri of SARIF rules.
func rulesTable(v *validate.Validator) string {
	var b strings.Builder
	b.WriteString("| rule | default | what it checks | reference |\n| --- | --- | --- | --- |\n")
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	for _, r := range v.Catalog() {
		var refs []string
		for _, c := range r.Cite {
			refs = append(refs, fmt.Sprintf("%s: \"%s\"", c.Source, c.Text))
		}
		ref := "built-in check"
		if len(refs) > 0 {
			ref = strings.Join(refs, "; ")
		}
		fmt.Fprintf(&b, "| <a id=\"rule-%s\"></a>`%s` | %s | %s | %s |\n", r.ID, r.ID, r.Severity, cell(r.Summary), cell(ref))
	}
	return b.String()
}

// TestReadmeRuleTable keeps the README's rule table equal to the catalog.
func TestReadmeRuleTable(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, rulesBegin), strings.Index(s, rulesEnd)
	want := rulesTable(v)
	if i < 0 || j < i {
		t.Fatalf("README has no generated rule table; add between %q and %q:\n%s", rulesBegin, rulesEnd, want)
	}
	if got := s[i+len(rulesBegin) : j]; got != want {
		t.Fatalf("README's rule table is stale; replace it with:\n%s", want)
	}
}

// TestReadmeLintRules: each of lint's own checks has a row in the README,
// with the anchor its SARIF helpUri links to and the summary SARIF gives.
func TestReadmeLintRules(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range lintChecks() {
		row := fmt.Sprintf("| <a id=\"rule-%s\"></a>`%s` | error | %s |", id, id, lintRuleSummary(id, nil))
		if !strings.Contains(string(readme), row) {
			t.Errorf("README lacks the row\n%s", row)
		}
	}
}
