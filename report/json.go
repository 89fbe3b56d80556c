package report

import (
	"io"
	"iter"
)

// jsonTraffic is the JSON report of validated traffic.
type jsonTraffic struct {
	Entries         int               `json:"entries"`
	Validated       int               `json:"validated"`
	Unanswered      int               `json:"unanswered,omitempty"` // validated without a response
	OutOfScope      int               `json:"outside_account"`
	Skipped         int               `json:"skipped"` // entries sent to other hosts
	OutOfScopeCalls map[string]int    `json:"outside_account_calls,omitempty"`
	OtherHosts      map[string]int    `json:"other_hosts,omitempty"`
	Unreadable      int               `json:"unreadable"`
	ReadErrors      []jsonReadError   `json:"read_errors,omitempty"`
	Empty           string            `json:"nothing_validated,omitempty"`
	VersionHints    []jsonVersionHint `json:"version_hints,omitempty"`
	Ignored         []jsonIgnored     `json:"not_read,omitempty"`
	Findings        []jsonFinding     `json:"findings"`
	Suppressed      []jsonSuppressed  `json:"suppressed,omitempty"`
	Policy          *jsonPolicy       `json:"policy,omitempty"`
	Baseline        *BaselineJSON     `json:"baseline,omitempty"`
	Summary         jsonCounts        `json:"summary"`
}

type jsonVersionHint struct {
	File      string `json:"file"`
	Version   string `json:"api_version"`
	Exchanges int    `json:"exchanges"`
	Contract  string `json:"contract_version"`
	Message   string `json:"message"`
}

// jsonReadError is an input or entry that could not be read (Problem):
// entry is -1 when the whole input is concerned, line 0 when unknown.
type jsonReadError struct {
	File    string `json:"file"`
	Entry   int    `json:"entry"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

type jsonIgnored struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

func countMap(cs []Count) map[string]int {
	if len(cs) == 0 {
		return nil
	}
	m := make(map[string]int, len(cs))
	for _, c := range cs {
		m[c.Key] += c.N
	}
	return m
}

// jsonSpec is the JSON report of a linted spec.
type jsonSpec struct {
	Spec       string                `json:"spec"`
	Findings   []jsonProblem         `json:"findings"`
	Suppressed []jsonSuppressedIssue `json:"suppressed,omitempty"`
	Policy     *jsonPolicy           `json:"policy,omitempty"`
	Baseline   *BaselineJSON         `json:"baseline,omitempty"`
	Summary    jsonCounts            `json:"summary"`
}

// BaselineJSON is the "baseline" object of a JSON report: how the run
// compared with its baseline of known findings, how many it knew, and the
// entries that no longer occur (so the file can shrink). The reports of
// validate and lint, and package conformance's, write it alike.
type BaselineJSON struct {
	File        string   `json:"file"`
	Known       int      `json:"known"`
	Gone        int      `json:"gone"`
	GoneEntries []string `json:"gone_entries"`
	Pruned      bool     `json:"pruned"`
}

// baselineJSON is the baseline object of a report, nil without a baseline.
func baselineJSON(s *Summary) *BaselineJSON {
	p := s.Policy
	if p == nil || p.Baseline == "" {
		return nil
	}
	_, _, known := s.SuppressedCounts()
	b := &BaselineJSON{File: p.Baseline, Known: max(known, p.Known), Gone: len(p.Gone), GoneEntries: p.Gone, Pruned: p.Pruned}
	if b.GoneEntries == nil {
		b.GoneEntries = []string{}
	}
	return b
}

type jsonCounts struct {
	Errors     int                   `json:"errors"`
	Warnings   int                   `json:"warnings"`
	Suppressed *jsonSuppressedCounts `json:"suppressed,omitempty"` // with a policy
}

type jsonSuppressedCounts struct {
	Total    int `json:"total"`
	Off      int `json:"off"`
	Ignored  int `json:"ignored"`
	Baseline int `json:"baseline"`
}

// jsonSuppression says why a finding is suppressed.
type jsonSuppression struct {
	Kind   string `json:"kind"` // off, ignore or baseline
	Reason string `json:"reason"`
	Source string `json:"source,omitempty"`
}

type jsonSuppressed struct {
	jsonFinding
	Suppression jsonSuppression `json:"suppression"`
}

type jsonSuppressedIssue struct {
	jsonProblem
	Suppression jsonSuppression `json:"suppression"`
}

type jsonPolicy struct {
	Config   string     `json:"config,omitempty"`
	Baseline string     `json:"baseline,omitempty"`
	Gone     []string   `json:"baseline_gone,omitempty"`
	Expired  []jsonNote `json:"expired_ignores,omitempty"`
}

type jsonNote struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// policyJSON fills the policy parts of a JSON report.
func policyJSON(s *Summary, counts *jsonCounts) *jsonPolicy {
	if !s.hasPolicy() {
		return nil
	}
	off, ign, known := s.SuppressedCounts()
	counts.Suppressed = &jsonSuppressedCounts{Total: off + ign + known, Off: off, Ignored: ign, Baseline: known}
	if s.Policy == nil {
		return nil
	}
	p := &jsonPolicy{Config: s.Policy.Config, Baseline: s.Policy.Baseline, Gone: s.Policy.Gone}
	for _, n := range s.Policy.Expired {
		p.Expired = append(p.Expired, jsonNote(n))
	}
	return p
}

type jsonFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Entry     int    `json:"entry"`
	Operation string `json:"operation"`
	Side      string `json:"side"`
	Location  string `json:"location"`
	Pointer   string `json:"pointer"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Schema    string `json:"schema,omitempty"`
	Cite      string `json:"cite,omitempty"`
	// APIVersion: the older Api-Version the exchange declared, when the
	// finding may be version drift.
	APIVersion string `json:"api_version,omitempty"`
}

