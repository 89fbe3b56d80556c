package main

import (
	"errors"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// trafficSummary turns an audit result into a report summary.
func trafficSummary(res *audit.Result, names []string, v *validate.Validator) *report.Summary {
	s := &report.Summary{Version: version(), Subject: report.Traffic, Files: names,
		Entries: res.Entries, Skipped: res.Skipped, Rules: ruleInfo(v)}
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
		addUnit(u)
	}
	for _, f := range res.Findings {
		u, ok := units[key{f.File, f.Entry}]
		if !ok {
			u = addUnit(report.Unit{File: f.File, Entry: f.Entry, Line: f.Line, Name: strings.TrimSpace(f.Method + " " + f.Operation)})
		}
		s.Findings = append(s.Findings, reportFinding(u, f.File, f.Entry, f.Line, f.Finding))
	}
	for _, err := range res.Errors {
		s.Problems = append(s.Problems, problem(err))
	}
	return s
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

// ruleInfo describes the rules a validator reports, for SARIF.
func ruleInfo(v *validate.Validator) map[string]report.Rule {
	m := map[string]report.Rule{
		validate.RuleUnknownField:    {Summary: "A body member that the contract does not list."},
		validate.RuleJSONSyntax:      {Summary: "A body that is not valid JSON."},
		validate.RuleJSONInvalidUTF8: {Summary: "A body that is not valid UTF-8."},
		validate.RuleJSONTooDeep:     {Summary: "A JSON body nested deeper than the limit."},
		validate.RuleBodyTooLarge:    {Summary: "A body larger than the limit (--max-body); not validated."},
		validate.RuleStatusUnknown:   {Summary: "A status WePay does not answer with (1xx, 3xx)."},
		validate.RuleStateTransition: {Summary: "An account changed state along an edge the state table forbids."},
	}
	for _, kw := range []string{"type", "maxLength", "minLength", "enum", "required", "pattern", "format", "minimum", "maximum", "maxItems", "oneOf"} {
		m["schema."+kw] = report.Rule{Summary: "A body breaks the JSON Schema keyword " + kw + " of the contract."}
	}
	for _, r := range v.Spec().Rules() {
		m[r.ID] = report.Rule{Summary: r.Summary}
	}
	return m
}
