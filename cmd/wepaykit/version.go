package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/spec"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print wepaykit's version",
		Long: `Prints wepaykit's module version (from the build information: a tag for
'go install ...@v1.2.3', "devel" for a build from a work tree), its VCS
revision when known, the version of WePay's API that the embedded contract
describes, and the Go version it was built with.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: "  0  printed\n  2  usage error"},
		RunE: func(cmd *cobra.Command, args []string) error {
			line := "wepaykit " + version()
			if rev := revision(); rev != "" {
				line += " (" + rev + ")"
			}
			if v := contractVersion(); v != "" {
				line += " contract " + v
			}
			fmt.Fprintf(e.stdout, "%s %s\n", line, runtime.Version())
			return nil
		},
	}
}

// contractVersion is the WePay API version the embedded spec describes.
func contractVersion() string {
	s, err := spec.Load()
	if err != nil || s.Document().Info == nil {
		return ""
	}
	return s.Document().Info.Version
}

// stamp is a version given at link time (-ldflags "-X main.stamp=v1.2.3"),
// for a build without the module's VCS data: the container image, built
// from a copy of the tree without .git (scripts/build-static.sh reads
// WEPAYKIT_VERSION). It is set by the linker only, never at run time.
var stamp string

// version is the module version wepaykit was built as, "devel" for a build
// from a work tree.
func version() string {
	if stamp != "" {
		return stamp
	}
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
