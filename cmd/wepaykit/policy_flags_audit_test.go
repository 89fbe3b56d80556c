package main

import (
	"bytes"
	"testing"

	"github.com/spf13/pflag"
)

// TestEveryFlagHasAKeyOrAReason: each flag of each command that reads the
// policy either has a key of .wepaykit.yaml (which TestEveryPolicyKey...
// tests reach the flag) or is listed here with why it sets no policy. A
// new flag fails this test until someone decides.
func TestEveryFlagHasAKeyOrAReason(t *testing.T) {
	keyed := map[string]string{
		"host": "hosts", "env": "environment", "strict": "strict", "fail-on": "fail-on", "max-body": "max-body",
		"workers": "workers", "scope": "scope", "format": "format/outputs", "quiet": "quiet", "exclude": "exclude",
		"allow-empty": "allow-empty", "state-across-files": "state-across-files", "baseline": "baseline",
		"level": "rules", "min": "coverage.min",
	}
	why := map[string]string{
		"output":          "names where the main report goes in this run",
		"op":              "validate --op: names the call of the bodies given in this run; conformance --op: selects this run's checks",
		"request":         "names an input file",
		"response":        "names an input file",
		"coverage":        "names an output file of this run",
		"config":          "names the policy file itself",
		"no-config":       "ignores the policy file",
		"write-baseline":  "an action of this run",
		"prune-baseline":  "an action of this run",
		"show-ignored":    "what this run prints",
		"all-missing":     "what this run prints",
		"against":         "names an input file",
		"spec":            "names the contract file the run checks against, an input (as lint's SPEC argument)",
		"token":           "a secret: never in a file that is committed",
		"other-token":     "a secret",
		"revoked-token":   "a secret",
		"admin":           "a capability of the target run against",
		"admin-token":     "a secret",
		"run":             "selects this run's checks",
		"verbose":         "what this run prints",
		"ipn-wait":        "a timing of this run (how long the ipn checks listen), not what is judged",
		"keep-accounts":   "an action of this run",
		"seed":            "this run's data",
		"listen":          "where this proxy listens",
		"upstream":        "what this proxy forwards to",
		"reject":          "how this proxy answers, not what is a finding",
		"record":          "names an output file",
		"record-as":       "how this proxy records",
		"timeout":         "how long this proxy waits",
		"tls-cert":        "how this proxy listens",
		"tls-key":         "how this proxy listens",
		"tls-self-signed": "how this proxy listens",
		"help":            "",
	}
	// Flags whose name is keyed elsewhere but that take no key in one
	// command, and why.
	unkeyed := map[string]map[string]string{
		"diff": {"format": "the changelog's formats (text, json, markdown) are not the report formats the format key names"},
	}
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &out}
	for name, fs := range map[string]*pflag.FlagSet{
		"validate":    newValidateCmd(e).Flags(),
		"coverage":    newCoverageCmd(e).Flags(),
		"lint":        newLintCmd(e).Flags(),
		"conformance": newConformanceCmd(e).Flags(),
		"proxy":       newProxyCmd(e).Flags(),
		"diff":        newDiffCmd(e).Flags(),
	} {
		fs.VisitAll(func(f *pflag.Flag) {
			_, k := keyed[f.Name]
			_, w := why[f.Name]
			if r, ok := unkeyed[name][f.Name]; ok {
				k, w = false, r != ""
			}
			if !k && !w {
				t.Errorf("%s --%s: neither a policy key nor a reason for none", name, f.Name)
			}
		})
	}
}
