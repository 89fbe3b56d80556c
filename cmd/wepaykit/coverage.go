package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/validate"
)

const coverageExitCodes = `  0  coverage written; every --min met
  1  a --min not met (the missing items are listed on stderr)
  2  usage error, unreadable input or coverage file, or a run that
     validated no exchange (unless --allow-empty): it measured nothing`

// coverageFlags are the output flags of wepaykit coverage and coverage merge.
type coverageFlags struct {
	formats []string // NAME or NAME=FILE
	output  string
	min     string
	all     bool
}

// fromPolicy copies the policy's coverage section (min, format, outputs)
// to the flags not given on the command line. A bad threshold or format
// is exit 2 with the file and line.
func (c *coverageFlags) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy) error {
	if pol == nil {
		return nil
	}
	if cv := pol.Coverage; !fs.Changed("min") && cv.Min != "" {
		if _, err := coverage.ParseThresholds(cv.Min); err != nil {
			return inputErrorf("%s:%d: coverage.min: %v", pol.File, cv.MinLine, strings.TrimPrefix(err.Error(), "coverage: "))
		}
		c.min = cv.Min
	}
	if fs.Changed("format") {
		return nil
	}
	format, outs := pol.Reports("coverage")
	formats, err := policyFormats(pol, "coverage.", format, outs, report.CoverageFormats(), report.CoverageText)
	if err != nil {
		return err
	}
	c.formats = append(c.formats, formats...)
	return nil
}

func (c *coverageFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVarP(&c.formats, "format", "f", nil, "coverage `format`: text, json or html; NAME=FILE writes that format to FILE (repeatable)")
	fs.StringVarP(&c.output, "output", "o", "", "write the coverage to `file` instead of standard output")
	fs.StringVar(&c.min, "min", "", "minimum percentages, such as operations=100,fields=60,transitions=50; exit 1 when one is not met")
	fs.BoolVar(&c.all, "all-missing", false, "list every missing item in text output and --min failures, not the first few")
}

func (c *coverageFlags) outputs() ([]output, []coverage.Threshold, error) {
	var ths []coverage.Threshold
	if c.min != "" {
		var err error
		if ths, err = coverage.ParseThresholds(c.min); err != nil {
			return nil, nil, usageErrorf("--min: %v", strings.TrimPrefix(err.Error(), "coverage: "))
		}
	}
	specs := c.formats
	if len(specs) == 0 {
		specs = []string{report.CoverageText}
	}
	var outs []output
	toDefault := 0
	seen := map[string]bool{}
	for _, s := range specs {
		name, file, hasFile := strings.Cut(s, "=")
		ok := false
		for _, f := range report.CoverageFormats() {
			ok = ok || f == name
		}
		if !ok {
			return nil, nil, usageErrorf("unknown --format %q (want %s, optionally =FILE)", name, strings.Join(report.CoverageFormats(), ", "))
		}
		if hasFile && file == "" {
			return nil, nil, usageErrorf("--format %s= needs a file name after '='", name)
		}
		if !hasFile {
			toDefault++
			file = c.output
		}
		if seen[file] && file != "" {
			return nil, nil, usageErrorf("two reports would be written to %s", file)
		}
		seen[file] = true
		outs = append(outs, output{format: name, file: file})
	}
	if toDefault > 1 {
		return nil, nil, usageErrorf("more than one --format without =FILE; give the others a file (--format html=coverage.html)")
	}
	return outs, ths, nil
}