type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Where    string `json:"where"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// writeJSON writes {"entries", "skipped", "findings", "summary"} for
// traffic, {"spec", "findings", "summary"} for a spec. Every finding names
// its file and line (0 when unknown, "-" for standard input). The
// findings and suppressed findings are streamed (see writeStreamed).
func writeJSON(w io.Writer, s *Summary) error {
	errs, warns := s.Counts()
	counts := jsonCounts{Errors: errs, Warnings: warns}
	var v any
	var findings, suppressed iter.Seq[any]
	if s.subject() == Spec {
		out := jsonSpec{Findings: []jsonProblem{}, Summary: counts}
		out.Policy = policyJSON(s, &out.Summary)
		out.Baseline = baselineJSON(s)
		if len(s.Files) > 0 {
			out.Spec = s.Files[0]
		}
		problem := func(f Finding) jsonProblem {
			return jsonProblem{File: f.File, Line: f.Line, Where: f.Where, Rule: f.Rule, Severity: f.Severity, Message: f.Message}
		}
		findings = mapSeq(s.AllFindings(), func(f Finding) any { return problem(f) })
		suppressed = mapSeq(s.AllSuppressed(), func(f Suppressed) any {
			return jsonSuppressedIssue{problem(f.Finding), jsonSuppression{f.Kind, f.Reason, f.Source}}
		})
		v = out
	} else {
		out := jsonTraffic{Entries: s.Entries, Validated: s.Validated, Unanswered: s.Unanswered, OutOfScope: s.OutOfScope, Skipped: s.Skipped,
			OutOfScopeCalls: countMap(s.OutOfScopeCalls), OtherHosts: countMap(s.OtherHosts), Unreadable: s.unread(),
			Empty: s.Empty, Findings: []jsonFinding{}, Summary: counts}
		out.Policy = policyJSON(s, &out.Summary)
		out.Baseline = baselineJSON(s)
		for _, h := range s.VersionHints {
			out.VersionHints = append(out.VersionHints, jsonVersionHint{File: h.File, Version: h.Version, Exchanges: h.Exchanges, Contract: h.Contract, Message: h.Text()})
		}
		for _, ig := range s.Ignored {
			out.Ignored = append(out.Ignored, jsonIgnored{File: ig.File, Reason: ig.Reason})
		}
		for _, p := range s.Problems {
			out.ReadErrors = append(out.ReadErrors, jsonReadError{File: p.File, Entry: p.Entry, Line: p.Line, Message: p.Message})
		}
		finding := func(f Finding) jsonFinding {
			return jsonFinding{File: f.File, Line: f.Line, Entry: f.Entry, Operation: f.Operation, Side: f.Side, Location: f.Location, Pointer: f.Pointer,
				Rule: f.Rule, Severity: f.Severity, Message: f.Message, Schema: f.Schema, Cite: f.Cite, APIVersion: f.APIVersion}
		}
		findings = mapSeq(s.AllFindings(), func(f Finding) any { return finding(f) })
		suppressed = mapSeq(s.AllSuppressed(), func(f Suppressed) any {
			return jsonSuppressed{finding(f.Finding), jsonSuppression{f.Kind, f.Reason, f.Source}}
		})
		v = out
	}
	doc, err := encodeDoc(v)
	if err != nil {
		return err
	}
	if err := writeStreamed(w, doc, jsonArray{key: `"findings"`, elems: findings,
		after: &jsonArray{key: `"suppressed"`, elems: suppressed}}); err != nil {
		return err
	}
	return s.src().Err()
}
