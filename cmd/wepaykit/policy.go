package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// policyFlags are the flags of every command that takes the team policy
// (.wepaykit.yaml) and a baseline of known findings.
type policyFlags struct {
	config        string
	noConfig      bool
	baseline      string
	writeBaseline string
	pruneBaseline bool
	showIgnored   bool
}

func (p *policyFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&p.config, "config", "", "policy `file` (default: .wepaykit.yaml found by walking up from the working directory)")
	fs.BoolVar(&p.noConfig, "no-config", false, "ignore any .wepaykit.yaml")
	fs.StringVar(&p.baseline, "baseline", "", "report only findings not in this baseline `file` (default: the policy's baseline key)")
	fs.StringVar(&p.writeBaseline, "write-baseline", "", "write today's findings to this baseline `file` and accept them")
	fs.BoolVar(&p.pruneBaseline, "prune-baseline", false, "rewrite the baseline without the entries that no longer occur")
	fs.BoolVar(&p.showIgnored, "show-ignored", false, "list the findings the policy suppresses (rule off, ignored, known in the baseline)")
}

// registerConfig registers only --config and --no-config, for commands
// that take the policy's settings but keep no baseline (coverage, proxy).
func (p *policyFlags) registerConfig(fs *pflag.FlagSet) {
	fs.StringVar(&p.config, "config", "", "policy `file` (default: .wepaykit.yaml found by walking up from the working directory)")
	fs.BoolVar(&p.noConfig, "no-config", false, "ignore any .wepaykit.yaml")
}

// load reads the policy file the flags name (or finds one). It returns nil
// and no error when there is none. Rule ids are checked by checkRules once
// the command knows its checker's ids.
func (p *policyFlags) load() (*policy.Policy, error) {
	if p.noConfig && p.config != "" {
		return nil, usageErrorf("--config and --no-config exclude each other")
	}
	if p.noConfig {
		return nil, nil
	}
	path := p.config
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, inputErrorf("finding .wepaykit.yaml: %v", err)
		}
		if path, err = policy.Find(wd); err != nil {
			return nil, inputErrorf("%v", err)
		}
		if path == "" {
			return nil, nil
		}
		path = relToWD(path)
	}
	pol, err := policy.Load(path)
	if err != nil {
		return nil, inputErrorf("%v", err)
	}
	return pol, nil
}

// checkRules reports a rule id of the file that no checker knows (exit 2).
// validatorIDs are the validator's rule ids; nil reads them from the
// embedded spec.
func checkRules(pol *policy.Policy, validatorIDs []string) error {
	if len(pol.RuleIDs()) == 0 {
		return nil
	}
	ids, err := allRuleIDs(validatorIDs)
	if err != nil {
		return err
	}
	err = pol.CheckRules(ids.all())
	var ue *policy.UnknownRuleError
	if errors.As(err, &ue) {
		// The message lists the validator's and lint's own ids; the
		// change ids of lint --against and the conformance check names
		// (a thousand) are only suggested, and listed by config rules.
		ue.Listed = append(slices.Clone(ids.validator), ids.lint...)
		sort.Strings(ue.Listed)
		ue.More = fmt.Sprintf("besides %d change ids of lint --against and %d conformance check names: 'wepaykit config rules' lists every id", len(ids.changes), len(ids.checks))
	}
	if err != nil {
		return inputErrorf("%v", err)
	}
	return nil
}

// ruleIDs are the rule ids a policy file may name, by the checker that
// reports them.
type ruleIDs struct {
	validator []string // validate's built-in rules and the spec's named rules
	lint      []string // lint's checks of one document
	changes   []string // lint --against: the change checks
	checks    []string // conformance check names
}

func (r ruleIDs) all() []string {
	return slices.Concat(r.validator, r.lint, r.changes, r.checks)
}

// allRuleIDs collects the ids of every checker; validatorIDs nil reads the
// validator's from the embedded spec.
func allRuleIDs(validatorIDs []string) (ruleIDs, error) {
	var r ruleIDs
	if validatorIDs == nil {
		validatorIDs = validate.BuiltinRuleIDs()
		sp, err := spec.Load()
		if err != nil {
			return r, inputErrorf("%v", err)
		}
		for _, x := range sp.Rules() {
			validatorIDs = append(validatorIDs, x.ID)
		}
		sort.Strings(validatorIDs)
	}
	r.validator = validatorIDs
	r.lint = lintChecks()
	for _, c := range lint.Checks() {
		r.changes = append(r.changes, c.ID)
	}
	checks, err := conformance.CheckNames()
	if err != nil {
		return r, inputErrorf("%v", err)
	}
	r.checks = checks
	return r, nil
}

