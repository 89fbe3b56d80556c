package spec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

func TestPermitReadsConditions(t *testing.T) {
	tab, err := spec.AccountStates()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, to string
		r        spec.Reasons
		ok       bool
		why      string
	}{
		{"disabled", "active", spec.Reasons{Disabled: []string{"fraud"}}, true, ""},
		{"disabled", "active", spec.Reasons{Disabled: []string{"no_settlement_path"}}, true, ""},
		{"disabled", "active", spec.Reasons{Disabled: []string{"high_risk_chargeback"}}, false, "never reinstated"},
		{"disabled", "action_required", spec.Reasons{Disabled: []string{"fraud", "country_not_supported"}}, false, "re-established"},
		{"deleted", "active", spec.Reasons{}, false, "Terminal"},
		{"active", "pending", spec.Reasons{}, false, "nothing returns to it"},
		{"active", "active", spec.Reasons{}, true, ""},
	} {
		r := tab.Permit(tc.from, tc.to, tc.r)
		if (r == nil) != tc.ok || (r != nil && !strings.Contains(r.Error(), tc.why)) {
			t.Errorf("Permit(%s, %s, %v) = %v", tc.from, tc.to, tc.r, r)
		}
		var ref *spec.Refusal
		if r != nil && !errors.As(error(r), &ref) {
			t.Errorf("not a *Refusal")
		}
	}
}

func TestInitialStatesAreCited(t *testing.T) {
	tab, err := spec.AccountStates()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tab.Initials(), ","); got != "action_required,pending" {
		t.Fatalf("initial states %s; only action_required (create example) and pending (temporary token) have a sentence", got)
	}
}

func TestInferredEdgesAreDashed(t *testing.T) {
	tab, err := spec.AccountStates()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tr := range tab.Transitions {
		if tr.Inferred {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d inferred edges, want 4 (pending->action_required, pending->active, active->action_required, disabled->action_required)", n)
	}
	m, _ := tab.Diagram("mermaid")
	d, _ := tab.Diagram("dot")
	for _, want := range []string{"pending -.-> action_required", "active -.-> action_required", "action_required --> active",
		`disabled -->|"unless disabled for high_risk_chargeback, country_not_supported"| active`} {
		if !strings.Contains(m, want) {
			t.Errorf("mermaid lacks %q:\n%s", want, m)
		}
	}
	if strings.Count(m, "-.->") != n || strings.Count(d, "style=dashed") != n {
		t.Errorf("dashed edges: mermaid %d, dot %d, want %d", strings.Count(m, "-.->"), strings.Count(d, "style=dashed"), n)
	}
}

func TestConditionNeedsWhy(t *testing.T) {
	_, err := spec.ParseStates([]byte(`{"states":[{"name":"a","initial":true},{"name":"b"}],"transitions":[{"from":"a","to":"b","when":{"disabled_reasons_none_of":["x"]}}]}`))
	if err == nil {
		t.Fatal("a condition without why was accepted")
	}
}
