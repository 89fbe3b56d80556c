package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

// Exit codes of every command.
const (
	exitOK       = 0 // nothing at or above the failing severity
	exitFindings = 1 // findings at or above the failing severity
	exitUsage    = 2 // usage error, unreadable input or failed setup
)

// exitCodesHelp is the exit-code text of commands that report findings.
const exitCodesHelp = `  0  nothing at or above the failing severity (--fail-on)
  1  findings at or above it
  2  usage error or unreadable input`

// env is what one invocation reads and writes. Commands keep no other state.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	color          string // --color: auto, always or never
}

// colorOn reports whether text written to w is coloured: --color always,
// or auto on a terminal when the NO_COLOR environment variable
// (no-color.org) is unset or empty.
func (e *env) colorOn(w io.Writer) bool {
	switch e.color {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// exitError ends a command with an exit code. A non-empty msg is printed on
// stderr after the command's prefix ("wepaykit validate: ").
type exitError struct {
	code int
	msg  string
	hint bool // a command-line mistake: point to --help
}

// Error implements error.
func (e *exitError) Error() string { return e.msg }

// usageErrorf is a command-line mistake (exit 2); the message is followed
// by a pointer to the command's --help.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...), hint: true}
}

// inputErrorf is unreadable input or a failed setup (exit 2).
func inputErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// exitWith ends a command with code and no further message.
func exitWith(code int) error {
	if code == exitOK {
		return nil
	}
	return &exitError{code: code}
}

// newRootCmd builds the command tree. Every subcommand is a file of this
// package with a function returning its *cobra.Command.
func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "wepaykit",
		Short: "contract tests for WePay v2 /account integrations",
		Long: `wepaykit checks WePay v2 /account traffic and specs against wepaykit's
contract: recorded traffic (validate), OpenAPI documents (lint), stand-ins
(conformance); and it runs a stateful fake WePay (serve).`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          nil, // unknown subcommands are errors with suggestions
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return &exitError{code: exitUsage}
		},
		Annotations: map[string]string{annExitCodes: `  0  success: nothing at or above the failing severity, every check passed
  1  findings at or above the failing severity (--fail-on), or a failed check
  2  usage error, unreadable input, or a setup that failed`},
	}
	root.PersistentFlags().StringVar(&e.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	_ = root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		switch e.color {
		case "auto", "always", "never":
			return nil
		}
		return usageErrorf("unknown --color %q (want auto, always or never)", e.color)
	}
	root.SetVersionTemplate("wepaykit {{.Version}}\n")
	root.SetUsageTemplate(usageTemplate)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v%s", err, flagSuggestion(c, err))
	})
	root.AddCommand(
		newValidateCmd(e),
		newCoverageCmd(e),
		newLintCmd(e),
		newDiffCmd(e),
		newConformanceCmd(e),
		newServeCmd(e),
		newProxyCmd(e),
		newFakeCmd(e),
		newStatesCmd(e),
		newVersionCmd(e),
		newConfigCmd(e),
	)
	root.SetHelpCommand(newHelpCmd(root))
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	// Now (after SetOut: the scripts go to the output it had when made),
	// so that strictGroups sees it.
	root.InitDefaultCompletionCmd()
	strictGroups(root)
	return root
}

// flagSuggestion names the nearest flag of c to the one an "unknown flag:
// --formt" error is about (" (did you mean --format?)"), or "".
func flagSuggestion(c *cobra.Command, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	best, bestD := "", 3 // at most two edits away
	visit := func(f *pflag.Flag) {
		if d := textdist.Distance(name, f.Name, bestD); d < bestD {
			best, bestD = f.Name, d
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	if best == "" {
		return ""
	}
	return " (did you mean --" + best + "?)"
}

// unknownSubcommand words an unknown subcommand of a group: the nearest
// ones (cobra's suggestions), then every one it has.
func unknownSubcommand(group *cobra.Command, arg string) string {
	msg := fmt.Sprintf("unknown command %q for %q", arg, group.CommandPath())
	if group.SuggestionsMinimumDistance <= 0 {
		group.SuggestionsMinimumDistance = 2
	}
	if s := group.SuggestionsFor(arg); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	var names []string
	for _, c := range group.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return msg + "; its commands: " + strings.Join(names, ", ")
}

// strictGroups makes each command below root that only groups others
// (completion, say) refuse an unknown subcommand with a usage error (exit
// 2): cobra would print the group's help and exit 0, so that
// "wepaykit completion tcsh" looked like success. Without arguments the
// group prints its help, as before.
func strictGroups(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.HasSubCommands() && sub.Args != nil {
				// Arguments are checked before RunE runs (cobra.NoArgs words
				// its own error): an argument a group refuses is an unknown
				// subcommand, named with the nearest ones. A command that
				// takes arguments besides its subcommands (coverage FILE...)
				// keeps them.
				orig := sub.Args
				sub.Args = func(cmd *cobra.Command, args []string) error {
					if err := orig(cmd, args); err != nil && len(args) > 0 {
						return &exitError{code: exitUsage, msg: unknownSubcommand(cmd, args[0]), hint: true}
					} else if err != nil {
						return err
					}
					return nil
				}
			}
			if sub.HasSubCommands() && !sub.Runnable() {
				sub.RunE = func(cmd *cobra.Command, args []string) error {
					if len(args) > 0 {
						return &exitError{code: exitUsage, msg: unknownSubcommand(cmd, args[0]), hint: true}
					}
					return cmd.Help()
				}
			}
			walk(sub)
		}
	}
	walk(root)
}

// annExitCodes is the annotation that holds a command's exit-code text.
const annExitCodes = "exit-codes"

// usageTemplate is cobra's default usage with the command's exit codes.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{with index .Annotations "exit-codes"}}

Exit codes:
{{.}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}
`

// execute runs the command tree on args and returns the exit code. Errors
// are printed once, with the failing command's path as their prefix.
func (e *env) execute(args []string) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	prefix := "wepaykit"
	if cmd != nil {
		prefix = cmd.CommandPath()
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.msg != "" {
			fmt.Fprintf(e.stderr, "%s: %s\n", prefix, xe.msg)
			if xe.hint {
				fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", prefix)
			}
		}
		return xe.code
	}
	// cobra's own errors: unknown commands (with "Did you mean"), bad
	// arguments. They are usage errors.
	msg := strings.TrimRight(err.Error(), "\n")
	if strings.Contains(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", prefix, msg)
	fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", prefix)
	return exitUsage
}

// isTerminal reports whether w is a terminal (a character device). A
// writer that says whether it is one (IsTerminal, as tests' stand-ins for a
// terminal do) is taken at its word.
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newHelpCmd replaces cobra's help command so that an unknown topic is a
// usage error (exit 2) rather than a line of text and exit 0.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "show help for wepaykit or a command",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, sub := range root.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		Annotations: map[string]string{annExitCodes: "  0  help printed\n  2  unknown command"},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usageErrorf("unknown command %q", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag()
			return target.Help()
		},
	}
}