// relToWD shows a found policy file relative to the working directory.
func relToWD(path string) string {
	rel := policy.RelPath("", path)
	if strings.HasPrefix(rel, "/") {
		return path
	}
	return rel
}

// baselineFile is the baseline to compare with: the flag, else the
// policy's key for the command (section "" is validate's).
func (p *policyFlags) baselineFile(pol *policy.Policy, section string) string {
	if p.baseline != "" {
		return p.baseline
	}
	if pol == nil {
		return ""
	}
	switch section {
	case "lint":
		return pol.Resolve(pol.Lint.Baseline)
	case "conformance":
		return pol.Resolve(pol.Conformance.Baseline)
	}
	return pol.BaselinePath()
}

// check validates the combination of baseline flags.
func (p *policyFlags) check() error {
	switch {
	case p.writeBaseline != "" && p.pruneBaseline:
		return usageErrorf("--write-baseline and --prune-baseline exclude each other (writing replaces the whole file)")
	case p.writeBaseline != "" && p.baseline != "":
		return usageErrorf("--write-baseline and --baseline exclude each other")
	}
	return nil
}

// readBaseline reads the baseline to compare with, or nil when the run
// writes one or has none. A missing file is exit 2 with a hint.
func (p *policyFlags) readBaseline(pol *policy.Policy, section, cmd string) (*policy.Baseline, string, error) {
	if p.writeBaseline != "" {
		return nil, "", nil
	}
	file := p.baselineFile(pol, section)
	if file == "" {
		if p.pruneBaseline {
			return nil, "", usageErrorf("--prune-baseline needs a baseline (--baseline FILE or the policy's baseline key)")
		}
		return nil, "", nil
	}
	b, err := policy.ReadBaseline(file)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", inputErrorf("baseline %s does not exist; create it with 'wepaykit %s --write-baseline %s ...'", file, cmd, file)
		}
		return nil, "", inputErrorf("%v", err)
	}
	return b, file, nil
}

// expiredNotes describes the ignore entries past their date.
func expiredNotes(pol *policy.Policy) []report.Note {
	var out []report.Note
	for _, x := range pol.Expired() {
		what := x.Rule
		if what == "" {
			what = "findings"
		}
		out = append(out, report.Note{File: pol.File, Line: x.Line,
			Message: fmt.Sprintf("ignore entry for %s expired on %s and no longer applies: %s", what, x.Until, x.Reason)})
	}
	return out
}

// applyPolicy is the one place where the policy and a baseline are applied
// to a report's findings (lint and conformance; validate's recordings go
// through package audit, which does the same with each recording's path).
// It moves suppressed findings to s.Suppressed, sets the severity rule
// control gives the others and returns the baseline matcher.
func applyPolicy(s *report.Summary, pol *policy.Policy, b *policy.Baseline) *policy.Matcher {
	return applyPolicyLevels(s, pol, b, nil)
}

// applyPolicyLevels is applyPolicy where the command line's levels
// (lint --level CHECK=LEVEL) win over the policy's rules: a finding of
// such a check keeps the flag's severity, even under a rule the file turns
// off; the file's ignore entries and the baseline still accept it.
func applyPolicyLevels(s *report.Summary, pol *policy.Policy, b *policy.Baseline, flags map[string]lint.Level) *policy.Matcher {
	var m *policy.Matcher
	if b != nil {
		m = b.NewMatcher()
	}
	ignoresOnly := withoutRules(pol) // for the checks --level sets
	kept := s.Findings[:0]
	for _, f := range s.Findings {
		var v policy.Verdict
		if lv, ok := flags[f.Rule]; ok && (lv == lint.LevelError || lv == lint.LevelWarning) {
			v = policy.Judge(ignoresOnly, m, findingKey(f), string(lv))
		} else {
			v = policy.Judge(pol, m, findingKey(f), f.Severity)
		}
		f.Severity = v.Severity
		if v.Suppressed != policy.Kept {
			s.Suppressed = append(s.Suppressed, report.Suppressed{Finding: f, Kind: string(v.Suppressed), Reason: v.Reason, Source: v.Source})
			continue
		}
		kept = append(kept, f)
	}
	s.Findings = kept
	return m
}

// findingKey is a report finding's policy key: a lint problem's place in
// the spec, as a JSON pointer, is its pointer.
func findingKey(f report.Finding) policy.Key {
	ptr := f.Pointer
	if f.Where != "" {
		ptr = wherePointer(f.Where)
	}
	return policy.Key{Rule: f.Rule, Operation: f.Operation, Side: f.Side, Pointer: ptr, File: f.File}
}

