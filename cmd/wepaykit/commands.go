package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Exit codes of every command.
const (
	exitOK       = 0 // nothing at or above the failing severity
	exitFindings = 1 // findings at or above the failing severity
	exitUsage    = 2 // usage error or unreadable input
)

// exitCodesHelp ends every usage text.
const exitCodesHelp = `Exit codes:
  0  nothing at or above the failing severity (--fail-on)
  1  findings at or above it
  2  usage error or unreadable input
`

// command is a subcommand of wepaykit.
type command struct {
	name    string
	summary string // one line, for the command list
	run     func(e *env, args []string) int
}

// commands lists the subcommands, in the order help shows them. A new
// subcommand is a new file with a function returning its command, listed
// here; there is no registration at init time.
func commands() []command {
	return []command{
		validateCommand(),
		lintCommand(),
		fakeCommand(),
		{name: "serve", summary: "run a fake WePay /account API on a local port", run: func(e *env, args []string) int { return serveCommand(args, e.stdout, e.stderr) }},
		statesCommand(),
		{name: "conformance", summary: "check that a WePay /account stand-in, proxy or replay layer honours the contract", run: func(e *env, args []string) int { return conformanceCommand(args, e.stdout, e.stderr) }},
		versionCommand(),
		helpCommand(),
	}
}

// reservedNames are subcommands that later versions will add.
func reservedNames() []string { return nil }

// env is what one invocation reads and writes. Commands keep no other state.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func (e *env) dispatch(args []string) int {
	if len(args) == 0 {
		e.mainUsage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		e.mainUsage(e.stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := lookup(name)
	if !ok {
		if slices.Contains(reservedNames(), name) {
			fmt.Fprintf(e.stderr, "wepaykit: command %q is not available in this build\n", name)
		} else {
			fmt.Fprintf(e.stderr, "wepaykit: unknown command %q\nRun 'wepaykit help' for the list of commands.\n", name)
		}
		return exitUsage
	}
	return c.run(e, args[1:])
}

func (e *env) mainUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("wepaykit checks WePay v2 /account traffic and specs against wepaykit's contract.\n\nUsage:\n  wepaykit COMMAND [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'wepaykit COMMAND --help' for a command's flags.\n\n")
	b.WriteString(exitCodesHelp)
	io.WriteString(w, b.String())
}

// errorf prints a command's error on stderr.
func (e *env) errorf(cmd, format string, args ...any) {
	fmt.Fprintf(e.stderr, "wepaykit %s: %s\n", cmd, fmt.Sprintf(format, args...))
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
