package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
)

// diffFlags are the flags of wepaykit diff.
type diffFlags struct {
	format, output, failOn string
	levels                 []string
	pf                     policyFlags
}

// fromPolicy copies the policy's fail-on (lint's: lint.fail-on, else
// fail-on) to --fail-on when it is not given on the command line. The
// policy's format and outputs are report formats, not changelog formats:
// diff takes none of them.
func (d *diffFlags) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy) {
	if pol == nil {
		return
	}
	if x := lintFailOn(pol); x != "" && !fs.Changed("fail-on") {
		d.failOn = x
	}
}

func newDiffCmd(e *env) *cobra.Command {
	var d diffFlags
	c := &cobra.Command{
		Use:   "diff [flags] BASE NEW",
		Short: "list every change between two versions of a spec, as a changelog",
		Long: `Lists every change from BASE to NEW, breaking or not, grouped by
operation: the generic OpenAPI changes as oasdiff's checks see them (in both
directions: requests that accept less, responses that may answer more), then
the changes to wepaykit's named rules, account states and quirks, each with
its check id, level (error, warning or info), the cited sentence and the
place in both documents. BASE and NEW are files, - (one of them) for standard
input, or "embedded" for wepaykit's embedded spec.

--format markdown writes a pull-request comment. --fail-on makes the command
exit 1 when a change is at that level or above, as 'wepaykit lint --against'
does; without it (and without a policy fail-on) it exits 0 whatever changed.

The team policy (.wepaykit.yaml, found by walking up from the working
directory; --config FILE names another, --no-config ignores it) applies as
it does to 'wepaykit lint --against': its rules set the level of the checks
they name (off drops the change, as --level CHECK=off does), its ignore
entries drop the changes they match (stderr counts what was dropped), and
its lint.fail-on, else fail-on, is the default of --fail-on. --level and
--fail-on given on the command line win over the file.`,
		Example: `  wepaykit diff old/openapi.yaml openapi.yaml
  wepaykit diff --format markdown -o changes.md embedded partner.yaml
  wepaykit diff --fail-on error --level response-success-status-added=info old.yaml new.yaml
  wepaykit diff --no-config old.yaml new.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("want BASE and NEW, got %d argument(s)", len(args))
			}
			return nil
		},
		Annotations: map[string]string{annExitCodes: `  0  the changelog was written (and, with --fail-on, no change at that level)
  1  with --fail-on (or the policy's fail-on): a change at that level or above
  2  usage error, a document that cannot be read or is not OpenAPI, or a
     policy file that cannot be read`},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := d.pf.load()
			if err != nil {
				return err
			}
			if err := checkRules(pol, nil); err != nil {
				return err
			}
			d.fromPolicy(cmd.Flags(), pol)
			return e.runDiff(args[0], args[1], &d, pol)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVarP(&d.format, "format", "f", lint.FormatText, "changelog `format`: text, json or markdown")
	fl.StringVarP(&d.output, "output", "o", "", "write the changelog to `file` instead of standard output")
	fl.StringVar(&d.failOn, "fail-on", "none", "lowest `level` that fails the run (exit 1): error, warning, info or none; without it, the policy's lint.fail-on, else fail-on")
	registerLevels(fl, &d.levels)
	d.pf.registerConfig(fl)
	return c
}

func (e *env) runDiff(basePath, newPath string, d *diffFlags, pol *policy.Policy) error {
	format, output, failOn := d.format, d.output, d.failOn
	if !contains(lint.ChangelogFormats(), format) {
		return usageErrorf("unknown --format %q (want %s)", format, strings.Join(lint.ChangelogFormats(), ", "))
	}
	var failLevel lint.Level
	if failOn != "none" {
		l, err := lint.ParseLevel(failOn)
		if err != nil || l == lint.LevelOff {
			return usageErrorf("unknown --fail-on %q (want error, warning, info or none)", failOn)
		}
		failLevel = l
	}
	levels, err := checkLevels(d.levels)
	if err != nil {
		return err
	}
	if basePath == "-" && newPath == "-" {
		return usageErrorf("only one of BASE and NEW can read standard input")
	}
	base, err := e.readSpec(basePath)
	if err != nil {
		return err
	}
	nw, err := e.readSpec(newPath)
	if err != nil {
		return err
	}
	cp := &changePolicy{pol: pol, flags: levels}
	cl, err := lint.Diff(base, nw, lint.WithNames(baseName(basePath), baseName(newPath)), lint.WithLevels(levels), cp.option())
	if err != nil {
		return inputErrorf("%v", err)
	}
	cp.notes(e.stderr)
	w := e.stdout
	if output != "" {
		f, err := os.Create(output)
		if err != nil {
			return inputErrorf("cannot write %s: %s", output, pathErrText(err))
		}
		defer f.Close()
		w = f
	}
	if err := cl.Write(w, format); err != nil {
		return inputErrorf("writing the changelog: %v", err)
	}
	if output != "" {
		if err := w.(*os.File).Close(); err != nil {
			return inputErrorf("writing %s: %v", output, err)
		}
	}
	if failLevel != "" && len(cl.AtLeast(failLevel)) > 0 {
		return exitWith(exitFindings)
	}
	return nil
}

// changePolicy applies the team policy to the changes of wepaykit diff as
// lint --against applies it to its findings: a change is judged by its
// check id, the place it is at (in the new version, else in the baseline)
// as a JSON pointer, and that file. The rules set its level (off drops
// it); an ignore entry that matches drops it. A check whose level --level
// sets keeps that level (the flag wins over the file); ignores still apply
// to it.
type changePolicy struct {
	pol          *policy.Policy
	ignoresOnly  *policy.Policy        // pol without its rules, for the checks --level sets
	flags        map[string]lint.Level // --level, by check id
	off, ignored int                   // changes dropped by a rule off, by an ignore entry
}

// option is the lint option that applies the policy; nil without one.
func (cp *changePolicy) option() lint.Option {
	if cp.pol == nil {
		return nil
	}
	cp.ignoresOnly = withoutRules(cp.pol)
	return lint.WithLevelFunc(cp.level)
}

// level decides the level of one change (its Level set by the defaults
// and --level).
func (cp *changePolicy) level(c lint.Change) lint.Level {
	if c.Level == lint.LevelOff {
		return c.Level
	}
	pol := cp.pol
	_, flagged := cp.flags[c.Check]
	if flagged { // only the ignores apply
		pol = cp.ignoresOnly
	}
	v := pol.Decide(changeKey(c), string(c.Level))
	switch v.Suppressed {
	case policy.SuppressedOff:
		cp.off++
		return lint.LevelOff
	case policy.Kept:
	default:
		cp.ignored++
		return lint.LevelOff
	}
	if flagged {
		return c.Level
	}
	return lint.Level(v.Severity)
}

// notes writes what the policy did to stderr: the changes it dropped and
// the ignore entries past their date.
func (cp *changePolicy) notes(w io.Writer) {
	if cp.pol == nil {
		return
	}
	for _, n := range expiredNotes(cp.pol) {
		fmt.Fprintf(w, "wepaykit diff: %s:%d: %s\n", n.File, n.Line, n.Message)
	}
	if n := cp.off + cp.ignored; n > 0 {
		var why []string
		if cp.off > 0 {
			why = append(why, fmt.Sprintf("%d with their rule off", cp.off))
		}
		if cp.ignored > 0 {
			why = append(why, fmt.Sprintf("%d ignored", cp.ignored))
		}
		fmt.Fprintf(w, "wepaykit diff: %s: %d %s not listed: %s\n", cp.pol.File, n, plural(n, "change", "changes"), strings.Join(why, ", "))
	}
}

// changeKey is a change's policy key, the one lint --against gives the
// finding it makes of the change (see lintSummary and findingKey): its
// check, and its place in the new version (in the baseline for what the
// new version no longer has).
func changeKey(c lint.Change) policy.Key {
	k := policy.Key{Rule: c.Check}
	loc := c.New
	if loc == nil {
		loc = c.Base
	}
	if loc != nil {
		k.File = loc.File
		if loc.Where != "" {
			k.Pointer = wherePointer(loc.Where)
		}
	}
	return k
}

// readSpec reads a spec argument: a file, - or "embedded".
func (e *env) readSpec(name string) ([]byte, error) {
	if name == "embedded" {
		return spec.Embedded(), nil
	}
	data, err := e.readFile(name)
	if err != nil {
		return nil, inputErrorf("cannot read %s: %s", name, pathErrText(err))
	}
	return data, nil
}

// baseName is the name a spec argument goes by in locations.
func baseName(arg string) string {
	switch arg {
	case "embedded":
		return "embedded:" + spec.EmbeddedName
	case "-":
		return "-"
	}
	return arg
}

// registerLevels declares --level, shared by lint and diff.
func registerLevels(fs *pflag.FlagSet, levels *[]string) {
	fs.StringArrayVar(levels, "level", nil, "set a check's level, `CHECK=LEVEL` (error, warning, info or off), to accept a known change (repeatable)")
}

// checkLevels reads --level flags into the map lint.WithLevels takes. The
// policy file's rules: (keyed by check id) fill the same map; flags win.
func checkLevels(flags []string) (map[string]lint.Level, error) {
	out := map[string]lint.Level{}
	for _, f := range flags {
		id, name, ok := strings.Cut(f, "=")
		if !ok || id == "" {
			return nil, usageErrorf("--level %q: want CHECK=LEVEL", f)
		}
		l, err := lint.ParseLevel(name)
		if err != nil {
			return nil, usageErrorf("--level %s: %v", f, err)
		}
		out[id] = l
	}
	if unknown := lint.UnknownChecks(out); len(unknown) > 0 {
		return nil, usageErrorf("--level: no check %s (the README lists every check)", strings.Join(unknown, ", "))
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
