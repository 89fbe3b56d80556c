package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// trafficSummary turns an audit result into a report summary. exchanges
// says whether the result kept its exchanges (audit.Options.KeepExchanges).
func trafficSummary(res *audit.Result, names []string, v *validate.Validator, exchanges bool) *report.Summary {
	s := &report.Summary{Version: version(), Subject: report.Traffic, Files: names,
		Entries: res.Entries, Skipped: res.Skipped, Rules: ruleInfo(v), BaseDir: workDir(),
		Validated: res.Validated, Unanswered: res.Unanswered, OutOfScope: res.OutOfScope,
		OutOfScopeCalls: reportCounts(res.OutOfScopeCalls), OtherHosts: reportCounts(res.OtherHosts)}
	for _, h := range res.VersionHints {
		s.VersionHints = append(s.VersionHints, report.VersionHint{File: h.File, Version: h.Version, Exchanges: h.Exchanges, Contract: h.Contract})
	}
	for _, f := range res.Files {
		if f.Err == nil && f.Entries == 0 && len(res.Files) > 1 {
			s.Ignored = append(s.Ignored, report.Ignored{File: f.Name, Reason: "a recording with no entries"})
		}
	}
	if res.Spooled() {
		// The findings stay in the result's spool; the report reads them
		// as it writes (finishTrafficPolicy adds nothing to a Source).
		s.Source = newAuditSource(res, exchanges)
	} else {
		inMemory(s, res)
	}
	for _, err := range res.Errors {
		s.Problems = append(s.Problems, problem(err))
	}
	if res.ErrorsDropped > 0 {
		s.Problems = append(s.Problems, report.Problem{Entry: -1, Message: fmt.Sprintf("%d more damaged entries, not listed: only the first %d of each file are", res.ErrorsDropped, audit.DefaultMaxErrors)})
	}
	return s
}

// inMemory fills the units and findings of s from a result that is not
// spooled.
func inMemory(s *report.Summary, res *audit.Result) {
	type key struct {
		file  string
		entry int
	}
	units := map[key]int{}
	addUnit := func(u report.Unit) int {
		units[key{u.File, u.Entry}] = len(s.Units)
		s.Units = append(s.Units, u)
		return len(s.Units) - 1
	}
	for _, x := range res.Exchanges {
		u := report.Unit{File: x.File, Entry: x.Entry, Line: x.Line, Name: strings.TrimSpace(x.Method + " " + x.Operation)}
		if x.Skipped != "" {
			u.Skipped = "not a WePay host: " + x.Skipped
		}
		if x.OutOfScope {
			u.Skipped = "a WePay call outside /account"
		}
		addUnit(u)
	}
	for _, f := range res.Findings {
		u, ok := units[key{f.File, f.Entry}]
		if !ok {
			u = addUnit(report.Unit{File: f.File, Entry: f.Entry, Line: f.Line, Name: strings.TrimSpace(f.Method + " " + f.Operation)})
		}
		rf := reportFinding(u, f.File, f.Entry, f.Line, f.Finding)
		rf.APIVersion = f.APIVersion
		s.Findings = append(s.Findings, rf)
	}
}

func reportFinding(unit int, file string, entry, line int, f validate.Finding) report.Finding {
	return report.Finding{Unit: unit, File: file, Entry: entry, Line: line,
		Operation: f.Operation, Side: f.Side, Location: string(f.Location), Pointer: f.Pointer,
		Rule: f.Rule, Severity: string(f.Severity), Message: f.Message, Schema: f.Schema, Cite: f.Cite}
}

// problem describes a read error for reports.
func problem(err error) report.Problem {
	var ee *traffic.EntryError
	var fe *traffic.FileError
	var oe *audit.OpenError
	switch {
	case errors.As(err, &ee):
		return report.Problem{File: ee.File, Entry: ee.Entry, Line: ee.Line, Message: errText(ee.Err)}
	case errors.As(err, &fe):
		return report.Problem{File: fe.File, Entry: -1, Line: fe.Line, Message: errText(fe.Err)}
	case errors.As(err, &oe):
		return report.Problem{File: oe.File, Entry: -1, Message: pathErrText(oe.Err)}
	}
	return report.Problem{Entry: -1, Message: err.Error()}
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// ruleDocsURL is where every rule id has an anchor (the README's rule
// table, generated from the catalog; a test keeps it current).
const ruleDocsURL = "https://github.com/wepaykit/wepaykit/blob/main/README.md#rule-"

// ruleInfo describes the rules a validator reports, for SARIF: summary,
// default level, help with the cited reference sentences, and a link.
func ruleInfo(v *validate.Validator) map[string]report.Rule {
	m := map[string]report.Rule{}
	for _, r := range v.Catalog() {
		m[r.ID] = report.Rule{Summary: r.Summary, Description: ruleDescription(r), Help: ruleHelp(r),
			HelpURI: ruleDocsURL + r.ID, Level: string(r.Severity)}
	}
	return m
}

func reportCounts(cs []audit.Count) []report.Count {
	out := make([]report.Count, len(cs))
	for i, c := range cs {
		out[i] = report.Count{Key: c.Key, N: c.N}
	}
	return out
}

// ruleDescription is a rule's summary with its scope.
func ruleDescription(r validate.RuleInfo) string {
	if !r.Named {
		return r.Summary + " A check built into wepaykit's validator."
	}
	env := "every environment"
	if r.Environment == "production" {
		env = "production only"
	}
	return fmt.Sprintf("%s A named rule of the contract (x-wepaykit-rules), checked on each %s, in %s.", r.Summary, r.Where, env)
}

// ruleHelp is a rule's help text: its summary and the sentences it cites.
func ruleHelp(r validate.RuleInfo) string {
	var b strings.Builder
	b.WriteString(r.Summary)
	for _, c := range r.Cite {
		fmt.Fprintf(&b, "\n\nReference (%s): \"%s\"", c.Source, c.Text)
	}
	return b.String()
}

// workDir is the working directory, the base of relative file names in
// reports; "" when it cannot be told.
func workDir() string {
	d, err := os.Getwd()
	if err != nil {
		return ""
	}
	return d
}
