package main

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

func fakeCommand() command {
	return command{name: "fake", summary: "print valid (or deliberately invalid) payloads", run: runFake}
}

const fakeUsage = `Usage: wepaykit fake OPERATION [flags]

Prints a generated body of a call (for example /account/create) as JSON; with
--count above 1, one JSON document per line. The same --seed always gives the
same bytes. With --invalid it prints every single-defect variant the contract
implies, one per line, each with the finding it must produce:
{"name": ..., "body": ..., "want": {"pointer", "rule", "severity", "env"}}.

`

func runFake(e *env, args []string) int {
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	side := fs.String("side", "request", "request or response")
	seed := fs.Int64("seed", 1, "random seed")
	count := fs.Int("count", 1, "how many bodies")
	state := fs.String("state", "", "account state for account answers: action_required, pending, active, disabled or deleted")
	country := fs.String("country", "", "account country: US or CA")
	invalid := fs.Bool("invalid", false, "print every single-defect variant with its expected finding")
	var pos []string
	if code, done := parseFlags(e, fs, "fake", fakeUsage, args, &pos); done {
		return code
	}
	if len(pos) != 1 {
		e.errorf("fake", "want exactly one OPERATION, for example /account/create\nRun 'wepaykit fake --help' for usage.")
		return exitUsage
	}
	op := pos[0]
	if *side != string(spec.Request) && *side != string(spec.Response) {
		e.errorf("fake", "--side must be request or response, not %q", *side)
		return exitUsage
	}
	if *count < 1 {
		e.errorf("fake", "--count must be at least 1")
		return exitUsage
	}
	g, err := fake.New(*seed)
	if err != nil {
		e.errorf("fake", "%v", err)
		return exitUsage
	}
	if *invalid {
		vs, err := g.Invalid(op, spec.Side(*side))
		if err != nil {
			e.errorf("fake", "%v", err)
			return exitUsage
		}
		for _, v := range vs {
			b, err := json.Marshal(v)
			if err != nil {
				e.errorf("fake", "%v", err)
				return exitUsage
			}
			fmt.Fprintf(e.stdout, "%s\n", b)
		}
		return exitOK
	}
	var opts []fake.BodyOption
	if *state != "" {
		opts = append(opts, fake.WithState(*state))
	}
	if *country != "" {
		opts = append(opts, fake.WithCountry(*country))
	}
	if *count == 1 {
		p, err := g.Body(op, spec.Side(*side), opts...)
		if err != nil {
			e.errorf("fake", "%v", err)
			return exitUsage
		}
		var pretty any
		_ = json.Unmarshal(p.JSON, &pretty)
		b, _ := json.MarshalIndent(pretty, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
		return exitOK
	}
	if err := g.WriteJSONLines(e.stdout, op, spec.Side(*side), *count, opts...); err != nil {
		e.errorf("fake", "%v", err)
		return exitUsage
	}
	return exitOK
}
