package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/report"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

// Output says how [WriteReport] writes.
type Output struct {
	// Format is one of report.Formats: text, json, junit, github or sarif.
	// "" means text.
	Format string
	// Verbose lists every check in text (one line each); without it text
	// shows only the causes of failures, the reasons for skips and the
	// summary. The CLI turns it on when stdout is not a terminal (a CI
	// log keeps every check), off on a terminal, unless -v says.
	Verbose bool
	// Color marks FAIL, SKIP, PASS and the summary line with ANSI colours
	// (text only). The CLI turns it on as for its other reports: on a
	// terminal unless NO_COLOR is set, or as --color says.
	Color bool
	// Wall is the run's duration, shown in the summary.
	Wall time.Duration
	// Version is the tool's version, for SARIF.
	Version string
	// SpecFile is the path github and sarif give for the contract, where
	// each cause is placed on the line of the rule, schema member or
	// operation it is about. "" means the file the report's Spec was
	// loaded from, or ShippedSpecPath for the embedded spec.
	SpecFile string
	// BaseDir, when set, is the absolute directory relative SpecFile
	// paths start from (SARIF's SRCROOT), as for validate's reports.
	BaseDir string
}

// maxListed bounds the check names a text report (and a SARIF or GitHub
// message) lists per cause or skip reason: a few show what kind of check
// met it, "and N more" the rest. JSON lists them all.
const maxListed = 3

// listNames is the first maxListed names, then "and N more".
func listNames(names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(names)-maxListed)
}

// statusStyle is the colour of a check's status.
func statusStyle(status string) string {
	switch status {
	case StatusFail:
		return ansi.Red
	case StatusPass:
		return ansi.Green
	}
	return ansi.Yellow
}

// WriteReport writes a run's outcome. Failures are grouped by cause
// ([Groups]): each cause is shown once, with its count, the checks that
// met it and one exchange (the bodies as [CheckError] summarises them,
// without secrets). Skipped checks are grouped by reason, which names the
// flag that would run them. A table gives pass, fail and skip per category.
// github and sarif use package report's writers, one finding per cause.
func WriteReport(w io.Writer, rep *Report, o Output) error {
	switch o.Format {
	case "", report.FormatText:
		return writeText(w, rep, o)
	case report.FormatJSON:
		return writeJSON(w, rep, o)
	case report.FormatJUnit:
		return writeJUnit(w, rep, o)
	case report.FormatGitHub, report.FormatSARIF:
		if err := report.Write(w, o.Format, summary(rep, o)); err != nil {
			return err
		}
		if o.Format == report.FormatGitHub {
			var b strings.Builder
			writeTable(&b, rep, o)
			_, err := io.WriteString(w, b.String())
			return err
		}
		return nil
	}
	return &report.FormatError{Format: o.Format}
}

