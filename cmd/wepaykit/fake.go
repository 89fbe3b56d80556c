package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

// fakeFlags are the flags of wepaykit fake.
type fakeFlags struct {
	side, state, country string
	seed                 int64
	count                int
	invalid              bool
}

func newFakeCmd(e *env) *cobra.Command {
	var f fakeFlags
	c := &cobra.Command{
		Use:   "fake OPERATION [flags]",
		Short: "print valid (or deliberately invalid) payloads",
		Long: `Prints a generated body of a call (for example /account/create) as JSON; with
--count above 1, one JSON document per line. The same --seed always gives the
same bytes. With --invalid it prints every single-defect variant the contract
implies, one per line, each with the finding it must produce:
{"name": ..., "body": ..., "want": {"pointer", "rule", "severity", "env"}}.

OPERATION is one of: ` + strings.Join(spec.OperationPaths(), ", ") + `.`,
		Example: `  wepaykit fake /account/create --count 3
  wepaykit fake /account --side response --state disabled --country CA
  wepaykit fake /account/modify --invalid`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeOperations,
		Annotations:       map[string]string{annExitCodes: "  0  printed\n  2  usage error"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runFake(&f, args[0])
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVar(&f.side, "side", "request", "which body: request or response")
	fl.Int64Var(&f.seed, "seed", 1, "random `seed`; the same seed gives the same bytes")
	fl.IntVarP(&f.count, "count", "n", 1, "how many bodies")
	fl.StringVar(&f.state, "state", "", "account `state` of account answers: action_required, pending, active, disabled or deleted")
	fl.StringVar(&f.country, "country", "", "account `country`: US or CA")
	fl.BoolVar(&f.invalid, "invalid", false, "print every single-defect variant with its expected finding")
	_ = c.RegisterFlagCompletionFunc("side", cobra.FixedCompletions([]string{string(spec.Request), string(spec.Response)}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("state", cobra.FixedCompletions([]string{spec.StateActionRequired, spec.StatePending, spec.StateActive, spec.StateDisabled, spec.StateDeleted}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("country", cobra.FixedCompletions([]string{"US", "CA"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func (e *env) runFake(f *fakeFlags, op string) error {
	switch {
	case !slices.Contains(spec.OperationPaths(), op):
		return usageErrorf("unknown operation %q (want one of %s)", op, strings.Join(spec.OperationPaths(), ", "))
	case f.side != string(spec.Request) && f.side != string(spec.Response):
		return usageErrorf("unknown --side %q (want request or response)", f.side)
	case f.count < 1:
		return usageErrorf("--count must be at least 1")
	}
	g, err := fake.New(f.seed)
	if err != nil {
		return inputErrorf("%v", err)
	}
	side := spec.Side(f.side)
	if f.invalid {
		vs, err := g.Invalid(op, side)
		if err != nil {
			return usageErrorf("%v", err)
		}
		for _, v := range vs {
			b, err := json.Marshal(v)
			if err != nil {
				return inputErrorf("%v", err)
			}
			fmt.Fprintf(e.stdout, "%s\n", b)
		}
		return nil
	}
	var opts []fake.BodyOption
	if f.state != "" {
		opts = append(opts, fake.WithState(f.state))
	}
	if f.country != "" {
		opts = append(opts, fake.WithCountry(f.country))
	}
	if f.count == 1 {
		p, err := g.Body(op, side, opts...)
		if err != nil {
			return usageErrorf("%v", err)
		}
		var pretty any
		_ = json.Unmarshal(p.JSON, &pretty)
		b, _ := json.MarshalIndent(pretty, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
		return nil
	}
	if err := g.WriteJSONLines(e.stdout, op, side, f.count, opts...); err != nil {
		return usageErrorf("%v", err)
	}
	return nil
}