// baselineOutcome is how a run compares with its baseline.
type baselineOutcome struct {
	gone   []policy.BaselineEntry
	pruned *policy.Baseline
}

func matcherOutcome(m *policy.Matcher) *baselineOutcome {
	if m == nil || m.Baseline() == nil {
		return nil
	}
	return &baselineOutcome{gone: m.Gone(), pruned: m.Pruned()}
}

// finishBaseline writes (--write-baseline: today's findings s.Findings) or
// prunes the baseline, and fills s.Policy with what the policy and the
// baseline did. incomplete says why the run did not read all its input
// ("" when it did): the baseline is then neither written nor pruned, as
// today's findings are not all known (a file that could not be read would
// lose its entries), and stderr says so.
func (e *env) finishBaseline(cmd string, p *policyFlags, pol *policy.Policy, s *report.Summary, m *baselineOutcome, file, incomplete string) error {
	info := &report.PolicyInfo{ShowSuppressed: p.showIgnored}
	if pol != nil {
		info.Config = pol.File
		info.Expired = expiredNotes(pol)
	}
	s.Policy = info
	switch {
	case p.writeBaseline != "" && incomplete != "":
		fmt.Fprintf(e.stderr, "wepaykit %s: baseline %s not written: %s; fix the input and rerun\n", cmd, p.writeBaseline, incomplete)
	case p.writeBaseline != "":
		var keys []policy.Key
		for _, f := range s.Findings {
			keys = append(keys, findingKey(f))
		}
		b := policy.NewBaseline("wepaykit "+cmd, dirOf(p.writeBaseline), keys)
		if err := b.WriteFile(p.writeBaseline); err != nil {
			return inputErrorf("%v", err)
		}
		fmt.Fprintf(e.stderr, "wepaykit %s: wrote %d known %s (%d %s) to %s\n", cmd, b.Len(), plural(b.Len(), "finding", "findings"),
			len(b.Entries), plural(len(b.Entries), "fingerprint", "fingerprints"), p.writeBaseline)
		// Today's findings are now known: the run passes on them.
		for _, f := range s.Findings {
			s.Suppressed = append(s.Suppressed, report.Suppressed{Finding: f, Kind: report.SuppressedBaseline, Reason: "in the baseline", Source: p.writeBaseline})
		}
		s.Findings = nil
		info.Baseline = p.writeBaseline
	case m != nil:
		info.Baseline = file
		for _, g := range m.gone {
			info.Gone = append(info.Gone, g.String())
		}
		if p.pruneBaseline && incomplete != "" {
			fmt.Fprintf(e.stderr, "wepaykit %s: baseline %s not pruned: %s, so entries of what was not read would be lost; fix the input and rerun\n", cmd, file, incomplete)
		} else if p.pruneBaseline {
			pr := m.pruned
			if err := pr.WriteFile(file); err != nil {
				return inputErrorf("%v", err)
			}
			info.Pruned = true
			fmt.Fprintf(e.stderr, "wepaykit %s: pruned %d %s from %s (%d known %s left)\n", cmd, len(info.Gone), plural(len(info.Gone), "entry", "entries"),
				file, pr.Len(), plural(pr.Len(), "finding", "findings"))
		}
	}
	_, _, known := s.SuppressedCounts()
	info.Known = known
	return nil
}

func dirOf(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		return file[:i+1]
	}
	return "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fromPolicy copies the policy's settings to the flags not given on the
// command line: the flags override the file.
func (f *validateFlags) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy) error {
	if pol == nil {
		return nil
	}
	f.recordingsFromPolicy(fs, pol)
	format, outs := pol.Reports("validate")
	return f.reportFlags.fromPolicy(fs, pol, pol.FailOn, format, outs)
}

// recordingsFromPolicy copies the settings of commands that read
// recordings (validate, coverage) to the flags not given on the command
// line. Flags a command does not have are never Changed: their fields are
// set and unused.
func (f *validateFlags) recordingsFromPolicy(fs *pflag.FlagSet, pol *policy.Policy) {
	if pol == nil {
		return
	}
	if !fs.Changed("host") && len(pol.Hosts) > 0 {
		f.hosts = pol.Hosts
	}
	if !fs.Changed("env") && pol.Environment != "" {
		f.env = pol.Environment
	}
	if !fs.Changed("strict") && pol.Strict != nil {
		f.strict = *pol.Strict
	}
	if !fs.Changed("max-body") && pol.MaxBody > 0 {
		f.maxBody = sizeValue(pol.MaxBody)
	}
	if !fs.Changed("workers") && pol.Workers > 0 {
		f.workers = pol.Workers
	}
	if !fs.Changed("quiet") && pol.Quiet != nil {
		f.quiet = *pol.Quiet
	}
	t := &f.traffic
	if !fs.Changed("scope") && pol.Scope != "" {
		t.scope = pol.Scope
	}
	if !fs.Changed("exclude") && len(pol.Exclude) > 0 {
		t.exclude = pol.Exclude
	}
	if !fs.Changed("allow-empty") && pol.AllowEmpty != nil {
		t.allowEmpty = *pol.AllowEmpty
	}
	if !fs.Changed("state-across-files") && pol.StateAcrossFiles != nil {
		t.acrossFiles = *pol.StateAcrossFiles
	}
}

