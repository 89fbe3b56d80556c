package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

func versionCommand() command {
	return command{name: "version", summary: "print wepaykit's version", run: runVersion}
}

const versionUsage = `Usage: wepaykit version

Prints wepaykit's version, its VCS revision when known, and the Go version
it was built with.

`

func runVersion(e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if code, done := parseFlags(e, fs, "version", versionUsage, args, nil); done {
		return code
	}
	if fs.NArg() > 0 {
		e.errorf("version", "unexpected argument %q", fs.Arg(0))
		return exitUsage
	}
	line := "wepaykit " + version()
	if rev := revision(); rev != "" {
		line += " (" + rev + ")"
	}
	fmt.Fprintf(e.stdout, "%s %s\n", line, runtime.Version())
	return exitOK
}

// version is the module version wepaykit was built as, "devel" for a build
// from a work tree.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "devel"
	}
	return bi.Main.Version
}

// revision is the VCS revision of the build, shortened, with "+dirty" for a
// modified work tree.
func revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}
