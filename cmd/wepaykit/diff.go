package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

func newDiffCmd(e *env) *cobra.Command {
	var format, output, failOn string
	var levels []string
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

--format markdown writes a pull-request comment. By default the command
exits 0 whatever changed; --fail-on makes it exit 1 when a change is at
that level or above, as 'wepaykit lint --against' does.`,
		Example: `  wepaykit diff old/openapi.yaml openapi.yaml
  wepaykit diff --format markdown -o changes.md embedded partner.yaml
  wepaykit diff --fail-on error --level response-success-status-added=info old.yaml new.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("want BASE and NEW, got %d argument(s)", len(args))
			}
			return nil
		},
		Annotations: map[string]string{annExitCodes: `  0  the changelog was written (and, with --fail-on, no change at that level)
  1  with --fail-on: a change at that level or above
  2  usage error, or a document that cannot be read or is not OpenAPI`},
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runDiff(args[0], args[1], format, output, failOn, levels)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVarP(&format, "format", "f", lint.FormatText, "changelog `format`: text, json or markdown")
	fl.StringVarP(&output, "output", "o", "", "write the changelog to `file` instead of standard output")
	fl.StringVar(&failOn, "fail-on", "none", "lowest `level` that fails the run (exit 1): error, warning, info or none")
	registerLevels(fl, &levels)
	return c
}

func (e *env) runDiff(basePath, newPath, format, output, failOn string, levelFlags []string) error {
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
	levels, err := checkLevels(levelFlags)
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
	cl, err := lint.Diff(base, nw, lint.WithNames(baseName(basePath), baseName(newPath)), lint.WithLevels(levels))
	if err != nil {
		return inputErrorf("%v", err)
	}
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
