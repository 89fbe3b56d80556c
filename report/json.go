package report

import (
	"encoding/json"
	"io"
)

// jsonTraffic is the JSON report of validated traffic.
type jsonTraffic struct {
	Entries  int           `json:"entries"`
	Skipped  int           `json:"skipped"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonCounts    `json:"summary"`
}

// jsonSpec is the JSON report of a linted spec.
type jsonSpec struct {
	Spec     string        `json:"spec"`
	Findings []jsonProblem `json:"findings"`
	Summary  jsonCounts    `json:"summary"`
}

type jsonCounts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

type jsonFinding struct {
	Entry     int    `json:"entry"`
	File      string `json:"file,omitempty"`
	Operation string `json:"operation"`
	Side      string `json:"side"`
	Location  string `json:"location"`
	Pointer   string `json:"pointer"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Schema    string `json:"schema,omitempty"`
	Cite      string `json:"cite,omitempty"`
}

type jsonProblem struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Where    string `json:"where"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// writeJSON writes {"entries", "skipped", "findings", "summary"} for
// traffic, {"spec", "findings", "summary"} for a spec. A finding names its
// file only when the summary has several files.
func writeJSON(w io.Writer, s *Summary) error {
	errs, warns := s.Counts()
	counts := jsonCounts{Errors: errs, Warnings: warns}
	several := len(s.Files) > 1
	var v any
	if s.subject() == Spec {
		out := jsonSpec{Findings: []jsonProblem{}, Summary: counts}
		if len(s.Files) > 0 {
			out.Spec = s.Files[0]
		}
		for _, f := range s.Findings {
			p := jsonProblem{Line: f.Line, Where: f.Where, Rule: f.Rule, Severity: f.Severity, Message: f.Message}
			if several {
				p.File = f.File
			}
			out.Findings = append(out.Findings, p)
		}
		v = out
	} else {
		out := jsonTraffic{Entries: s.Entries, Skipped: s.Skipped, Findings: []jsonFinding{}, Summary: counts}
		for _, f := range s.Findings {
			jf := jsonFinding{Entry: f.Entry, Operation: f.Operation, Side: f.Side, Location: f.Location, Pointer: f.Pointer,
				Rule: f.Rule, Severity: f.Severity, Message: f.Message, Schema: f.Schema, Cite: f.Cite}
			if several {
				jf.File = f.File
			}
			out.Findings = append(out.Findings, jf)
		}
		v = out
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
