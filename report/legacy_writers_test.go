package report

// The writers as they were before they streamed (whole documents built in
// memory), kept as the oracle of TestStreamingWritersMatchLegacy.

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wepaykit/wepaykit/internal/counts"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

func legacyWriteJSON(w io.Writer, s *Summary) error {
	errs, warns := legacyCounts(s)
	counts := jsonCounts{Errors: errs, Warnings: warns}
	var v any
	if s.subject() == Spec {
		out := jsonSpec{Findings: []jsonProblem{}, Summary: counts}
		out.Policy = legacyPolicyJSON(s, &out.Summary)
		out.Baseline = baselineJSON(s) // added after the writers were kept: not about streaming
		if len(s.Files) > 0 {
			out.Spec = s.Files[0]
		}
		problem := func(f Finding) jsonProblem {
			return jsonProblem{File: f.File, Line: f.Line, Where: f.Where, Rule: f.Rule, Severity: f.Severity, Message: f.Message}
		}
		for _, f := range s.Findings {
			out.Findings = append(out.Findings, problem(f))
		}
		for _, f := range s.Suppressed {
			out.Suppressed = append(out.Suppressed, jsonSuppressedIssue{problem(f.Finding), jsonSuppression{f.Kind, f.Reason, f.Source}})
		}
		v = out
	} else {
		out := jsonTraffic{Entries: s.Entries, Validated: s.Validated, Unanswered: s.Unanswered, OutOfScope: s.OutOfScope, Skipped: s.Skipped,
			OutOfScopeCalls: countMap(s.OutOfScopeCalls), OtherHosts: countMap(s.OtherHosts), Unreadable: s.unread(),
			Empty: s.Empty, Findings: []jsonFinding{}, Summary: counts}
		out.Policy = legacyPolicyJSON(s, &out.Summary)
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
		for _, f := range s.Findings {
			out.Findings = append(out.Findings, finding(f))
		}
		for _, f := range s.Suppressed {
			out.Suppressed = append(out.Suppressed, jsonSuppressed{finding(f.Finding), jsonSuppression{f.Kind, f.Reason, f.Source}})
		}
		v = out
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func legacyPolicyJSON(s *Summary, counts *jsonCounts) *jsonPolicy {
	if !legacyHasPolicy(s) {
		return nil
	}
	off, ign, known := legacySuppressedCounts(s)
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

func legacyWriteSARIF(w io.Writer, s *Summary) error {
	run := SARIFRun{
		Tool:        SARIFTool{Driver: SARIFDriver{Name: s.tool(), Version: s.Version, InformationURI: InformationURI, Rules: []SARIFRule{}}},
		Invocations: []SARIFInvocation{{ExecutionSuccessful: len(s.Problems) == 0 && s.Empty == ""}},
		Results:     []SARIFResult{},
	}
	if s.subject() == Traffic {
		run.Properties = &SARIFRunProperties{Entries: s.Entries, Validated: s.Validated, OutOfScope: s.OutOfScope, OtherHosts: s.Skipped}
		for _, h := range s.VersionHints {
			run.Properties.VersionHints = append(run.Properties.VersionHints, h.File+": "+h.Text())
		}
	}
	if s.Empty != "" {
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
			SARIFNotification{Level: "error", Message: SARIFMessage{Text: "nothing validated: " + s.Empty}})
	}
	for _, h := range s.VersionHints {
		n := SARIFNotification{Level: "note", Message: SARIFMessage{Text: h.File + ": " + h.Text()}}
		if ph := s.physical(h.File, 0); ph != nil {
			n.Locations = []SARIFLocation{{Physical: ph}}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	base := s.sarifBase()
	if base != "" {
		run.OriginalURIBaseIDs = map[string]SARIFArtifactLoc{SARIFBaseID: {URI: base}}
	}
	index := map[string]int{}
	for i, id := range legacyRuleIDs(s) {
		index[id] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(id, s.Rules[id]))
	}
	result := func(f Finding) SARIFResult {
		msg := f.Message
		if pl := f.place(); pl != "" {
			msg = pl + ": " + msg
		}
		if s.subject() == Traffic {
			msg = legacyUnitName(s, f) + msg
		}
		loc := SARIFLocation{Physical: s.physical(f.File, f.Line), Logical: logical(f)}
		r := SARIFResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: SARIFMessage{Text: msg}, Locations: []SARIFLocation{loc},
			PartialFingerprints: map[string]string{FingerprintKey: fingerprint(f, s.relative(f.File))}}
		if f.APIVersion != "" {
			r.Properties = &SARIFResultProperties{APIVersion: f.APIVersion}
		}
		return r
	}
	baseline := s.Policy != nil && s.Policy.Baseline != ""
	for _, f := range s.Findings {
		r := result(f)
		if baseline {
			r.BaselineState = "new"
		}
		run.Results = append(run.Results, r)
	}
	for _, f := range s.Suppressed {
		r := result(f.Finding)
		just := f.Reason
		if f.Source != "" {
			just += " (" + f.Source + ")"
		}
		r.Suppressions = []SARIFSuppression{{Kind: "external", Status: "accepted", Justification: just}}
		if baseline && f.Kind == SuppressedBaseline {
			r.BaselineState = "unchanged"
		} else if baseline {
			r.BaselineState = "new"
		}
		run.Results = append(run.Results, r)
	}
	if s.Policy != nil {
		for _, n := range s.Policy.Expired {
			sn := SARIFNotification{Level: "warning", Message: SARIFMessage{Text: n.Message}}
			if ph := s.physical(n.File, n.Line); ph != nil {
				sn.Locations = []SARIFLocation{{Physical: ph}}
			}
			run.Invocations[0].ConfigNotifications = append(run.Invocations[0].ConfigNotifications, sn)
		}
		for _, g := range s.Policy.Gone {
			run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
				SARIFNotification{Level: "note", Message: SARIFMessage{Text: "baseline entry no longer occurs: " + g}})
		}
	}
	for _, p := range s.Problems {
		n := SARIFNotification{Level: "error", Message: SARIFMessage{Text: problemPlace(p) + ": " + p.Message}}
		if ph := s.physical(p.File, p.Line); ph != nil {
			n.Locations = []SARIFLocation{{Physical: ph}}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	log := SARIFLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []SARIFRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func legacyWriteJUnit(w io.Writer, s *Summary) error {
	root := JUnitSuites{Name: s.tool()}
	suites := map[string]int{}
	suite := func(file string) *JUnitSuite {
		i, ok := suites[file]
		if !ok {
			i = len(root.Suites)
			suites[file] = i
			root.Suites = append(root.Suites, JUnitSuite{Name: file})
		}
		return &root.Suites[i]
	}
	for _, f := range s.Files {
		suite(f)
	}
	sup := legacySuppressedByUnit(s)
	for i, fs := range legacyByUnit(s) {
		u := s.Units[i]
		c := JUnitCase{Name: caseName(u), Classname: u.File}
		if u.Skipped != "" {
			c.Skipped = &JUnitMessage{Message: u.Skipped}
		}
		var out []string
		for _, f := range fs {
			line := fmt.Sprintf("%s: %s [%s]", f.place(), f.Message, f.Rule)
			if f.Severity == Error {
				c.Failures = append(c.Failures, JUnitMessage{Message: f.Message, Type: f.Rule, Text: line})
			} else {
				out = append(out, f.Severity+" "+line)
			}
		}
		for _, f := range sup[i] {
			out = append(out, f.line())
		}
		c.SystemOut = strings.Join(out, "\n")
		suite(u.File).Cases = append(suite(u.File).Cases, c)
	}
	for _, p := range s.Problems {
		name := "read " + p.File
		if p.Entry >= 0 {
			name = fmt.Sprintf("entry %d", p.Entry)
		}
		suite(p.File).Cases = append(suite(p.File).Cases, JUnitCase{Name: name, Classname: p.File,
			Errors: []JUnitMessage{{Message: p.Message, Type: "unreadable", Text: problemPlace(p) + ": " + p.Message}}})
	}
	if s.Empty != "" {
		// A run that checked nothing is not a green suite.
		name := s.tool()
		if len(s.Files) == 1 {
			name = s.Files[0]
		}
		suite(name).Cases = append(suite(name).Cases, JUnitCase{Name: "nothing validated", Classname: name,
			Errors: []JUnitMessage{{Message: s.Empty, Type: "nothing-validated", Text: s.Empty}}})
	}
	for i := range root.Suites {
		st := &root.Suites[i]
		for _, c := range st.Cases {
			st.Tests++
			switch {
			case len(c.Errors) > 0:
				st.Errors++
			case len(c.Failures) > 0:
				st.Failures++
			case c.Skipped != nil:
				st.Skipped++
			}
		}
		root.Tests += st.Tests
		root.Failures += st.Failures
		root.Errors += st.Errors
		root.Skipped += st.Skipped
	}
	if legacyHasPolicy(s) {
		if len(root.Suites) == 0 {
			root.Suites = append(root.Suites, JUnitSuite{Name: s.tool()})
		}
		root.Suites[0].SystemOut = legacySuppressedCountsLine(s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func legacyWriteText(w io.Writer, s *Summary, o Options) error {
	bw := bufio.NewWriter(w)
	for i, fs := range legacyByUnit(s) {
		if len(fs) == 0 {
			continue
		}
		u := s.Units[i]
		fmt.Fprintln(bw, ansi.Paint(o.Color, ansi.Bold, oneLine(u.heading())))
		for _, f := range fs {
			place := f.place()
			fileLine := f.File
			if f.Line > 0 {
				fileLine += fmt.Sprintf(":%d", f.Line)
			}
			switch {
			case place == "": // about the whole file (a spec that is not YAML): name it
				place = fileLine
			case f.File != "" && f.File != u.File: // in another file (lint --against: only in the baseline)
				place += " (" + fileLine + ")"
			case f.Where != "" && f.Line > 0:
				place += fmt.Sprintf(" (line %d)", f.Line)
			}
			drift := ""
			if f.APIVersion != "" {
				drift = " (Api-Version " + f.APIVersion + ")"
			}
			fmt.Fprintf(bw, "  %s %s: %s %s%s\n", ansi.Paint(o.Color, severityStyle(f.Severity), fmt.Sprintf("%-7s", f.Severity)),
				oneLine(place), oneLine(f.Message), ansi.Paint(o.Color, ansi.Dim, "["+f.Rule+"]"), oneLine(drift))
		}
	}
	for _, p := range s.Problems {
		fmt.Fprintf(bw, "%s: cannot read: %s\n", oneLine(problemPlace(p)), oneLine(p.Message))
	}
	for _, n := range s.notes() {
		fmt.Fprintln(bw, oneLine(n))
	}
	errs, warns := legacyCounts(s)
	style := ansi.Green
	switch {
	case errs > 0 || s.Empty != "":
		style = ansi.Red
	case warns > 0:
		style = ansi.Yellow
	}
	fmt.Fprintln(bw, ansi.Paint(o.Color, style, legacyCountLine(s)))
	legacyWritePolicyText(bw, s)
	return bw.Flush()
}

func legacyWriteGitHub(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	for _, f := range s.Findings {
		msg := f.Message
		if pl := f.place(); pl != "" {
			msg = pl + ": " + msg
		}
		if s.subject() == Traffic {
			msg = legacyUnitName(s, f) + msg
		}
		cmd := "warning"
		if f.Severity == Error {
			cmd = "error"
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, ghProps(f.File, f.Line, f.Rule), ghData(msg))
	}
	for _, p := range s.Problems {
		fmt.Fprintf(bw, "::error %s::%s\n", ghProps(p.File, p.Line, "unreadable input"), ghData(problemPlace(p)+": "+p.Message))
	}
	if s.Empty != "" {
		fmt.Fprintf(bw, "::error title=nothing validated::%s\n", ghData(s.Empty))
	}
	for _, h := range s.VersionHints {
		fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(h.File, 0, "Api-Version drift"), ghData(h.Text()))
	}
	fmt.Fprintln(bw, legacyCountLine(s))
	legacyWritePolicyGitHub(bw, s)
	return bw.Flush()
}

func legacyUnitName(s *Summary, f Finding) string {
	if f.Unit < 0 || f.Unit >= len(s.Units) {
		return ""
	}
	u := s.Units[f.Unit]
	n := u.Name
	if u.Entry >= 0 {
		n = strings.TrimSpace(fmt.Sprintf("entry %d %s", u.Entry, u.Name))
	}
	if n == "" {
		return ""
	}
	return n + ": "
}

func legacySuppressedCounts(s *Summary) (off, ignored, known int) {
	for _, f := range s.Suppressed {
		switch f.Kind {
		case SuppressedOff:
			off++
		case SuppressedIgnore:
			ignored++
		case SuppressedBaseline:
			known++
		}
	}
	return off, ignored, known
}

func legacyHasPolicy(s *Summary) bool {
	return s.Policy != nil || len(s.Suppressed) > 0
}

func legacySuppressedByUnit(s *Summary) [][]Suppressed {
	out := make([][]Suppressed, len(s.Units))
	for _, f := range s.Suppressed {
		if f.Unit >= 0 && f.Unit < len(out) {
			out[f.Unit] = append(out[f.Unit], f)
		}
	}
	return out
}

func legacyWritePolicyText(bw *bufio.Writer, s *Summary) {
	if !legacyHasPolicy(s) {
		return
	}
	show := s.Policy != nil && s.Policy.ShowSuppressed
	if show && len(s.Suppressed) > 0 {
		fmt.Fprintln(bw, "Suppressed by the policy:")
		for i, fs := range legacySuppressedByUnit(s) {
			if len(fs) == 0 {
				continue
			}
			fmt.Fprintln(bw, oneLine(s.Units[i].heading()))
			for _, f := range fs {
				fmt.Fprintf(bw, "  %s\n", f.line())
			}
		}
		for _, f := range s.Suppressed {
			if f.Unit < 0 || f.Unit >= len(s.Units) {
				fmt.Fprintf(bw, "  %s\n", f.line())
			}
		}
	}
	if p := s.Policy; p != nil {
		for _, n := range p.Expired {
			fmt.Fprintf(bw, "%s: %s\n", notePlace(n), oneLine(n.Message))
		}
	}
	off, ignored, known := legacySuppressedCounts(s)
	if s.Policy != nil && s.Policy.Baseline != "" || known > 0 {
		fmt.Fprintf(bw, "%d known %s (baseline)\n", known, plural(known, "finding", "findings"))
	}
	if off+ignored > 0 {
		hint := ""
		if !show {
			hint = "; --show-ignored lists them"
		}
		fmt.Fprintf(bw, "%d suppressed by the policy: %d rule off, %d ignored%s\n", off+ignored, off, ignored, hint)
	}
	if p := s.Policy; p != nil && len(p.Gone) > 0 {
		what := "--prune-baseline removes them"
		if p.Pruned {
			what = "removed from " + p.Baseline
		}
		fmt.Fprintf(bw, "%d baseline %s no longer %s (%s):\n", len(p.Gone),
			plural(len(p.Gone), "entry", "entries"), plural(len(p.Gone), "occurs", "occur"), what)
		for _, g := range p.Gone {
			fmt.Fprintf(bw, "  %s\n", oneLine(g))
		}
	}
}

func legacySuppressedCountsLine(s *Summary) string {
	off, ignored, known := legacySuppressedCounts(s)
	return fmt.Sprintf("%d suppressed by the policy: %d rule off, %d ignored, %d known (baseline)", off+ignored+known, off, ignored, known)
}

func legacyWritePolicyGitHub(bw *bufio.Writer, s *Summary) {
	if !legacyHasPolicy(s) {
		return
	}
	if p := s.Policy; p != nil {
		for _, n := range p.Expired {
			fmt.Fprintf(bw, "::warning %s::%s\n", ghProps(n.File, n.Line, "expired ignore"), ghData(n.Message))
		}
		if p.ShowSuppressed {
			for _, f := range s.Suppressed {
				fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(f.File, f.Line, f.Rule), ghData(legacyUnitName(s, f.Finding)+f.line()))
			}
		}
		for _, g := range p.Gone {
			fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(p.Baseline, 0, "baseline entry no longer occurs"), ghData(g))
		}
	}
	var b strings.Builder
	tmp := bufio.NewWriter(&b)
	sub := *s
	if sub.Policy != nil {
		cp := *sub.Policy
		cp.Expired, cp.Gone, cp.ShowSuppressed = nil, nil, false
		sub.Policy = &cp
	}
	legacyWritePolicyText(tmp, &sub)
	tmp.Flush()
	bw.WriteString(b.String())
}

func legacyCounts(s *Summary) (errors, warnings int) {
	for _, f := range s.Findings {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

func legacyByUnit(s *Summary) [][]Finding {
	out := make([][]Finding, len(s.Units))
	for _, f := range s.Findings {
		if f.Unit >= 0 && f.Unit < len(out) {
			out[f.Unit] = append(out[f.Unit], f)
		}
	}
	return out
}

func legacyRuleIDs(s *Summary) []string {
	seen := map[string]bool{}
	var ids []string
	for _, f := range s.Findings {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	for _, f := range s.Suppressed {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	return ids
}

func legacyCountLine(s *Summary) string {
	errs, warns := legacyCounts(s)
	tail := countNoun(errs, "error", "errors") + ", " + countNoun(warns, "warning", "warnings")
	if s.subject() == Spec {
		return fmt.Sprintf("%s: %s", countNoun(len(s.Findings), "problem", "problems"), tail)
	}
	parts := []string{fmt.Sprintf("%d validated", s.Validated)}
	if s.Unanswered > 0 {
		parts[0] += fmt.Sprintf(" (%d without an answer)", s.Unanswered)
	}
	if s.OutOfScope > 0 {
		parts = append(parts, fmt.Sprintf("%d outside /account (%s)", s.OutOfScope, counts.List(s.OutOfScopeCalls)))
	}
	if s.Skipped > 0 {
		p := countNoun(s.Skipped, "other host", "other hosts")
		if len(s.OtherHosts) > 0 {
			p += " (" + counts.List(s.OtherHosts) + ")"
		}
		parts = append(parts, p)
	}
	if n := s.unread(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d unreadable", n))
	}
	return fmt.Sprintf("%s: %s: %s", countNoun(s.Entries, "entry", "entries"), strings.Join(parts, ", "), tail)
}
