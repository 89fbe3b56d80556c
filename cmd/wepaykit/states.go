package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/spec"
)

func newStatesCmd(e *env) *cobra.Command {
	var format, specFile string
	c := &cobra.Command{
		Use:   "states [--format mermaid|dot] [--spec FILE]",
		Short: "print the account state machine as a diagram",
		Long: `Prints the account state table (x-wepaykit-account-states in the spec) as a
Mermaid state diagram, which GitHub renders, or as a Graphviz digraph.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: "  0  the diagram was printed\n  2  usage error or unreadable spec"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "mermaid" && format != "dot" {
				return usageErrorf("unknown --format %q (want mermaid or dot)", format)
			}
			var sp *spec.Spec
			var err error
			if specFile != "" {
				sp, err = spec.LoadFile(specFile)
			} else {
				sp, err = spec.Load()
			}
			if err != nil {
				return inputErrorf("%v", err)
			}
			out, err := sp.States().Diagram(format)
			if err != nil {
				return usageErrorf("%v (want mermaid or dot)", err)
			}
			_, _ = io.WriteString(e.stdout, out)
			return nil
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "mermaid", "diagram `format`: mermaid or dot")
	c.Flags().StringVar(&specFile, "spec", "", "read the state table from this spec `file` instead of the embedded one")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"mermaid", "dot"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}
