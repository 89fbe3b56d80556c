package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

func validateCommand() command {
	return command{name: "validate", summary: "validate recorded traffic, or one request or response body", run: runValidate}
}

const validateUsage = `Usage:
  wepaykit validate [flags] FILE...
  wepaykit validate [flags] --op OPERATION [--request FILE] [--response FILE]

Validates recorded WePay v2 /account traffic against wepaykit's contract.
A FILE is a HAR 1.2 file, a go-vcr cassette (version 1 or 2) or a JSON lines
file (the format is told from the content), a directory (searched for *.har,
*.yaml, *.yml, *.jsonl and *.json files), or - for standard input. Entries
sent to hosts other than wepayapi.com, stage.wepayapi.com and those of
--host are skipped. Account state changes are checked across all the files,
in time order.

With --op, validates bare JSON bodies of one call instead: the request body
(--request), the success answer's body (--response) or both; FILE may be -.

Examples:
  wepaykit validate recordings/
  wepaykit validate --format sarif --fail-on warning session.har > wepaykit.sarif
  wepaykit validate --op /account/create --request body.json

`

type validateFlags struct {
	commonFlags
	strict   bool
	env      string
	maxBody  sizeFlag
	hosts    listFlag
	quiet    bool
	workers  int
	op       string
	request  string
	response string
}

func runValidate(e *env, args []string) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	f := validateFlags{maxBody: validate.DefaultMaxBody}
	f.register(fl)
	fl.BoolVar(&f.strict, "strict", false, "report fields the contract does not list as errors, not warnings")
	fl.StringVar(&f.env, "env", "auto", "WePay `environment`: auto (told from each request's host), stage or production")
	fl.Var(&f.maxBody, "max-body", "largest body `size` validated, in bytes or with a unit such as 10MiB; a larger body is a finding (default 10MiB)")
	fl.Var(&f.hosts, "host", "also validate traffic to this `host` (repeatable), such as localhost:8080")
	fl.BoolVar(&f.quiet, "quiet", false, "print no progress line on stderr")
	fl.IntVar(&f.workers, "workers", 0, "`number` of exchanges validated at once (0: one per CPU)")
	fl.StringVar(&f.op, "op", "", "validate bodies of this `operation`, such as /account/create, instead of recordings")
	fl.StringVar(&f.request, "request", "", "with --op: the request body `file` (- for stdin)")
	fl.StringVar(&f.response, "response", "", "with --op: the success answer's body `file` (- for stdin)")
	var files []string
	if code, done := parseFlags(e, fl, "validate", validateUsage, args, &files); done {
		return code
	}
	if !f.check(e, "validate") {
		return exitUsage
	}
	if f.workers < 0 {
		e.errorf("validate", "--workers must be 0 or more")
		return exitUsage
	}
	v, err := validate.New(validate.Strict(f.strict), validate.WithEnvironment(validate.Environment(f.env)), validate.WithMaxBody(int64(f.maxBody)))
	if err != nil {
		var oe *validate.OptionError
		if errors.As(err, &oe) && oe.Option == "environment" {
			e.errorf("validate", "unknown --env %q (want auto, stage or production)", f.env)
			return exitUsage
		}
		e.errorf("validate", "%v", err)
		return exitUsage
	}
	if f.op != "" || f.request != "" || f.response != "" {
		return runBodies(e, v, &f, files)
	}
	if len(files) == 0 {
		e.errorf("validate", "no FILE given\nRun 'wepaykit validate --help' for usage.")
		return exitUsage
	}
	inputs, names, err := e.inputs(files)
	if err != nil {
		e.errorf("validate", "%v", err)
		return exitUsage
	}
	opts := audit.Options{Hosts: f.hosts, MaxBody: int64(f.maxBody), Workers: f.workers, KeepExchanges: f.format == report.FormatJUnit}
	progress := isTerminal(e.stderr) && !f.quiet
	if progress {
		opts.Progress = func(n int, d time.Duration) {
			fmt.Fprintf(e.stderr, "\rwepaykit: %d entries, %.0f entries/s ", n, float64(n)/max(d.Seconds(), 1e-3))
		}
	}
	res, err := audit.Run(context.Background(), v, inputs, opts)
	if progress {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		e.errorf("validate", "%v", err)
		return exitUsage
	}
	for _, err := range res.Errors {
		e.errorf("validate", "%s", readErrorText(err))
	}
	s := trafficSummary(res, names, v)
	if err := report.Write(e.stdout, f.format, s); err != nil {
		e.errorf("validate", "writing the report: %v", err)
		return exitUsage
	}
	// A damaged entry is input that cannot be read: the rest of the file
	// is still validated and reported, but the run exits 2.
	if res.Fatal() || res.Damaged() {
		return exitUsage
	}
	return exitFor(s, f.failOn)
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
