package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
)

func newLintCmd(e *env) *cobra.Command {
	var f reportFlags
	var pf policyFlags
	var against string
	var levels []string
	c := &cobra.Command{
		Use:   "lint [flags] [SPEC]",
		Short: "check an OpenAPI spec, and its breaking changes from a baseline",
		Long: `Checks an OpenAPI document for wepaykit: valid OpenAPI, every component
schema compiles, every example matches its schema, every operation has a
request, a 200 and an error body, every named rule is defined and
implemented. SPEC is a YAML or JSON file, or - for standard input; without
it, wepaykit's embedded spec is checked.

With --against, also reports the changes from the baseline at level
warning or above, in both directions: requests that accept less, and
responses that may answer more (new enum values, members that became
optional or nullable, looser lengths or patterns, new oneOf branches, new
status codes), as oasdiff's checks see them; and the changes to wepaykit's
named rules, account states and quirks. The baseline is a file, - or
"embedded" for wepaykit's embedded spec. --level CHECK=LEVEL sets a check's
level (error, warning, info or off) to accept a known change; 'wepaykit
diff' lists every change, and the README every check.`,
		Example: `  wepaykit lint partner-openapi.yaml --against embedded
  wepaykit lint --format github new.yaml --against old.yaml
  wepaykit lint new.yaml --against old.yaml --level response-success-status-added=info`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("more than one SPEC given (%q, %q)", args[0], args[1])
			}
			return nil
		},
		Annotations: map[string]string{annExitCodes: exitCodesHelp},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := pf.load()
			if err != nil {
				return err
			}
			if err := checkRules(pol, nil); err != nil {
				return err
			}
			format, outs := pol.Reports("lint")
			if err := f.fromPolicy(cmd.Flags(), pol, lintFailOn(pol), format, outs); err != nil {
				return err
			}
			return e.runLint(&f, &pf, pol, against, levels, args)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	f.register(fl)
	fl.StringVar(&against, "against", "", "baseline `spec` to compare with: a file, - or \"embedded\"")
	registerLevels(fl, &levels)
	pf.register(fl)
	return c
}

func (e *env) runLint(f *reportFlags, pf *policyFlags, pol *policy.Policy, against string, levelFlags []string, pos []string) error {
	outs, err := f.outputs()
	if err != nil {
		return err
	}
	levels, err := checkLevels(levelFlags)
	if err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	baseline, baselineFile, err := pf.readBaseline(pol, "lint", "lint")
	if err != nil {
		return err
	}
	if len(pos) == 1 && pos[0] == "-" && against == "-" {
		return usageErrorf("only one of SPEC and --against can read standard input")
	}
	name, data := spec.EmbeddedName, spec.Embedded()
	if len(pos) == 1 {
		name = pos[0]
		if data, err = e.readFile(name); err != nil {
			return inputErrorf("cannot read %s: %s", name, pathErrText(err))
		}
	}
	var base []byte
	switch against {
	case "":
	case "embedded":
		base = spec.Embedded()
	default:
		if base, err = e.readFile(against); err != nil {
			return inputErrorf("cannot read %s: %s", against, pathErrText(err))
		}
	}
	problems, err := lint.Lint(data, name, base, lint.WithNames(baseName(against), name), lint.WithLevels(levels))
	if err != nil {
		return inputErrorf("--against %s: %v", against, err)
	}
	s := lintSummary(name, problems, base != nil)
	if pol != nil || baseline != nil || pf.writeBaseline != "" || pf.showIgnored {
		m := applyPolicyLevels(s, pol, baseline, levels)
		if err := e.finishBaseline("lint", pf, pol, s, matcherOutcome(m), baselineFile, ""); err != nil {
			return err
		}
	}
	if err := e.writeReports(outs, s); err != nil {
		return err
	}
	return exitWith(exitFor(s, f.failOn))
}