// finishCoverage writes the coverage in every format and checks the
// thresholds.
func (e *env) finishCoverage(c *coverageFlags, outs []output, ths []coverage.Threshold, r *coverage.Report, findings []report.Finding) error {
	limit := 0
	if c.all {
		limit = -1
	}
	o := report.CoverageOptions{Findings: findings, MissingLimit: limit}
	for _, out := range outs {
		if out.file == "" {
			if err := report.WriteCoverage(e.stdout, out.format, r, o); err != nil {
				return inputErrorf("writing the %s coverage: %v", out.format, err)
			}
			continue
		}
		f, err := os.Create(out.file)
		if err != nil {
			return inputErrorf("cannot write %s: %v", out.file, pathErrText(err))
		}
		werr := report.WriteCoverage(f, out.format, r, o)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			return inputErrorf("writing %s: %v", out.file, errors.Join(werr, cerr))
		}
	}
	if short := r.Check(ths); len(short) > 0 {
		lim := 20
		if c.all {
			lim = -1
		}
		_ = report.WriteShortfalls(e.stderr, short, lim)
		return exitWith(exitFindings)
	}
	return nil
}

func newCoverageCmd(e *env) *cobra.Command {
	f := &validateFlags{maxBody: validate.DefaultMaxBody}
	cf := &coverageFlags{}
	c := &cobra.Command{
		Use:   "coverage [flags] FILE...",
		Short: "measure what recorded traffic exercised of the /account contract",
		Long: `Validates recorded WePay v2 /account traffic (as validate does) and reports
what it exercised of the contract: calls, success and error answers, error
codes, request arguments and response fields with their enum values,
account states and transitions, named rules that applied, environments.

Formats: text (a table per dimension), json (the stable coverage document,
which "coverage merge" joins) and html (one self-contained page with the
state diagram and the findings beside each call). FILE is read as by
validate. Findings do not change the exit code here; --min does.`,
		Example: `  wepaykit coverage recordings/
  wepaykit coverage -f html=coverage.html -f json=coverage.json session.har
  wepaykit coverage --min operations=100,fields=60,transitions=50 recordings/
  wepaykit coverage merge -f html -o all.html unit.json integration.json`,
		Args:        cobra.ArbitraryArgs,
		Annotations: map[string]string{annExitCodes: coverageExitCodes},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := f.policyFlags.load()
			if err != nil {
				return err
			}
			f.recordingsFromPolicy(cmd.Flags(), pol)
			if err := cf.fromPolicy(cmd.Flags(), pol); err != nil {
				return err
			}
			return e.runCoverage(cmd.Context(), f, pol, cf, args)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	cf.register(fl)
	fl.StringVar(&f.env, "env", "auto", "WePay `environment`: auto (told from each request's host), stage or production")
	fl.Var(&f.maxBody, "max-body", "largest body `size` validated, in bytes or with a unit such as 10MiB")
	fl.StringArrayVar(&f.hosts, "host", nil, "also validate traffic to this `host` (repeatable), such as localhost:8080")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no progress line on stderr")
	fl.IntVar(&f.workers, "workers", 0, "`number` of exchanges validated at once (0: one per CPU)")
	fl.StringVar(&f.traffic.scope, "scope", string(validate.ScopeAccount), "calls checked: account (other WePay calls are counted, not checked) or all (every call outside /account is route-unknown)")
	fl.BoolVar(&f.traffic.acrossFiles, "state-across-files", false, "follow account states across all the files, as one recording split up (default: within each file)")
	fl.StringArrayVar(&f.traffic.exclude, "exclude", nil, "leave out files and directories matching this `glob` (repeatable), whether named or found in a directory")
	fl.BoolVar(&f.traffic.allowEmpty, "allow-empty", false, "accept a run that validates no exchange (exit 0 instead of 2)")
	f.policyFlags.registerConfig(fl)
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.CoverageFormats(), cobra.ShellCompDirectiveNoFileComp))
	c.AddCommand(newCoverageMergeCmd(e))
	return c
}