// fromPolicy copies fail-on, format and outputs (the command's, see
// policy.Policy.Reports) from the policy to the report flags not given on
// the command line.
func (r *reportFlags) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy, failOn, format string, outputs []policy.Output) error {
	if pol == nil {
		return nil
	}
	if !fs.Changed("fail-on") && failOn != "" {
		r.failOn = failOn
	}
	if !fs.Changed("format") {
		formats, err := policyFormats(pol, "", format, outputs, report.Formats(), report.FormatText)
		if err != nil {
			return err
		}
		r.formats = append(r.formats, formats...)
	}
	return nil
}

// policyFormats turns a policy's format and outputs (under the key prefix
// "" or "coverage.") into -f values, checked against known; main goes to
// stdout when only outputs are given, so that the main report stays there.
func policyFormats(pol *policy.Policy, prefix, format string, outputs []policy.Output, known []string, main string) ([]string, error) {
	var out []string
	if format != "" {
		if !slices.Contains(known, format) {
			where := pol.File + ":"
			if prefix != "" {
				where += " " + prefix + "format:"
			}
			return nil, inputErrorf("%s unknown format %q (want %s)", where, format, strings.Join(known, ", "))
		}
		out = append(out, format)
	}
	for _, o := range outputs {
		if !slices.Contains(known, o.Format) {
			return nil, inputErrorf("%s:%d: unknown format %q under %soutputs (want %s)", pol.File, o.Line, o.Format, prefix, strings.Join(known, ", "))
		}
		if len(out) == 0 {
			out = append(out, main)
		}
		out = append(out, o.Format+"="+pol.Resolve(o.File))
	}
	return out, nil
}

// finishTrafficPolicy moves what audit suppressed into the report and
// writes or prunes the baseline.
func (e *env) finishTrafficPolicy(f *validateFlags, pol *policy.Policy, s *report.Summary, res *audit.Result, baselineFile string) error {
	if !res.Spooled() { // a spooled result's Source yields its suppressed findings
		addSuppressed(s, res)
	}
	if pol == nil && res.Baseline == nil && f.writeBaseline == "" && !f.showIgnored {
		return nil
	}
	var out *baselineOutcome
	if res.Baseline != nil {
		out = &baselineOutcome{gone: res.Baseline.Gone, pruned: res.Baseline.Pruned}
	}
	return e.finishBaseline("validate", &f.policyFlags, pol, s, out, baselineFile, incompleteRun(res, s))
}

// incompleteRun says why a validate run did not read all its input, or "":
// a file that could not be opened or read, a damaged entry, or nothing
// validated at all. Such a run exits 2, and writes no baseline.
func incompleteRun(res *audit.Result, s *report.Summary) string {
	switch {
	case res.Fatal():
		return "an input could not be read"
	case res.Damaged():
		return "an entry could not be read"
	case s.Empty != "":
		return "nothing was validated"
	}
	return ""
}

// addSuppressed adds the suppressed findings of a result held in memory
// to s, with a unit each.
func addSuppressed(s *report.Summary, res *audit.Result) {
	units := map[string]int{}
	for i, u := range s.Units {
		units[fmt.Sprintf("%s\x00%d", u.File, u.Entry)] = i
	}
	for _, x := range res.Suppressed {
		k := fmt.Sprintf("%s\x00%d", x.File, x.Entry)
		u, ok := units[k]
		if !ok {
			u = len(s.Units)
			units[k] = u
			s.Units = append(s.Units, report.Unit{File: x.File, Entry: x.Entry, Line: x.Line, Name: strings.TrimSpace(x.Method + " " + x.Operation)})
		}
		s.Suppressed = append(s.Suppressed, report.Suppressed{Finding: reportFinding(u, x.File, x.Entry, x.Line, x.Finding),
			Kind: string(x.Verdict.Suppressed), Reason: x.Verdict.Reason, Source: x.Verdict.Source})
	}
}