// lintFailOn is the policy's fail-on of lint (and of diff): lint.fail-on,
// else fail-on; "" without a policy or either key.
func lintFailOn(pol *policy.Policy) string {
	if pol == nil {
		return ""
	}
	if pol.Lint.FailOn != "" {
		return pol.Lint.FailOn
	}
	return pol.FailOn
}

// lintChecks are the checks, one JUnit test case each.
func lintChecks() []string {
	return []string{lint.RuleOpenAPI, lint.RuleOperation, lint.RuleRule, lint.RuleSchema, lint.RuleExample, lint.RuleExtension, lint.RuleState, lint.RulePattern}
}

func (e *env) readFile(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
}

// lintSummary maps lint problems to a report: one unit per check.
func lintSummary(name string, problems []lint.Problem, breaking bool) *report.Summary {
	s := &report.Summary{Version: version(), Subject: report.Spec, Files: []string{name}, Rules: map[string]report.Rule{}, BaseDir: workDir()}
	why := map[string]string{}
	if breaking {
		for _, c := range lint.Checks() {
			why[c.ID] = c.Why
		}
	}
	checks := lintChecks()
	if breaking {
		checks = append(checks, "breaking")
	}
	unit := map[string]int{}
	for i, c := range checks {
		unit[c] = i
		s.Units = append(s.Units, report.Unit{File: name, Entry: -1, Name: c})
	}
	own := lintChecks()
	for _, p := range problems {
		check := p.Rule
		if !slices.Contains(own, check) { // a change from the baseline
			check = "breaking"
		}
		u, ok := unit[check]
		if !ok {
			u = len(s.Units)
			unit[check] = u
			s.Units = append(s.Units, report.Unit{File: name, Entry: -1, Name: check})
		}
		msg := p.Message
		if p.Base != nil && p.Base.File != p.File {
			msg += fmt.Sprintf(" (baseline: %s:%d)", p.Base.File, p.Base.Line)
		}
		s.Findings = append(s.Findings, report.Finding{Unit: u, File: p.File, Entry: -1, Line: p.Line, Where: p.Where,
			Rule: p.Rule, Severity: p.Severity, Message: msg, Cite: p.Cite})
		s.Rules[p.Rule] = lintRule(p.Rule, why, own)
	}
	return s
}

// lintRule describes a lint rule for SARIF: its summary as description
// and help, its default level, and a link (lint's own checks have an
// anchor in the README's table of them; a change from the baseline links
// to the README's section on spec changes).
func lintRule(rule string, why map[string]string, own []string) report.Rule {
	sum := lintRuleSummary(rule, why)
	r := report.Rule{Summary: sum, Description: sum, Help: sum, Level: report.Error,
		HelpURI: "https://github.com/wepaykit/wepaykit/blob/main/README.md#spec-changes"}
	if slices.Contains(own, rule) {
		r.Help = sum + " Reported by wepaykit lint, with the file and line of the place."
		r.HelpURI = ruleDocsURL + rule
	} else {
		r.Help = sum + " A change from the baseline (wepaykit lint --against, wepaykit diff); its level depends on the direction and the policy."
		r.Level = ""
	}
	return r
}

func lintRuleSummary(rule string, why map[string]string) string {
	switch rule {
	case lint.RuleOpenAPI:
		return "The document is not valid OpenAPI, or not what wepaykit can read."
	case lint.RuleSchema:
		return "A component schema does not compile."
	case lint.RuleExample:
		return "An example does not validate against its schema."
	case lint.RuleOperation:
		return "An operation lacks a request, 200 or error body."
	case lint.RuleRule:
		return "A named rule is undefined, duplicated or not implemented."
	case lint.RuleExtension:
		return "An x-wepaykit-* key wepaykit does not read (a typo of one it does): what it says silently does not apply."
	case lint.RuleState:
		return "The account state enum and the state table (x-wepaykit-account-states) do not name the same states."
	case lint.RulePattern:
		return "A pattern does not compile with the validator's regexp, or is not an ECMA-262 regular expression."
	}
	if w, ok := why[rule]; ok {
		return w
	}
	return rule
}
