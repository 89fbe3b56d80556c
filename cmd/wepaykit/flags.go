package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/validate"
)

// sizeValue is a byte count flag: 1048576, 512KiB, 10MiB, 1GB, ...
type sizeValue int64

// String implements pflag.Value: the size in the largest exact binary unit.
func (s *sizeValue) String() string {
	n := int64(*s)
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// Set implements pflag.Value.
func (s *sizeValue) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeValue(n)
	return nil
}

// Type implements pflag.Value.
func (s *sizeValue) Type() string { return "size" }

// ValueError reports a bad flag value.
type ValueError struct {
	Value string
	Want  string
}

// Error implements error.
func (e *ValueError) Error() string { return fmt.Sprintf("bad value %q (want %s)", e.Value, e.Want) }

// parseSize reads a byte count as the policy file does (policy.ParseSize:
// 1048576, 512KiB, 10MiB, 1GB, ...), with the flag's error.
func parseSize(v string) (int64, error) {
	n, err := policy.ParseSize(v)
	if err != nil {
		return 0, &ValueError{Value: v, Want: "a positive number of bytes, such as 1048576 or 10MiB"}
	}
	return n, nil
}

// failing reports whether a finding of severity sev fails the run.
func failing(sev, failOn string) bool {
	if failOn == report.Warning {
		return sev == report.Error || sev == report.Warning
	}
	return sev == report.Error
}

// exitFor is the exit code for a summary's findings.
func exitFor(s *report.Summary, failOn string) int {
	for f := range s.AllFindings() {
		if failing(f.Severity, failOn) {
			return exitFindings
		}
	}
	return exitOK
}

// reportFlags are the flags of every command that writes a findings report:
// where each format goes and which severity fails the run.
type reportFlags struct {
	formats []string // NAME or NAME=FILE, repeatable
	output  string   // the file of the format given without =FILE
	failOn  string
}

func (r *reportFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVarP(&r.formats, "format", "f", nil, "report `format`: text, json, junit, github or sarif; NAME=FILE writes that format to FILE (repeatable, so one run writes several formats)")
	fs.StringVarP(&r.output, "output", "o", "", "write the report to `file` instead of standard output")
	fs.StringVar(&r.failOn, "fail-on", report.Error, "lowest `severity` that fails the run (exit 1): error or warning")
}

// output is one report to write: a format and a file ("" for stdout).
type output struct {
	format string
	file   string
}

// outputs checks the flags and lists the reports to write.
func (r *reportFlags) outputs() ([]output, error) {
	if r.failOn != report.Error && r.failOn != report.Warning {
		return nil, usageErrorf("unknown --fail-on %q (want error or warning)", r.failOn)
	}
	specs := r.formats
	if len(specs) == 0 {
		specs = []string{report.FormatText}
	}
	var outs []output
	toDefault := 0
	seen := map[string]bool{}
	for _, s := range specs {
		name, file, hasFile := strings.Cut(s, "=")
		if !formatOK(name) {
			return nil, usageErrorf("unknown --format %q (want %s, optionally =FILE)", name, strings.Join(report.Formats(), ", "))
		}
		if hasFile && file == "" {
			return nil, usageErrorf("--format %s= needs a file name after '='", name)
		}
		if !hasFile {
			toDefault++
			file = r.output
		}
		if seen[file] && file != "" {
			return nil, usageErrorf("two reports would be written to %s", file)
		}
		seen[file] = true
		outs = append(outs, output{format: name, file: file})
	}
	if toDefault > 1 {
		return nil, usageErrorf("more than one --format without =FILE; give the others a file (--format sarif=out.sarif)")
	}
	return outs, nil
}

func formatOK(v string) bool {
	for _, f := range report.Formats() {
		if f == v {
			return true
		}
	}
	return false
}

// writeReports writes s in every requested format. A file that cannot be
// written is exit 2.
func (e *env) writeReports(outs []output, s *report.Summary) error {
	for _, o := range outs {
		if o.file == "" {
			if err := report.WriteWith(e.stdout, o.format, s, report.Options{Color: e.colorOn(e.stdout)}); err != nil {
				return inputErrorf("writing the %s report: %v", o.format, err)
			}
			continue
		}
		f, err := os.Create(o.file)
		if err != nil {
			return inputErrorf("cannot write %s: %v", o.file, pathErrText(err))
		}
		werr := report.Write(f, o.format, s)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			return inputErrorf("writing %s: %v", o.file, errors.Join(werr, cerr))
		}
	}
	return nil
}

// trafficFlags are the flags of commands that read recordings: which calls
// are in scope, how state is tracked, which files of a directory are left
// out, and whether a run that validates nothing may pass.
type trafficFlags struct {
	scope       string
	allowEmpty  bool
	acrossFiles bool
	exclude     []string
}

func (t *trafficFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&t.scope, "scope", string(validate.ScopeAccount), "calls checked: account (other WePay calls are counted, not checked) or all (every call outside /account is route-unknown)")
	fs.BoolVar(&t.allowEmpty, "allow-empty", false, "accept a run that validates no exchange (exit 0 instead of 2)")
	fs.BoolVar(&t.acrossFiles, "state-across-files", false, "check account state changes across all the files, as one recording split up (default: within each file)")
	fs.StringArrayVar(&t.exclude, "exclude", nil, "leave out files and directories matching this `glob` (repeatable), whether named or found in a directory, such as 'fixtures' or '*.golden.json'")
}
