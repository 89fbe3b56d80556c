package main

import (
	"flag"
	"io"

	"github.com/wepaykit/wepaykit/spec"
)

func statesCommand() command {
	return command{name: "states", summary: "print the account state machine as a diagram", run: runStates}
}

const statesUsage = `Usage: wepaykit states [--format mermaid|dot] [--spec FILE]

Prints the account state table (x-wepaykit-account-states in the spec) as a
Mermaid state diagram, which GitHub renders, or as a Graphviz digraph.

`

func runStates(e *env, args []string) int {
	fs := flag.NewFlagSet("states", flag.ContinueOnError)
	format := fs.String("format", "mermaid", "diagram format: mermaid or dot")
	specFile := fs.String("spec", "", "read the state table from this spec instead of the embedded one")
	if code, done := parseFlags(e, fs, "states", statesUsage, args, nil); done {
		return code
	}
	if fs.NArg() > 0 {
		e.errorf("states", "unexpected argument %q", fs.Arg(0))
		return exitUsage
	}
	var sp *spec.Spec
	var err error
	if *specFile != "" {
		sp, err = spec.LoadFile(*specFile)
	} else {
		sp, err = spec.Load()
	}
	if err != nil {
		e.errorf("states", "%v", err)
		return exitUsage
	}
	out, err := sp.States().Diagram(*format)
	if err != nil {
		e.errorf("states", "%v (want mermaid or dot)", err)
		return exitUsage
	}
	_, _ = io.WriteString(e.stdout, out)
	return exitOK
}