func writeText(w io.Writer, rep *Report, o Output) error {
	var b strings.Builder
	if o.Verbose {
		for _, r := range rep.Results {
			fmt.Fprintf(&b, "%s  %s", ansi.Paint(o.Color, statusStyle(r.Status), fmt.Sprintf("%-4s", strings.ToUpper(r.Status))), r.Check)
			if r.Reason != "" {
				fmt.Fprintf(&b, "  (%s)", r.Reason)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	groups := Groups(rep.Results)
	for i, g := range groups {
		writeGroup(&b, i+1, g, o.Color)
	}
	writeSkips(&b, rep.Results, o.Verbose, o.Color)
	writeTable(&b, rep, o)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeGroup writes one cause: a heading, the checks, one example.
func writeGroup(b *strings.Builder, n int, g Group, color bool) {
	head := g.heading()
	fmt.Fprintf(b, "%s %s [%s]\n", ansi.Paint(color, ansi.Bold+ansi.Red, fmt.Sprintf("FAIL %d.", n)), head, g.Rule)
	what := fmt.Sprintf("%d check", len(g.Checks))
	if len(g.Checks) != 1 {
		what += "s"
	}
	if g.Count != len(g.Checks) {
		what += fmt.Sprintf(", %d failures", g.Count)
	}
	fmt.Fprintf(b, "   %s: %s\n", what, listNames(g.Checks))
	if len(g.Calls) > 0 {
		fmt.Fprintf(b, "   calls: %s\n", strings.Join(g.Calls, ", "))
	}
	e := g.Example
	fmt.Fprintf(b, "   first seen in %s: %s\n", e.Check, e.Msg)
	if e.Sent != "" {
		fmt.Fprintf(b, "   sent: %s\n", e.Sent)
	}
	if e.Got != "" {
		fmt.Fprintf(b, "   got:  %s\n", e.Got)
	}
	b.WriteString("\n")
}

// heading is every cause of the group: "/balances: ...; /statuses: ...".
func (g Group) heading() string {
	var parts []string
	for i, c := range g.Causes {
		if p := g.Pointers[i]; p != "" {
			c = p + ": " + c
		}
		parts = append(parts, c)
	}
	return strings.Join(parts, "; ")
}

// writeSkips writes the skipped checks grouped by reason.
func writeSkips(b *strings.Builder, res []Result, verbose, color bool) {
	var reasons []string
	by := map[string][]string{}
	for _, r := range res {
		if r.Status != StatusSkip {
			continue
		}
		if by[r.Reason] == nil {
			reasons = append(reasons, r.Reason)
		}
		by[r.Reason] = append(by[r.Reason], r.Check)
	}
	for _, why := range reasons {
		checks := by[why]
		fmt.Fprintf(b, "%s %d %s: %s\n", ansi.Paint(color, ansi.Yellow, "SKIP"), len(checks), plural(len(checks), "check", "checks"), why)
		if !verbose { // -v listed each check already
			fmt.Fprintf(b, "   %s\n", listNames(checks))
		}
	}
	if len(reasons) > 0 {
		b.WriteString("\n")
	}
}

// writeTable writes the per-category table and the totals.
func writeTable(b *strings.Builder, rep *Report, o Output) {
	total, by := Tallies(rep.Results)
	fmt.Fprintf(b, "%-10s %5s %5s %5s\n", "category", "pass", "fail", "skip")
	for _, cat := range Categories() {
		if t := by[cat]; t != nil {
			fmt.Fprintf(b, "%-10s %5d %5d %5d\n", cat, t.Pass, t.Fail, t.Skip)
		}
	}
	fmt.Fprintf(b, "%-10s %5d %5d %5d\n", "total", total.Pass, total.Fail, total.Skip)
	groups := Groups(rep.Results)
	var line strings.Builder
	fmt.Fprintf(&line, "%d %s: %d passed, %d failed (%d %s), %d skipped", len(rep.Results), plural(len(rep.Results), "check", "checks"), total.Pass, total.Fail,
		len(groups), plural(len(groups), "cause", "causes"), total.Skip)
	if total.Known > 0 {
		fmt.Fprintf(&line, ", %d known (accepted by the policy or baseline)", total.Known)
	}
	if rep.Baseline != nil {
		fmt.Fprintf(&line, "; %s", rep.Baseline.text())
	}
	if o.Wall > 0 {
		fmt.Fprintf(&line, " in %s", o.Wall.Round(time.Millisecond))
	}
	fmt.Fprintf(&line, "; run %s created %d %s", rep.RunID, rep.Created, plural(rep.Created, "account", "accounts"))
	if len(rep.Left) > 0 {
		fmt.Fprintf(&line, ", %d left", len(rep.Left))
	} else if rep.Created > 0 {
		line.WriteString(", all deleted")
	}
	style := ansi.Green
	switch {
	case total.Fail > 0:
		style = ansi.Red
	case total.Pass == 0:
		style = ansi.Yellow // nothing was checked
	}
	fmt.Fprintf(b, "\n%s\n", ansi.Paint(o.Color, style, line.String()))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type jsonReport struct {
	RunID    string               `json:"run_id"`
	Checks   []jsonCheck          `json:"checks"`
	Causes   []jsonGroup          `json:"causes"`
	Summary  jsonSummary          `json:"summary"`
	Baseline *report.BaselineJSON `json:"baseline,omitempty"`
	Accounts struct {
		Created int     `json:"created"`
		Left    []int64 `json:"left"`
	} `json:"accounts"`
}

type jsonCheck struct {
	Check      string        `json:"check"`
	Category   string        `json:"category"`
	Status     string        `json:"status"`
	Reason     string        `json:"reason,omitempty"`
	DurationMS float64       `json:"duration_ms"`
	Failures   []jsonFailure `json:"failures,omitempty"`
	// Exchanges are the distinct requests and answers the check's failures
	// show, each once, in the order first met (several failures of one
	// answer share it): at most maxExchangesJSON, MoreExchanges counts
	// the rest.
	Exchanges     []jsonExchange `json:"exchanges,omitempty"`
	MoreExchanges int            `json:"more_exchanges,omitempty"`
}

type jsonFailure struct {
	Rule    string `json:"rule"`
	Pointer string `json:"pointer,omitempty"`
	Cause   string `json:"cause"`
	Call    string `json:"call,omitempty"`
	Msg     string `json:"message"`
	// Exchange is the index in the check's Exchanges of what this failure
	// sent and got; absent when it shows no exchange or its exchange is
	// past the bound.
	Exchange *int `json:"exchange,omitempty"`
}

// jsonExchange is a check's request and its answer, as [CheckError]
// summarises them (through the shared redaction), each cut to
// maxExchangeJSON runes: a tool reading the JSON sees what each check sent
// and got, not only the example of its cause. The sent starts with the
// method and path; the failures pointing at it name the call.
type jsonExchange struct {
	Sent string `json:"sent,omitempty"`
	Got  string `json:"got,omitempty"`
}

// maxExchangeJSON bounds the sent and got of one exchange in JSON, in
// runes (the example of a cause keeps the summary's own bound), and
// maxExchangesJSON the exchanges listed per check: a run of 200 failing
// checks stays in the hundreds of kilobytes however many times each fails.
const (
	maxExchangeJSON  = 400
	maxExchangesJSON = 5
)

// exchangeJSON is a summary for the JSON report, bounded. It was built
// through internal/redact (see [CheckError]: the Authorization value, the
// target's tokens in every encoding, every secret member and any
// credential a string shows are masked before anything is cut), so it is
// only cut here.
func exchangeJSON(s string) string {
	return cut(s, maxExchangeJSON)
}

// exchangeBlock is one exchange of a check (a request and its answer, as
// shown) with the failures that were found in it, in order.
type exchangeBlock struct {
	call, sent, got string
	fails           []*CheckError
}

// shows reports whether the block has a request or an answer to show.
func (b *exchangeBlock) shows() bool { return b.sent != "" || b.got != "" }

// exchangeBlocks gathers a check's failures by the exchange they show,
// through show (a cut, or the identity), in the order each exchange was
// first met: a check that finds 80 faults in one answer shows that answer
// once. Failures that show no request or answer are gathered by call.
func exchangeBlocks(fails []*CheckError, show func(string) string) []*exchangeBlock {
	type key struct{ call, sent, got string }
	var out []*exchangeBlock
	index := map[key]*exchangeBlock{}
	for _, f := range fails {
		k := key{sent: show(f.Sent), got: show(f.Got)}
		if k.sent == "" && k.got == "" {
			k.call = f.Call
		}
		b := index[k]
		if b == nil {
			b = &exchangeBlock{call: f.Call, sent: k.sent, got: k.got}
			index[k] = b
			out = append(out, b)
		}
		b.fails = append(b.fails, f)
	}
	return out
}

type jsonGroup struct {
	Rule       string   `json:"rule"`
	Pointer    string   `json:"pointer,omitempty"`
	Cause      string   `json:"cause"`
	Pointers   []string `json:"pointers"`
	Causes     []string `json:"causes"`
	Count      int      `json:"count"`
	Checks     []string `json:"checks"`
	Categories []string `json:"categories"`
	Calls      []string `json:"calls,omitempty"`
	Example    struct {
		Check string `json:"check"`
		Msg   string `json:"message"`
		Sent  string `json:"sent,omitempty"`
		Got   string `json:"got,omitempty"`
	} `json:"example"`
}

type jsonSummary struct {
	Tally
	Causes     int               `json:"causes"`
	ByCategory map[string]*Tally `json:"by_category"`
	WallMS     float64           `json:"wall_ms"`
}

func writeJSON(w io.Writer, rep *Report, o Output) error {
	out := jsonReport{RunID: rep.RunID, Checks: []jsonCheck{}, Causes: []jsonGroup{}}
	for _, r := range rep.Results {
		c := jsonCheck{Check: r.Check, Category: r.Category, Status: r.Status, Reason: r.Reason, DurationMS: ms(r.Duration)}
		at := map[*CheckError]int{}
		for _, b := range exchangeBlocks(r.Failures, exchangeJSON) {
			if !b.shows() {
				continue
			}
			if len(c.Exchanges) == maxExchangesJSON {
				c.MoreExchanges++
				continue
			}
			for _, f := range b.fails {
				at[f] = len(c.Exchanges)
			}
			c.Exchanges = append(c.Exchanges, jsonExchange{Sent: b.sent, Got: b.got})
		}
		for _, f := range r.Failures {
			jf := jsonFailure{Rule: f.Rule, Pointer: f.Pointer, Cause: f.Cause, Call: f.Call, Msg: f.Msg}
			if i, ok := at[f]; ok {
				jf.Exchange = &i
			}
			c.Failures = append(c.Failures, jf)
		}
		out.Checks = append(out.Checks, c)
	}
	for _, g := range Groups(rep.Results) {
		jg := jsonGroup{Rule: g.Rule, Pointer: g.Pointer, Cause: g.Cause, Pointers: g.Pointers, Causes: g.Causes, Count: g.Count, Checks: g.Checks, Categories: g.Categories, Calls: g.Calls}
		jg.Example.Check, jg.Example.Msg, jg.Example.Sent, jg.Example.Got = g.Example.Check, g.Example.Msg, g.Example.Sent, g.Example.Got
		out.Causes = append(out.Causes, jg)
	}
	out.Summary.Tally, out.Summary.ByCategory = Tallies(rep.Results)
	out.Summary.Causes, out.Summary.WallMS = len(out.Causes), ms(o.Wall)
	out.Accounts.Created, out.Accounts.Left = rep.Created, rep.Left
	if out.Accounts.Left == nil {
		out.Accounts.Left = []int64{}
	}
	if b := rep.Baseline; b != nil {
		out.Baseline = &report.BaselineJSON{File: b.File, Known: b.Known, Gone: len(b.Gone), GoneEntries: b.Gone, Pruned: b.Pruned}
		if out.Baseline.GoneEntries == nil {
			out.Baseline.GoneEntries = []string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type junitCase struct {
	Class   string        `xml:"classname,attr"`
	Name    string        `xml:"name,attr"`
	Time    string        `xml:"time,attr"`
	Failure *junitMessage `xml:"failure,omitempty"`
	Skipped *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, rep *Report, o Output) error {
	type suite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	total, _ := Tallies(rep.Results)
	s := suite{Name: "wepaykit conformance", Tests: len(rep.Results), Failures: total.Fail, Skipped: total.Skip, Time: seconds(o.Wall)}
	for _, r := range rep.Results {
		c := junitCase{Class: "conformance." + r.Category, Name: r.Check, Time: seconds(r.Duration)}
		switch r.Status {
		case StatusFail:
			c.Failure = &junitMessage{Message: r.Reason, Type: r.Failures[0].Rule, Text: failureText(r.Failures)}
		case StatusSkip, StatusKnown:
			c.Skipped = &junitMessage{Message: r.Reason}
		}
		s.Cases = append(s.Cases, c)
	}
	doc := struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []suite  `xml:"testsuite"`
	}{Suites: []suite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// maxExchangesJUnit bounds the exchanges whose sent and got a JUnit test
// case shows: a check that fails in many answers (an enum check sends one
// request per value) shows the first few in full, and of the rest each
// distinct failure message once, with the number of exchanges it was
// found in.
const maxExchangesJUnit = 3

// failureText is the text of a failing check's JUnit test case: the
// failures gathered by the exchange they were found in, each exchange's
// call, sent and got once. Past the first maxExchangesJUnit exchanges
// every failure's message is still there, but each distinct one once,
// counted, without the bodies.
func failureText(fails []*CheckError) string {
	var b strings.Builder
	shown := 0
	var rest []*exchangeBlock
	for _, blk := range exchangeBlocks(fails, func(s string) string { return s }) {
		if blk.shows() && shown == maxExchangesJUnit {
			rest = append(rest, blk)
			continue
		}
		for _, f := range blk.fails {
			fmt.Fprintf(&b, "%s\n", f.Msg)
		}
		if blk.call != "" {
			fmt.Fprintf(&b, "\tcall: %s\n", blk.call)
		}
		if blk.shows() {
			shown++
			if blk.sent != "" {
				fmt.Fprintf(&b, "\tsent: %s\n", blk.sent)
			}
			if blk.got != "" {
				fmt.Fprintf(&b, "\tgot:  %s\n", blk.got)
			}
		}
		b.WriteString("\n")
	}
	if len(rest) > 0 {
		var msgs, calls []string
		in := map[string]int{} // a message: the exchanges it was found in
		for _, blk := range rest {
			calls = appendNew(calls, blk.call)
			seen := map[string]bool{}
			for _, f := range blk.fails {
				if in[f.Msg] == 0 {
					msgs = append(msgs, f.Msg)
				}
				if !seen[f.Msg] {
					seen[f.Msg] = true
					in[f.Msg]++
				}
			}
		}
		fmt.Fprintf(&b, "%d more %s (%s), whose sent and got are left out (a test case shows its first %d; --format json lists %d per check):\n",
			len(rest), plural(len(rest), "exchange", "exchanges"), strings.Join(calls, ", "), maxExchangesJUnit, maxExchangesJSON)
		for _, m := range msgs {
			fmt.Fprintf(&b, "%s", m)
			if len(rest) > 1 {
				fmt.Fprintf(&b, " (in %d of them)", in[m])
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// ruleSummary describes one of the suite's own rules, for SARIF.
func ruleSummary(id string) (string, bool) {
	switch id {
	case RuleAccepted:
		return "A request the contract refuses was answered 200.", true
	case RuleRefused:
		return "A valid request was refused.", true
	case RuleStatus:
		return "A refusal came with another HTTP status than the contract's.", true
	case RuleErrorBody:
		return "A refusal lacks WePay's error body (error, error_description, error_code).", true
	case RuleErrorCode:
		return "A refusal came with another error or error_code than the contract's.", true
	case RuleDetails:
		return "The error's details do not name the member at fault.", true
	case RuleCallMissing:
		return "The target does not offer a call of the contract.", true
	case RuleNoAnswer:
		return "A request got no answer.", true
	case RuleState:
		return "An account is in another state than its history makes it.", true
	case RuleFind:
		return "/account/find lists other accounts, or in another order, than the contract's.", true
	case RuleDriver:
		return "The state driver's change went otherwise than the contract's state table says.", true
	case RuleCheck:
		return "A check's expectation was not met.", true
	}
	return "", false
}

// summary turns a run into a report.Summary: a unit per check, a finding
// per cause (on the unit of the first check that met it).
func summary(rep *Report, o Output) *report.Summary {
	pl := newPlacer(rep.Spec, o.SpecFile)
	s := &report.Summary{Version: o.Version, Subject: report.Spec, Rules: map[string]report.Rule{}, BaseDir: o.BaseDir}
	if b := rep.Baseline; b != nil {
		// SARIF marks the failures new against it and lists the gone
		// entries; GitHub shows them as notices.
		s.Policy = &report.PolicyInfo{Baseline: b.File, Known: b.Known, Gone: b.Gone, Pruned: b.Pruned}
	}
	unit := map[string]int{}
	for i, r := range rep.Results {
		unit[r.Check] = i
		u := report.Unit{Entry: -1, Name: r.Check}
		if r.Status == StatusSkip || r.Status == StatusKnown {
			u.Skipped = r.Reason
		}
		s.Units = append(s.Units, u)
	}
	for _, g := range Groups(rep.Results) {
		msg := g.heading()
		msg += fmt.Sprintf(" (%d %s: %s)", len(g.Checks), plural(len(g.Checks), "check", "checks"), listNames(g.Checks))
		f := report.Finding{Unit: unit[g.Checks[0]], Entry: -1, Rule: g.Rule, Severity: report.Error, Message: msg,
			File: pl.file, Line: pl.line(g)}
		if len(g.Calls) > 0 && strings.HasPrefix(g.Calls[0], "/") {
			f.Operation = g.Calls[0]
		}
		s.Findings = append(s.Findings, f)
		if d, ok := ruleSummary(g.Rule); ok {
			s.Rules[g.Rule] = report.Rule{Summary: d}
		}
	}
	s.Suppressed = knownFindings(rep.Results, unit, pl)
	for _, k := range s.Suppressed {
		if d, ok := ruleSummary(k.Finding.Rule); ok {
			s.Rules[k.Finding.Rule] = report.Rule{Summary: d}
		}
	}
	return s
}

// knownFindings are the failures of the checks the policy accepted
// (StatusKnown), one per failure, with what accepted them: SARIF writes
// them as suppressed results, so that code scanning shows them as
// dismissed instead of never knowing them.
func knownFindings(results []Result, unit map[string]int, pl *placer) []report.Suppressed {
	var out []report.Suppressed
	for _, r := range results {
		if r.Status != StatusKnown {
			continue
		}
		fails := r.Failures
		if len(fails) == 0 {
			fails = []*CheckError{{Check: r.Check, Category: r.Category, Rule: RuleCheck, Msg: r.Reason}}
		}
		for _, ce := range fails {
			g := Group{Rule: ce.Rule, Pointer: ce.Pointer, Cause: ce.Cause, Example: ce}
			f := report.Finding{Unit: unit[r.Check], Entry: -1, Rule: ce.Rule, Severity: report.Error,
				Message: r.Check + ": " + ce.Msg, File: pl.file, Pointer: ce.Pointer}
			if strings.HasPrefix(ce.Call, "/") {
				f.Operation, g.Calls = ce.Call, []string{ce.Call}
			}
			f.Line = pl.line(g)
			out = append(out, report.Suppressed{Finding: f, Kind: string(r.Accepted), Reason: r.Reason})
		}
	}
	return out
}
