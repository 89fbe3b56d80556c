package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// validateFlags are the flags of wepaykit validate.
type validateFlags struct {
	reportFlags
	policyFlags
	strict   bool
	env      string
	maxBody  sizeValue
	hosts    []string
	quiet    bool
	workers  int
	op       string
	request  string
	response string
	coverage string // --coverage: where the coverage JSON goes
	traffic  trafficFlags
}

func newValidateCmd(e *env) *cobra.Command {
	f := &validateFlags{maxBody: validate.DefaultMaxBody}
	c := &cobra.Command{
		Use:   "validate [flags] FILE...",
		Short: "validate recorded traffic, or one request or response body",
		Long: `Validates recorded WePay v2 /account traffic against wepaykit's contract.

A FILE is a recording: HAR 1.2, a go-vcr cassette (version 1 or 2), a Ruby
VCR cassette (YAML or JSON; also VCR 1's list of
!ruby/struct:VCR::HTTPInteraction), a vcrpy cassette or JSON lines, told
from the content; a directory, whose files are taken when their content is a
recording (the others are listed as not read; dot files are left out); or -
for standard input. --exclude patterns leave out named paths and paths found
in a directory alike.

Scope: /account calls are validated. Other WePay v2 calls (/checkout,
/oauth2, /user, ...) are counted as outside /account, without findings
(--scope all reports them as route-unknown); entries sent to hosts other
than wepayapi.com, stage.wepayapi.com and those of --host are counted as
other hosts. A run that validates nothing exits 2 and says why, unless
--allow-empty. Account state changes are checked within each recording,
in time order (--state-across-files: across all of them).

With --op, validates bare JSON bodies of one call instead: the request body
(--request), the success answer's body (--response) or both; FILE may be -.`,
		Example: `  wepaykit validate recordings/
  wepaykit validate -f sarif=wepaykit.sarif -f github --fail-on warning session.har
  wepaykit validate --op /account/create --request body.json`,
		Annotations: map[string]string{annExitCodes: exitCodesHelp + `, damaged entries, or a run that
     validated nothing (unless --allow-empty)`},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := f.policyFlags.load()
			if err != nil {
				return err
			}
			if err := f.fromPolicy(cmd.Flags(), pol); err != nil {
				return err
			}
			return e.runValidate(cmd.Context(), f, pol, args)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	f.reportFlags.register(fl)
	fl.BoolVar(&f.strict, "strict", false, "report fields the contract does not list as errors, not warnings")
	fl.StringVar(&f.env, "env", "auto", "WePay `environment`: auto (told from each request's host), stage or production")
	fl.Var(&f.maxBody, "max-body", "largest body `size` validated, in bytes or with a unit such as 10MiB; a larger body is a finding")
	fl.StringArrayVar(&f.hosts, "host", nil, "also validate traffic to this `host` (repeatable), such as localhost:8080")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no progress line on stderr")
	fl.IntVar(&f.workers, "workers", 0, "`number` of exchanges validated at once (0: one per CPU)")
	f.traffic.register(fl)
	fl.StringVar(&f.op, "op", "", "validate bodies of this `operation`, such as /account/create, instead of recordings")
	fl.StringVar(&f.request, "request", "", "with --op: the request body `file` (- for stdin)")
	fl.StringVar(&f.response, "response", "", "with --op: the success answer's body `file` (- for stdin)")
	f.policyFlags.register(fl)
	fl.StringVar(&f.coverage, "coverage", "", "also write the contract coverage of the run, as JSON, to `file` (see wepaykit coverage)")
	_ = c.RegisterFlagCompletionFunc("op", completeOperations)
	_ = c.RegisterFlagCompletionFunc("scope", cobra.FixedCompletions([]string{string(validate.ScopeAccount), string(validate.ScopeAll)}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("env", cobra.FixedCompletions([]string{"auto", "stage", "production"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{report.Error, report.Warning}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.Formats(), cobra.ShellCompDirectiveNoFileComp))
	return c
}

// completeOperations completes an operation name.
func completeOperations(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return spec.OperationPaths(), cobra.ShellCompDirectiveNoFileComp
}

func (e *env) runValidate(ctx context.Context, f *validateFlags, pol *policy.Policy, files []string) error {
	outs, err := f.outputs()
	if err != nil {
		return err
	}
	if err := f.policyFlags.check(); err != nil {
		return err
	}
	if f.workers < 0 {
		return usageErrorf("--workers must be 0 or more")
	}
	for _, h := range f.hosts {
		if strings.TrimSpace(h) == "" {
			return usageErrorf("--host needs a host name, optionally with a port")
		}
	}
	if f.coverage != "" && (f.op != "" || f.request != "" || f.response != "") {
		return usageErrorf("--coverage measures recordings; it does not go with --op")
	}
	// The policy's settings were copied to the flags (fromPolicy); the
	// flags, given after it, win.
	v, err := newValidator(pol, f.strict, f.env, int64(f.maxBody))
	if err != nil {
		return err
	}
	var col *coverage.Collector
	if f.coverage != "" {
		if col, err = coverage.New(coverage.WithSpec(v.Spec())); err != nil {
			return inputErrorf("%v", err)
		}
		v = v.WithCollector(col)
	}
	if f.op != "" || f.request != "" || f.response != "" {
		return e.runBodies(v, f, outs, files)
	}
	if len(files) == 0 {
		return usageErrorf("no FILE given")
	}
	scope, err := validate.ParseScope(f.traffic.scope)
	if err != nil {
		return usageErrorf("unknown --scope %q (want account or all)", f.traffic.scope)
	}
	set, err := audit.Inputs(files, audit.InputOptions{Stdin: e.stdin, Exclude: f.traffic.exclude, AllowEmpty: f.traffic.allowEmpty})
	if err != nil {
		return inputErrorf("%v", err)
	}
	inputs, names := set.Inputs, set.Names()
	baseline, baselineFile, err := f.policyFlags.readBaseline(pol, "", "validate")
	if err != nil {
		return err
	}
	// The findings (and the exchanges JUnit lists) go to temporary files
	// as they are found, and the reports read them from there, so that
	// memory does not grow with them; --write-baseline reads every
	// finding into the baseline, so it keeps them in memory.
	opts := audit.Options{Hosts: f.hosts, MaxBody: int64(f.maxBody), Workers: f.workers, KeepExchanges: wantsExchanges(outs),
		Policy: pol, Baseline: baseline, Scope: scope, StateAcrossFiles: f.traffic.acrossFiles, Spool: f.writeBaseline == ""}
	// Each read error is printed once: in the report when one goes to
	// stdout (stderr then gets a count per file), else on stderr.
	res, err := e.runAuditErrs(ctx, "validate", v, inputs, opts, f.quiet, toStdout(outs))
	if err != nil {
		return err
	}
	defer res.Close()
	s := trafficSummary(res, names, v, opts.KeepExchanges)
	for _, sk := range set.Skipped {
		s.Ignored = append(s.Ignored, report.Ignored{File: sk.Path, Reason: sk.Reason})
	}
	empty := res.NothingValidated()
	if empty != "" && !f.traffic.allowEmpty {
		s.Empty = empty + " (--allow-empty accepts a run that validates nothing)"
		fmt.Fprintf(e.stderr, "wepaykit validate: nothing validated: %s\n", s.Empty)
	}
	if err := e.finishTrafficPolicy(f, pol, s, res, baselineFile); err != nil {
		return err
	}
	if err := e.writeReports(outs, s); err != nil {
		return err
	}
	if col != nil {
		if err := col.WriteFile(f.coverage); err != nil {
			return inputErrorf("%v", strings.TrimPrefix(err.Error(), "coverage: "))
		}
	}
	// A damaged entry is input that cannot be read: the rest of the file
	// is still validated and reported, but the run exits 2. So is a run
	// that validated nothing: it checked nothing.
	if res.Fatal() || res.Damaged() || s.Empty != "" {
		return exitWith(exitUsage)
	}
	code := exitFor(s, f.failOn)
	if err := res.Err(); err != nil { // the spool could not be read back
		return inputErrorf("%v", err)
	}
	return exitWith(code)
}

// wantsExchanges reports whether a report format lists every exchange (one
// JUnit test case each), not only those with findings.
func wantsExchanges(outs []output) bool {
	for _, o := range outs {
		if o.format == report.FormatJUnit {
			return true
		}
	}
	return false
}

// readErrorText describes a read error: the file and, where known, the
// entry and line.
func readErrorText(err error) string {
	var oe *audit.OpenError
	if errors.As(err, &oe) {
		msg := oe.Err.Error()
		var pe *fs.PathError
		if errors.As(oe.Err, &pe) {
			msg = pe.Err.Error()
		}
		return fmt.Sprintf("cannot read %s: %s", oe.File, msg)
	}
	var ee *traffic.EntryError
	if errors.As(err, &ee) {
		return strings.TrimPrefix(err.Error(), "traffic: ") + " (entry skipped)"
	}
	var fe *traffic.FileError
	if errors.As(err, &fe) {
		return "cannot read " + strings.TrimPrefix(err.Error(), "traffic: ")
	}
	return err.Error()
}

// toStdout reports whether one of the reports goes to standard output.
func toStdout(outs []output) bool {
	for _, o := range outs {
		if o.file == "" || o.file == "-" {
			return true
		}
	}
	return false
}

// readErrorPlaces names, per input, where its read errors are (file, first
// entry and line, how many), without repeating their text, which the
// report holds.
func readErrorPlaces(res *audit.Result) []string {
	type place struct {
		first   string // where the first damaged entry is
		entries int    // damaged entries
		stop    string // why reading stopped, if it did
	}
	var order []string
	by := map[string]*place{}
	for _, err := range res.Errors {
		var ee *traffic.EntryError
		var fe *traffic.FileError
		var oe *audit.OpenError
		var file string
		p := &place{}
		switch {
		case errors.As(err, &oe):
			file, p.stop = oe.File, "cannot be opened"
		case errors.As(err, &fe):
			file, p.stop = fe.File, "cannot be read"
			if fe.Line > 0 {
				p.stop = fmt.Sprintf("cannot be read past line %d", fe.Line)
			}
		case errors.As(err, &ee):
			file, p.first, p.entries = ee.File, fmt.Sprintf("entry %d (line %d)", ee.Entry, ee.Line), 1
		default:
			continue
		}
		q := by[file]
		if q == nil {
			by[file] = p
			order = append(order, file)
			continue
		}
		if q.first == "" {
			q.first = p.first
		}
		q.entries += p.entries
		if p.stop != "" {
			q.stop = p.stop
		}
	}
	var out []string
	for _, f := range order {
		p := by[f]
		var parts []string
		switch {
		case p.entries > 1:
			parts = append(parts, fmt.Sprintf("%d damaged entries, the first at %s", p.entries, p.first))
		case p.entries == 1:
			parts = append(parts, "damaged "+p.first)
		}
		if p.stop != "" {
			parts = append(parts, p.stop)
		}
		out = append(out, f+": "+strings.Join(parts, ", and it "))
	}
	if res.ErrorsDropped > 0 {
		out = append(out, fmt.Sprintf("and %d more damaged entries", res.ErrorsDropped))
	}
	return out
}
