package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// TestWriteBaselineRefusedOnUnreadableInput: a run that could not read an
// input (exit 2) neither writes nor overwrites the baseline, nor prunes
// it, and says so on stderr.
func TestWriteBaselineRefusedOnUnreadableInput(t *testing.T) {
	policyDir(t)
	os.WriteFile("cut.har", []byte(`{"log": {"version": "1.2", "entries": [{"request": `), 0o644)
	code, out, errs := wk(t, "", "validate", "--write-baseline", "known.json", "rec.har", "cut.har")
	want(t, code, 2, out, errs)
	if _, err := os.Stat("known.json"); !os.IsNotExist(err) {
		t.Errorf("baseline written by a run that exits 2 (%v)", err)
	}
	if !strings.Contains(errs, "baseline known.json not written: an input could not be read; fix the input and rerun") {
		t.Errorf("stderr:\n%s", errs)
	}
	// An existing baseline is kept byte for byte.
	code, out, errs = wk(t, "", "validate", "--write-baseline", "known.json", "rec.har")
	want(t, code, 0, out, errs)
	before, _ := os.ReadFile("known.json")
	code, out, errs = wk(t, "", "validate", "--write-baseline", "known.json", "cut.har", "rec.har")
	want(t, code, 2, out, errs)
	if after, _ := os.ReadFile("known.json"); !bytes.Equal(before, after) {
		t.Errorf("baseline overwritten by a run that exits 2")
	}
	// Pruning with an unread file would drop that file's entries.
	code, out, errs = wk(t, "", "validate", "--baseline", "known.json", "--prune-baseline", "cut.har", "rec.har")
	want(t, code, 2, out, errs)
	if after, _ := os.ReadFile("known.json"); !bytes.Equal(before, after) || !strings.Contains(errs, "not pruned") {
		t.Errorf("baseline pruned by a run that exits 2:\n%s", errs)
	}
	// A run that validates nothing writes nothing either.
	os.WriteFile("local.jsonl", []byte(localLookup+"\n"), 0o644)
	code, out, errs = wk(t, "", "validate", "--write-baseline", "empty.json", "local.jsonl")
	want(t, code, 2, out, errs)
	if _, err := os.Stat("empty.json"); !os.IsNotExist(err) || !strings.Contains(errs, "not written: nothing was validated") {
		t.Errorf("empty run wrote a baseline: %v\n%s", err, errs)
	}
}

// TestBaselineObjectInJSON: the JSON report of validate carries how the
// run compared with its baseline: known and gone counts and the gone
// entries.
func TestBaselineObjectInJSON(t *testing.T) {
	policyDir(t)
	code, out, errs := wk(t, "", "validate", "--write-baseline", "known.json", "rec.har")
	want(t, code, 0, out, errs)
	editHAR(t, 7, func(b map[string]any) { b["name"] = "Cake Shop" })
	code, out, errs = wk(t, "", "validate", "--baseline", "known.json", "-f", "json", "rec.har")
	want(t, code, 0, out, errs)
	var rep struct {
		Baseline *struct {
			File        string   `json:"file"`
			Known       int      `json:"known"`
			Gone        int      `json:"gone"`
			GoneEntries []string `json:"gone_entries"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	b := rep.Baseline
	if b == nil || b.File != "known.json" || b.Known != 4 || b.Gone != 1 || len(b.GoneEntries) != 1 ||
		b.GoneEntries[0] != "rec.har /account/create request /name [account-name-no-wepay]" {
		t.Errorf("baseline object: %+v\n%s", b, out)
	}
}

// TestConformanceWritesNoBaselineWhenNothingChecked: every selected check
// skipped (exit 2) leaves the baseline file alone.
func TestConformanceWritesNoBaselineWhenNothingChecked(t *testing.T) {
	policyDir(t)
	os.WriteFile("conf.json", []byte(`{"version":1,"findings":[{"rule":"enums/account/create/mode","count":1,"fingerprint":"y"}]}`), 0o644)
	before, _ := os.ReadFile("conf.json")
	// A BASE_URL without --other-token: the cross-user checks are
	// skipped, and they are all that is selected.
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user := h.NewUser("owner")
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	code, out, errs := wk(t, "", "conformance", srv.URL+"/v2", "--token", user.Token, "--run", "^auth/other-users-account$", "--write-baseline", "conf.json")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "every selected check was skipped") {
		t.Fatalf("not the all-skipped run:\n%s\n%s", out, errs)
	}
	if after, _ := os.ReadFile("conf.json"); !bytes.Equal(before, after) || !strings.Contains(errs, "baseline conf.json not written") {
		t.Errorf("baseline overwritten:\n%s", errs)
	}
}
