package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"
)

// newConfigRulesCmd is "wepaykit config rules": every rule id a policy
// file may name, by the checker that reports it.
func newConfigRulesCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "list every rule id a policy file may name, by checker",
		Long: `Lists the rule ids that the rules and ignore entries of .wepaykit.yaml may
name: the validator's (validate, coverage, proxy and the Go helpers), lint's
checks of one document, lint's change checks (--against), and the names of
the conformance checks (a failing check is accepted by its name). A glob
such as schema.* names every id it matches.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: "  0  listed\n  2  usage error"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := allRuleIDs(nil)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(e.stdout)
			for _, g := range []struct {
				title string
				ids   []string
			}{
				{"validate (recordings, bodies, proxy, validate.WithPolicy)", ids.validator},
				{"lint (one document)", ids.lint},
				{"lint --against (changes from a baseline spec)", ids.changes},
				{"conformance (check names)", ids.checks},
			} {
				fmt.Fprintf(w, "# %s: %d\n", g.title, len(g.ids))
				for _, id := range g.ids {
					fmt.Fprintln(w, id)
				}
			}
			return w.Flush()
		},
	}
}
