package main

import (
	"fmt"
)

func helpCommand() command {
	return command{name: "help", summary: "show help for wepaykit or a command", run: runHelp}
}

func runHelp(e *env, args []string) int {
	switch {
	case len(args) == 0:
		e.mainUsage(e.stdout)
		return exitOK
	case len(args) > 1:
		e.errorf("help", "too many arguments; usage: wepaykit help [COMMAND]")
		return exitUsage
	case args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
		fmt.Fprint(e.stdout, "Usage: wepaykit help [COMMAND]\n\nShows the list of commands, or a command's flags.\n\n"+exitCodesHelp)
		return exitOK
	}
	c, ok := lookup(args[0])
	if !ok {
		e.errorf("help", "unknown command %q", args[0])
		return exitUsage
	}
	if c.name == "help" {
		e.mainUsage(e.stdout)
		return exitOK
	}
	return c.run(e, []string{"--help"})
}