// runCoverage validates the recordings as validate does, under the policy
// (its hosts, environment, strictness, limits, scope, excludes, rule
// control and ignores; not its format and outputs, which are validate's
// report formats, nor its baseline: coverage does not gate on findings).
func (e *env) runCoverage(ctx context.Context, f *validateFlags, pol *policy.Policy, cf *coverageFlags, files []string) error {
	outs, ths, err := cf.outputs()
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageErrorf("no FILE given")
	}
	if f.workers < 0 {
		return usageErrorf("--workers must be 0 or more")
	}
	scope, err := validate.ParseScope(f.traffic.scope)
	if err != nil {
		return usageErrorf("unknown --scope %q (want account or all)", f.traffic.scope)
	}
	v, err := newValidator(pol, f.strict, f.env, int64(f.maxBody))
	if err != nil {
		return err
	}
	col, err := coverage.New(coverage.WithSpec(v.Spec())) // the validator's contract, not a second load
	if err != nil {
		return inputErrorf("%v", err)
	}
	v = v.WithCollector(col)
	set, err := audit.Inputs(files, audit.InputOptions{Stdin: e.stdin, Exclude: f.traffic.exclude, AllowEmpty: f.traffic.allowEmpty})
	if err != nil {
		return inputErrorf("%v", err)
	}
	inputs, names := set.Inputs, set.Names()
	opts := audit.Options{Hosts: f.hosts, MaxBody: int64(f.maxBody), Workers: f.workers, Policy: pol, Scope: scope, StateAcrossFiles: f.traffic.acrossFiles}
	res, err := e.runAudit(ctx, "coverage", v, inputs, opts, f.quiet)
	if err != nil {
		return err
	}
	s := trafficSummary(res, names, v, opts.KeepExchanges)
	err = e.finishCoverage(cf, outs, ths, col.Report(), s.Findings)
	// A run that validated nothing measured nothing: exit 2, as in
	// validate, with the same explanation (the empty coverage is written).
	empty := res.NothingValidated()
	if empty != "" && !f.traffic.allowEmpty {
		fmt.Fprintf(e.stderr, "wepaykit coverage: nothing validated: %s (--allow-empty accepts a run that validates nothing)\n", empty)
	}
	// Input that could not be read is exit 2, as in validate: the coverage
	// of what was read is written all the same, and understates the run.
	if res.Fatal() || res.Damaged() || empty != "" && !f.traffic.allowEmpty {
		var ee *exitError
		if err == nil || errors.As(err, &ee) && ee.code == exitFindings {
			return exitWith(exitUsage)
		}
	}
	return err
}

func newCoverageMergeCmd(e *env) *cobra.Command {
	cf := &coverageFlags{}
	var pf policyFlags
	c := &cobra.Command{
		Use:   "merge [flags] COVERAGE.json...",
		Short: "join the coverage files of several runs",
		Long: `Joins coverage files (written by "wepaykit coverage -f json", "wepaykit
validate --coverage" or a Go test's coverage.Collector) of several packages
or CI jobs into one, as if all their exchanges had been validated together:
transitions that span two runs are counted.`,
		Example:     `  wepaykit coverage merge -f json=all.json -f html=all.html unit.json e2e.json`,
		Args:        cobra.MinimumNArgs(1),
		Annotations: map[string]string{annExitCodes: coverageExitCodes},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := pf.load()
			if err != nil {
				return err
			}
			if err := cf.fromPolicy(cmd.Flags(), pol); err != nil {
				return err
			}
			outs, ths, err := cf.outputs()
			if err != nil {
				return err
			}
			var reports []*coverage.Report
			for _, a := range args {
				r, err := coverage.ReadFile(a)
				if err != nil {
					return inputErrorf("%v", strings.TrimPrefix(err.Error(), "coverage: "))
				}
				reports = append(reports, r)
			}
			merged, err := coverage.Merge(reports)
			if err != nil {
				return inputErrorf("%v", strings.TrimPrefix(err.Error(), "coverage: "))
			}
			return e.finishCoverage(cf, outs, ths, merged, nil)
		},
	}
	cf.register(c.Flags())
	pf.registerConfig(c.Flags())
	return c
}