// conformancePolicy applies the policy and baseline to conformance
// results (known failures become conformance.StatusKnown), writes or
// prunes the baseline of failing check names, and returns how the run
// compared with the baseline (nil without one). A run that checked
// nothing (every check skipped) writes and prunes nothing: its failures
// are not known.
func (e *env) conformancePolicy(o *conformanceOptions, pol *policy.Policy, b *policy.Baseline, file string, res []conformance.Result) (*conformance.BaselineOutcome, error) {
	checked := false
	for _, r := range res {
		checked = checked || r.Status == conformance.StatusPass || r.Status == conformance.StatusFail
	}
	if o.writeBaseline != "" && !checked {
		fmt.Fprintf(e.stderr, "wepaykit conformance: baseline %s not written: every selected check was skipped, so nothing was checked\n", o.writeBaseline)
	} else if o.writeBaseline != "" {
		var keys []policy.Key
		for _, r := range res {
			if r.Status == conformance.StatusFail {
				keys = append(keys, policy.Key{Rule: r.Check})
			}
		}
		nb := policy.NewBaseline("wepaykit conformance", dirOf(o.writeBaseline), keys)
		if err := nb.WriteFile(o.writeBaseline); err != nil {
			return nil, inputErrorf("%v", err)
		}
		fmt.Fprintf(e.stderr, "wepaykit conformance: wrote %d known %s to %s\n", nb.Len(), plural(nb.Len(), "failure", "failures"), o.writeBaseline)
		b, file = nb, o.writeBaseline
	}
	for _, n := range expiredNotes(pol) {
		fmt.Fprintf(e.stderr, "wepaykit conformance: %s:%d: %s\n", n.File, n.Line, n.Message)
	}
	m := conformance.ApplyPolicy(res, pol, b)
	if b == nil {
		return nil, nil
	}
	out := conformance.NewBaselineOutcome(file, res, m)
	if o.writeBaseline != "" {
		out.Gone = nil
		return out, nil
	}
	if o.pruneBaseline && !checked {
		fmt.Fprintf(e.stderr, "wepaykit conformance: baseline %s not pruned: every selected check was skipped, so nothing was checked\n", file)
	} else if o.pruneBaseline {
		if err := out.Prune(b).WriteFile(file); err != nil {
			return nil, inputErrorf("%v", err)
		}
		out.Pruned = true
		fmt.Fprintf(e.stderr, "wepaykit conformance: pruned %d %s from %s\n", len(out.Gone), plural(len(out.Gone), "entry", "entries"), file)
	}
	return out, nil
}

// wherePointer turns lint's dotted place in a spec
// ("components.schemas.KycPhone.properties.country_code.examples[0]") into
// the JSON pointer policy patterns are written in
// ("/components/schemas/KycPhone/properties/country_code/examples/0"). A
// name holding a dot cannot be told from two names: the dotted form has
// lost that.
func wherePointer(where string) string {
	var toks []string
	for _, seg := range strings.Split(where, ".") {
		name, idx, _ := strings.Cut(seg, "[")
		if name != "" || idx == "" {
			toks = append(toks, name)
		}
		for idx != "" {
			var n string
			n, idx, _ = strings.Cut(idx, "]")
			toks = append(toks, n)
			idx = strings.TrimPrefix(idx, "[")
		}
	}
	return jsonptr.Join(toks)
}

// newValidator builds the validator of a command that judges traffic
// (validate, coverage, proxy) from the policy and the flags copied over
// it, and checks the policy's rule ids against it: an unknown --env is a
// usage error, the rest unusable input.
func newValidator(pol *policy.Policy, strict bool, env string, maxBody int64) (*validate.Validator, error) {
	v, err := validate.New(validate.WithPolicy(pol), validate.Strict(strict), validate.WithEnvironment(validate.Environment(env)), validate.WithMaxBody(maxBody))
	if err != nil {
		var oe *validate.OptionError
		if errors.As(err, &oe) && oe.Option == "environment" {
			return nil, usageErrorf("unknown --env %q (want auto, stage or production)", env)
		}
		return nil, inputErrorf("%v", err)
	}
	if err := checkRules(pol, v.RuleIDs()); err != nil {
		return nil, err
	}
	return v, nil
}

// withoutRules is pol without its rule control: its ignore entries only,
// for a check whose level the command line sets (--level). nil for nil.
func withoutRules(pol *policy.Policy) *policy.Policy {
	if pol == nil {
		return nil
	}
	noRules := *pol
	noRules.Rules = nil
	return &noRules
}
