package main

import (
	"flag"
	"io"
	"os"
	"strings"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
)

func lintCommand() command {
	return command{name: "lint", summary: "check an OpenAPI spec, and its breaking changes from a baseline", run: runLint}
}

const lintUsage = `Usage: wepaykit lint [flags] [SPEC]

Checks an OpenAPI document for wepaykit: valid OpenAPI, every component
schema compiles, every example matches its schema, every operation has a
request, a 200 and an error body, every named rule is defined and
implemented. SPEC is a YAML or JSON file, or - for standard input; without
it, wepaykit's embedded spec is checked.

With --against, also reports the changes from the baseline that break its
users (removed operations, fields and enum values, tighter maxLength, new
required fields, changed types). The baseline is a file, or "embedded" for
wepaykit's embedded spec.

Examples:
  wepaykit lint partner-openapi.yaml --against embedded
  wepaykit lint --format github new.yaml --against old.yaml

`

// lintChecks are the checks, one JUnit test case each.
func lintChecks() []string {
	return []string{lint.RuleOpenAPI, lint.RuleOperation, lint.RuleRule, lint.RuleSchema, lint.RuleExample}
}

func runLint(e *env, args []string) int {
	fl := flag.NewFlagSet("lint", flag.ContinueOnError)
	var f commonFlags
	f.register(fl)
	var against string
	fl.StringVar(&against, "against", "", "baseline `spec` to compare with: a file, - or \"embedded\"")
	var pos []string
	if code, done := parseFlags(e, fl, "lint", lintUsage, args, &pos); done {
		return code
	}
	if !f.check(e, "lint") {
		return exitUsage
	}
	if len(pos) > 1 {
		e.errorf("lint", "more than one SPEC given\nRun 'wepaykit lint --help' for usage.")
		return exitUsage
	}
	if len(pos) == 1 && pos[0] == "-" && against == "-" {
		e.errorf("lint", "only one of SPEC and --against can read standard input")
		return exitUsage
	}
	name, data := spec.EmbeddedName, spec.Embedded()
	if len(pos) == 1 {
		var err error
		name = pos[0]
		if data, err = e.readFile(name); err != nil {
			e.errorf("lint", "cannot read %s: %s", name, pathErrText(err))
			return exitUsage
		}
	}
	var base []byte
	switch against {
	case "":
	case "embedded":
		base = spec.Embedded()
	default:
		var err error
		if base, err = e.readFile(against); err != nil {
			e.errorf("lint", "cannot read %s: %s", against, pathErrText(err))
			return exitUsage
		}
	}
	problems, err := lint.Lint(data, name, base)
	if err != nil {
		e.errorf("lint", "--against %s: %v", against, err)
		return exitUsage
	}
	s := lintSummary(name, problems, base != nil)
	if err := report.Write(e.stdout, f.format, s); err != nil {
		e.errorf("lint", "writing the report: %v", err)
		return exitUsage
	}
	return exitFor(s, f.failOn)
}

func (e *env) readFile(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
}

// lintSummary maps lint problems to a report: one unit per check.
func lintSummary(name string, problems []lint.Problem, breaking bool) *report.Summary {
	s := &report.Summary{Version: version(), Subject: report.Spec, Files: []string{name}, Rules: map[string]report.Rule{}}
	checks := lintChecks()
	if breaking {
		checks = append(checks, "breaking")
	}
	unit := map[string]int{}
	for i, c := range checks {
		unit[c] = i
		s.Units = append(s.Units, report.Unit{File: name, Entry: -1, Name: c})
	}
	for _, p := range problems {
		check := p.Rule
		if strings.HasPrefix(check, "breaking.") {
			check = "breaking"
		}
		u, ok := unit[check]
		if !ok {
			u = len(s.Units)
			unit[check] = u
			s.Units = append(s.Units, report.Unit{File: name, Entry: -1, Name: check})
		}
		s.Findings = append(s.Findings, report.Finding{Unit: u, File: p.File, Entry: -1, Line: p.Line, Where: p.Where,
			Rule: p.Rule, Severity: p.Severity, Message: p.Message})
		s.Rules[p.Rule] = report.Rule{Summary: lintRuleSummary(p.Rule)}
	}
	return s
}

func lintRuleSummary(rule string) string {
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
	case lint.RuleRemovedOperation:
		return "An operation of the baseline was removed."
	case lint.RuleRemovedField:
		return "A body field of the baseline was removed."
	case lint.RuleEnumRemoved:
		return "A value was removed from an enum."
	case lint.RuleMaxLength:
		return "A maximum length became smaller."
	case lint.RuleRequiredAdded:
		return "A field became required."
	case lint.RuleTypeChanged:
		return "A field lost a type or may no longer be null."
	}
	return rule
}
