package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/report"
)

// parseFlags parses args with fs, taking flags before and after the
// positional arguments (until "--"), which are left in *pos when pos is not
// nil. On --help it prints the usage to stdout; on a bad flag it prints the
// error to stderr. done is true when the command must return code.
func parseFlags(e *env, fs *flag.FlagSet, name, usage string, args []string, pos *[]string) (code int, done bool) {
	return parseFlagsExit(e, fs, name, usage, exitCodesHelp, args, pos)
}

// parseFlagsExit is parseFlags for a command whose exit codes read
// differently (exitText ends its usage).
func parseFlagsExit(e *env, fs *flag.FlagSet, name, usage, exitText string, args []string, pos *[]string) (code int, done bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var rest []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(e.stdout, usageText(fs, usage, exitText))
			return exitOK, true
		}
		if err != nil {
			e.errorf(name, "%v\nRun 'wepaykit %s --help' for usage.", err, name)
			return exitUsage, true
		}
		left := fs.Args()
		if len(left) == 0 || pos == nil {
			rest = append(rest, left...)
			break
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			rest = append(rest, left...)
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	if pos != nil {
		*pos = rest
	}
	return exitOK, false
}

// usageText is a command's usage: its text, its flags and the exit codes.
func usageText(fs *flag.FlagSet, usage, exitText string) string {
	var b strings.Builder
	b.WriteString(usage)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("Flags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		b.WriteString("\n")
	}
	b.WriteString(exitText)
	return b.String()
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// ValueError reports a bad flag value.
type ValueError struct {
	Value string
	Want  string
}

// Error implements error.
func (e *ValueError) Error() string { return fmt.Sprintf("bad value %q (want %s)", e.Value, e.Want) }

func (l *listFlag) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return &ValueError{Value: s, Want: "a host name, optionally with a port"}
	}
	*l = append(*l, s)
	return nil
}

// sizeFlag is a byte count: 1048576, 512KiB, 10MiB, 1GB, ...
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeFlag(n)
	return nil
}

// parseSize reads a positive byte count with an optional unit: B, K/KiB,
// M/MiB, G/GiB (powers of 1024) or KB, MB, GB (powers of 1000).
func parseSize(v string) (int64, error) {
	s := strings.TrimSpace(v)
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	mult := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "kb": 1e3, "m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9}[unit]
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || mult == 0 || n <= 0 || n > (1<<50)/mult {
		return 0, &ValueError{Value: v, Want: "a positive number of bytes, such as 1048576 or 10MiB"}
	}
	return n * mult, nil
}

// severities are the values of --fail-on.
func failOnOK(v string) bool { return v == report.Error || v == report.Warning }

// failing reports whether a finding of severity sev fails the run.
func failing(sev, failOn string) bool {
	if failOn == report.Warning {
		return sev == report.Error || sev == report.Warning
	}
	return sev == report.Error
}

func formatOK(v string) bool {
	for _, f := range report.Formats() {
		if f == v {
			return true
		}
	}
	return false
}

// commonFlags are the flags of every command that writes a report.
type commonFlags struct {
	format string
	failOn string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", report.FormatText, "report `format`: text, json, junit, github or sarif")
	fs.StringVar(&c.failOn, "fail-on", report.Error, "lowest `severity` that fails the run (exit 1): error or warning")
}

// check validates the flag values, printing the problem.
func (c *commonFlags) check(e *env, name string) bool {
	switch {
	case !formatOK(c.format):
		e.errorf(name, "unknown --format %q (want text, json, junit, github or sarif)", c.format)
		return false
	case !failOnOK(c.failOn):
		e.errorf(name, "unknown --fail-on %q (want error or warning)", c.failOn)
		return false
	}
	return true
}

// exitFor is the exit code for a summary's findings.
func exitFor(s *report.Summary, failOn string) int {
	for _, f := range s.Findings {
		if failing(f.Severity, failOn) {
			return exitFindings
		}
	}
	return exitOK
}
