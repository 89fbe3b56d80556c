package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/policy"
)

// newConfigCmd is "wepaykit config": the team policy file.
func newConfigCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "config",
		Short: "write or check the team policy file (.wepaykit.yaml)",
		Long: `The policy file, .wepaykit.yaml, holds what validate, coverage, lint,
conformance, proxy and the Go helpers (validate.WithPolicy) share: a key for
every flag that sets policy (hosts, environment, strict, fail-on, max-body,
scope, formats and outputs, quiet, exclude, ...), rule control, ignores with
reasons and the baselines of known findings. Each command takes the keys
that apply to it. wepaykit finds it by walking up from the working
directory; --config FILE names another, --no-config ignores it. Flags given
on the command line override it. A JSON Schema for editors is
schema/config/wepaykit-config.schema.json; 'config rules' lists the rule ids
it may name.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: "  0  done\n  2  usage error, or a file that cannot be read or written"},
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return &exitError{code: exitUsage}
		},
	}
	c.AddCommand(newConfigInitCmd(e), newConfigCheckCmd(e), newConfigRulesCmd(e))
	return c
}

func newConfigInitCmd(e *env) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "init [FILE]",
		Short: "write a commented starter policy file",
		Long: `Writes a commented starter policy file, .wepaykit.yaml in the working
directory unless FILE is given (- for standard output). It sets only the
defaults; uncomment what the team needs. An existing file is kept unless
--force is given.`,
		Example:     "  wepaykit config init\n  wepaykit config init - > team.yaml",
		Args:        cobra.MaximumNArgs(1),
		Annotations: map[string]string{annExitCodes: "  0  written\n  2  usage error, or the file exists or cannot be written"},
		RunE: func(cmd *cobra.Command, args []string) error {
			file := policy.FileName
			if len(args) == 1 {
				file = args[0]
			}
			if file == "-" {
				_, err := e.stdout.Write(policy.Starter())
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(file, flags, 0o644)
			if errors.Is(err, os.ErrExist) {
				return inputErrorf("%s exists; --force overwrites it", file)
			}
			if err != nil {
				return inputErrorf("cannot write %s: %s", file, pathErrText(err))
			}
			_, werr := f.Write(policy.Starter())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return inputErrorf("writing %s: %v", file, werr)
			}
			fmt.Fprintf(e.stderr, "wepaykit config init: wrote %s\n", file)
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return c
}

// checkPolicyValues checks the values the commands check when they read
// the file: the report formats of each command and coverage.min.
func checkPolicyValues(pol *policy.Policy) error {
	none := pflag.NewFlagSet("none", pflag.ContinueOnError)
	for _, cmd := range []string{"validate", "lint", "conformance"} {
		format, outs := pol.Reports(cmd)
		if err := (&reportFlags{}).fromPolicy(none, pol, "", format, outs); err != nil {
			return err
		}
	}
	return (&coverageFlags{}).fromPolicy(none, pol)
}

func newConfigCheckCmd(e *env) *cobra.Command {
	var pf policyFlags
	c := &cobra.Command{
		Use:   "check [FILE]",
		Short: "check a policy file: keys, values, rule ids, baseline, expired ignores",
		Long: `Reads the policy file (FILE, or the .wepaykit.yaml found by walking up) as
every command does, checks its rule ids and the baselines it names, and
lists the ignore entries whose until date has passed.`,
		Args:        cobra.MaximumNArgs(1),
		Annotations: map[string]string{annExitCodes: "  0  the file is usable (expired ignores are listed, not errors)\n  2  no file, or a file with a problem"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				pf.config = args[0]
			}
			pol, err := pf.load()
			if err != nil {
				return err
			}
			if pol == nil {
				return inputErrorf("no %s in this directory or above it; 'wepaykit config init' writes one", policy.FileName)
			}
			if err := checkRules(pol, nil); err != nil {
				return err
			}
			if err := checkPolicyValues(pol); err != nil {
				return err
			}
			for _, file := range []string{pol.BaselinePath(), pol.Resolve(pol.Lint.Baseline), pol.Resolve(pol.Conformance.Baseline)} {
				if file == "" {
					continue
				}
				b, err := policy.ReadBaseline(file)
				if errors.Is(err, os.ErrNotExist) {
					fmt.Fprintf(e.stdout, "%s: baseline %s does not exist yet (--write-baseline creates it)\n", pol.File, file)
					continue
				}
				if err != nil {
					return inputErrorf("%v", err)
				}
				fmt.Fprintf(e.stdout, "%s: %d known %s\n", file, b.Len(), plural(b.Len(), "finding", "findings"))
			}
			for _, n := range expiredNotes(pol) {
				fmt.Fprintf(e.stdout, "%s:%d: %s\n", n.File, n.Line, n.Message)
			}
			fmt.Fprintf(e.stdout, "%s: %d %s, %d ignore %s\n", pol.File, len(pol.Rules), plural(len(pol.Rules), "rule setting", "rule settings"),
				len(pol.Ignore), plural(len(pol.Ignore), "entry", "entries"))
			return nil
		},
	}
	return c
}
