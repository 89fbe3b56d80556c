package conformance_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
)

// planted is a stand-in with three defects of three kinds: answers without
// balances and statuses (a schema member), names past 255 characters
// accepted (a request member), /account/find in reverse order (a named
// rule).
func planted(t *testing.T) conformance.Target {
	t.Helper()
	byName := map[string]mutant{}
	for _, m := range mutants() {
		byName[m.name] = m
	}
	return fakeTarget(t, func(h http.Handler, _ *knownTokens) http.Handler {
		for _, name := range []string{"missing-balances-and-statuses", "name-length-not-enforced", "sort-order-reversed"} {
			h = proxy(h, byName[name])
		}
		return h
	})
}

// TestSARIFLocations: every SARIF result of a conformance run has a
// physical location, the spec file and the line of what its cause is about
// (the schema member, the request member, the named rule, the operation),
// and the log validates against the SARIF 2.1.0 schema as validate's does.
func TestSARIFLocations(t *testing.T) {
	t.Parallel()
	target := planted(t)
	target.Run = "^(responses/account/create|lengths/account/create/name|find/sort-order)$"
	target.Driver = nil
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	sch, err := c.Compile("../report/testdata/sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(spec.Embedded()), "\n")
	for _, o := range []conformance.Output{{Format: report.FormatSARIF}, {Format: report.FormatSARIF, SpecFile: "api/wepay.yaml", BaseDir: "/work/repo"}} {
		var b bytes.Buffer
		if err := conformance.WriteReport(&b, rep, o); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Fatalf("SARIF output does not validate: %v\n%s", err, b.String())
		}
		var log report.SARIFLog
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		at := map[string]string{} // rule -> the spec's line
		for _, r := range log.Runs[0].Results {
			if len(r.Locations) == 0 || r.Locations[0].Physical == nil || r.Locations[0].Physical.Region == nil {
				t.Fatalf("result without a physical location: %+v", r)
			}
			ph := r.Locations[0].Physical
			wantURI := conformance.ShippedSpecPath
			if o.SpecFile != "" {
				wantURI = o.SpecFile
				if ph.Artifact.URIBaseID != report.SARIFBaseID {
					t.Errorf("%s: no uriBaseId with BaseDir", r.RuleID)
				}
			}
			if ph.Artifact.URI != wantURI || ph.Region.StartLine < 1 || ph.Region.StartLine > len(lines) {
				t.Fatalf("%s at %s:%d, want %s", r.RuleID, ph.Artifact.URI, ph.Region.StartLine, wantURI)
			}
			at[r.RuleID] = strings.TrimSpace(lines[ph.Region.StartLine-1])
		}
		for rule, want := range map[string]string{
			"schema.required":        "balances:",         // Account.properties.balances
			conformance.RuleAccepted: "name:",             // AccountCreateRequest.properties.name
			"find-sorted":            "- id: find-sorted", // x-wepaykit-rules
		} {
			if at[rule] != want {
				t.Errorf("%s placed on %q, want %q (all: %q)", rule, at[rule], want, at)
			}
		}
	}
	// A cause of no schema member and no rule sits on its operation.
	var b bytes.Buffer
	if err := conformance.WriteReport(&b, rep, conformance.Output{Format: report.FormatGitHub}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "file="+conformance.ShippedSpecPath+",line=") {
		t.Errorf("github annotations lack the spec's file and line:\n%s", b.String())
	}
}

// TestSARIFLocationsSpecFile: with Target.Spec loaded from a file, results
// name that file.
func TestSARIFLocationsSpecFile(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/partner.yaml"
	if err := os.WriteFile(path, append([]byte("# a partner's copy\n"), spec.Embedded()...), 0o644); err != nil {
		t.Fatal(err)
	}
	sp, err := spec.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	target := planted(t)
	target.Spec = sp
	target.Run = "^find/sort-order$"
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := conformance.WriteReport(&b, rep, conformance.Output{Format: report.FormatSARIF}); err != nil {
		t.Fatal(err)
	}
	var log report.SARIFLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sp.Source()), "\n")
	found := false
	for _, r := range log.Runs[0].Results {
		ph := r.Locations[0].Physical
		if ph == nil || !strings.HasSuffix(ph.Artifact.URI, "partner.yaml") {
			t.Fatalf("%s not in the partner's file: %+v", r.RuleID, ph)
		}
		if r.RuleID == "find-sorted" {
			found = strings.TrimSpace(lines[ph.Region.StartLine-1]) == "- id: find-sorted"
		}
	}
	if !found {
		t.Fatalf("find-sorted not placed on its rule in the partner's file:\n%s", b.String())
	}
}
