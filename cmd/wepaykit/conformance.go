package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// conformanceOptions are the flags of wepaykit conformance.
type conformanceOptions struct {
	token, other, revoked string
	admin                 bool
	adminToken            string
	env                   string
	formats               []string // NAME or NAME=FILE, repeatable
	output                string   // the file of the format given without =FILE
	seed                  int64
	policyFlags
	run           string
	ops           []string
	verbose, keep bool
	verboseSet    bool   // -v or --verbose=false was given: it wins over the terminal's default
	specFile      string // --spec
	ipnWait       time.Duration
}

func newConformanceCmd(e *env) *cobra.Command {
	var o conformanceOptions
	c := &cobra.Command{
		Use:   "conformance [BASE_URL] [flags]",
		Short: "check that a WePay /account stand-in, proxy or replay layer honours the contract",
		Long: `Checks that an implementation of WePay's v2 /account API (a stand-in, a
proxy, a record/replay layer) honours the contract: lengths, enums, required
arguments, named rules, response schemas, state invariants and transitions,
auth and the error format (package conformance). Each check passes, fails or
is skipped with the reason (and the flag that would run it) when it needs
what the target lacks.

BASE_URL is the API's base address, ending in /v2, for example
http://127.0.0.1:8080/v2; --token is then required. The checks create
accounts for the token's user, each named and referenced with the run's own
id, and delete them at the end (--keep-accounts leaves them), so any number
of runs against one target pass alike. Request bodies carry only loopback
URLs; every callback_uri (sent only by the checks of callback_uri itself)
is on 127.0.0.1, so the target is never asked to reach beyond this machine.

The text report shows each cause of failure once: the rule, the place, the
checks that met it and one exchange (bodies trimmed, secrets redacted);
then the skipped checks by reason and a table per category. On a terminal
it shows failures only, in colour, with a progress line on stderr; written
to a file or a CI log it lists every check (-v and --verbose=false
override). github and sarif place each cause on the line of the contract it
is about: the named rule, the schema member or the operation, in
spec/openapi.yaml or the --spec file. --run and --op scope the run to the
checks a stand-in can answer.

Without BASE_URL, wepaykit starts its fake WePay server (fake/wepaytest) on
127.0.0.1 with two users, a revoked token and its admin routes, and checks
it with every capability.`,
		Example: `  wepaykit conformance
  wepaykit conformance http://127.0.0.1:8080/v2 --token T --other-token T2 --admin
  wepaykit conformance http://127.0.0.1:8080/v2 --token T --op /account/create --op /account --op /account/find --op /account/delete
  wepaykit conformance --run '^(lengths|enums)/account/create/' -v
  wepaykit conformance --format junit > conformance.xml`,
		Args: cobra.MaximumNArgs(1),
		Annotations: map[string]string{annExitCodes: "  0  no selected check failed, and at least one ran\n  1  a check failed\n" +
			"  2  usage error, the run could not start (the target is unreachable, refuses the token or the first call),\n" +
			"     or every selected check was skipped"},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := o.policyFlags.load()
			if err != nil {
				return err
			}
			o.verboseSet = cmd.Flags().Changed("verbose")
			if err := o.fromPolicy(cmd.Flags(), pol); err != nil {
				return err
			}
			return e.runConformance(cmd.Context(), &o, pol, args)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVar(&o.token, "token", "", "access `token` of the user whose accounts the checks create")
	fl.StringVar(&o.other, "other-token", "", "a second user's `token`: enables the cross-user checks")
	fl.StringVar(&o.revoked, "revoked-token", "", "a revoked `token`: enables the revoked-token check")
	fl.BoolVar(&o.admin, "admin", false, "drive account states through the target's /admin/ routes (as 'wepaykit serve --admin' offers): enables the state checks")
	fl.StringVar(&o.adminToken, "admin-token", "", "bearer `token` of the target's /admin/ routes (the 'admin token=' line of 'wepaykit serve --admin'); implies --admin")
	fl.StringVar(&o.env, "env", "stage", "the target's WePay `environment`: stage or production (enables the production-only rules)")
	fl.StringVar(&o.run, "run", "", "run only the checks whose names match this `regexp` (as go test -run)")
	fl.StringArrayVar(&o.ops, "op", nil, "run only the checks of this `operation` (/account/create, ...), whose every call is one given or /account/create; repeatable")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "list every check with its outcome, not only the failures (the default when stdout is not a terminal; --verbose=false turns it off)")
	fl.StringVar(&o.specFile, "spec", "", "check against this spec `file` (a partner's copy of the contract) instead of the embedded one; github and sarif place each cause on its line")
	fl.StringArrayVarP(&o.formats, "format", "f", nil, "report `format`: "+strings.Join(report.Formats(), ", ")+"; NAME=FILE writes that format to FILE (repeatable, so one run writes several formats)")
	fl.StringVarP(&o.output, "output", "o", "", "write the report to `file` instead of standard output")
	fl.BoolVar(&o.keep, "keep-accounts", false, "leave the accounts the run creates instead of deleting them at the end")
	fl.DurationVar(&o.ipnWait, "ipn-wait", conformance.DefaultIPNWait, "how long the ipn checks wait for the target's IPN at their listener on 127.0.0.1 (none in time: skipped)")
	fl.Int64Var(&o.seed, "seed", 1, "`seed` of the request bodies (and of the built-in fake's ids and tokens)")
	o.policyFlags.register(fl)
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.Formats(), cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("env", cobra.FixedCompletions([]string{"stage", "production"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("op", cobra.FixedCompletions(spec.OperationPaths(), cobra.ShellCompDirectiveNoFileComp))
	return c
}

// fromPolicy copies the policy's settings that apply to conformance to
// the flags not given on the command line: environment (stage or
// production; auto leaves --env's default), and the format and outputs of
// its conformance section, else the top-level ones. Rules, ignores and the
// conformance baseline apply to the results. hosts, strict, scope,
// max-body and the recording keys do not apply: the target is the
// BASE_URL, and the checks send what they choose.
func (o *conformanceOptions) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy) error {
	if pol == nil {
		return nil
	}
	if !fs.Changed("env") && (pol.Environment == "stage" || pol.Environment == "production") {
		o.env = pol.Environment
	}
	r := reportFlags{formats: o.formats}
	format, outs := pol.Reports("conformance")
	if err := r.fromPolicy(fs, pol, "", format, outs); err != nil {
		return err
	}
	o.formats = r.formats
	return nil
}

func (e *env) runConformance(ctx context.Context, o *conformanceOptions, pol *policy.Policy, pos []string) error {
	if err := checkRules(pol, nil); err != nil {
		return err
	}
	outs, err := (&reportFlags{formats: o.formats, output: o.output, failOn: report.Error}).outputs()
	if err != nil {
		return err
	}
	if err := o.policyFlags.check(); err != nil {
		return err
	}
	baseline, baselineFile, err := o.policyFlags.readBaseline(pol, "conformance", "conformance")
	if err != nil {
		return err
	}
	switch {
	case o.env != "stage" && o.env != "production":
		return usageErrorf("unknown --env %q (want stage or production)", o.env)
	case len(pos) == 1 && o.token == "":
		return usageErrorf("--token is required with a BASE_URL")
	case len(pos) == 0 && (o.token != "" || o.other != "" || o.revoked != ""):
		return usageErrorf("tokens need a BASE_URL; the built-in fake server makes its own")
	}
	began := time.Now()
	target := conformance.Target{Token: o.token, OtherToken: o.other, RevokedToken: o.revoked,
		Environment: validate.Environment(o.env), Seed: o.seed, Run: o.run, Ops: o.ops, KeepAccounts: o.keep, IPNWait: o.ipnWait}
	if o.specFile != "" {
		sp, err := spec.LoadFile(o.specFile)
		if err != nil {
			return inputErrorf("%v", err)
		}
		target.Spec = sp
	}
	if len(pos) == 1 {
		target.BaseURL = pos[0]
		if o.admin || o.adminToken != "" {
			target.Driver = &conformance.Admin{URL: pos[0], Token: o.adminToken}
		}
	} else {
		shutdown, err := startFake(&target, o.seed)
		if err != nil {
			return inputErrorf("starting the fake server: %v", err)
		}
		defer shutdown()
	}
	// A progress line on a terminal, as validate draws one: stderr, so
	// that the report on stdout stays clean when it is redirected.
	showProgress := isTerminal(e.stderr)
	if showProgress {
		failed := 0
		target.Progress = func(done, total int, last conformance.Result) {
			if last.Status == conformance.StatusFail {
				failed++
			}
			fmt.Fprintf(e.stderr, "\r%s\x1b[K", conformanceProgress(done, total, failed, last.Check))
		}
	}
	rep, err := conformance.Execute(ctx, target)
	if showProgress && rep != nil && len(rep.Results) > 0 {
		fmt.Fprint(e.stderr, "\r\x1b[K")
	}
	if err != nil {
		// An unusable target or selection, a run that could not start and
		// an interrupted run are exit 2, with one line.
		var te *conformance.TargetError
		var se *conformance.SetupError
		switch {
		case errors.As(err, &te):
			return usageErrorf("%s", strings.TrimPrefix(te.Error(), "conformance: target: "))
		case errors.As(err, &se):
			return inputErrorf("cannot start: %s (hint: %s)", strings.TrimPrefix(se.Error(), "conformance: setup: "), se.Hint())
		}
		return inputErrorf("%v", err)
	}
	rep.Baseline, err = e.conformancePolicy(o, pol, baseline, baselineFile, rep.Results)
	if err != nil {
		return err
	}
	wall := time.Since(began)
	for _, out := range outs {
		co := conformance.Output{Format: out.format, Verbose: o.verbose || o.showIgnored, Wall: wall, Version: version(),
			SpecFile: o.specFile, BaseDir: workDir()}
		if out.file == "" && out.format == report.FormatText {
			co.Color = e.colorOn(e.stdout)
		}
		if !o.verboseSet && !o.showIgnored {
			// Failures only on a terminal; every check in a file or a CI log.
			co.Verbose = out.file != "" || !isTerminal(e.stdout)
		}
		if err := e.writeConformance(rep, out, co); err != nil {
			return err
		}
	}
	if b := rep.Baseline; b != nil && len(b.Gone) > 0 && !b.Pruned {
		fmt.Fprintf(e.stderr, "wepaykit conformance: %d baseline %s no longer %s (--prune-baseline removes %s): %s\n", len(b.Gone),
			plural(len(b.Gone), "entry", "entries"), plural(len(b.Gone), "fails", "fail"), plural(len(b.Gone), "it", "them"), strings.Join(b.Gone, ", "))
	}
	total, _ := conformance.Tallies(rep.Results)
	switch {
	case total.Fail > 0:
		return exitWith(exitFindings)
	case total.Pass == 0 && total.Known == 0:
		// A run that checked nothing is not a success.
		return inputErrorf("every selected check was skipped: nothing was checked (the reasons name the flags that would run them)")
	}
	return nil
}

// writeConformance writes one report of a run, to standard output or its
// file. A file that cannot be written is exit 2.
func (e *env) writeConformance(rep *conformance.Report, out output, o conformance.Output) error {
	if out.file == "" {
		if err := conformance.WriteReport(e.stdout, rep, o); err != nil {
			return inputErrorf("writing the %s report: %v", out.format, err)
		}
		return nil
	}
	f, err := os.Create(out.file)
	if err != nil {
		return inputErrorf("cannot write %s: %v", out.file, pathErrText(err))
	}
	werr := conformance.WriteReport(f, rep, o)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		return inputErrorf("writing %s: %v", out.file, errors.Join(werr, cerr))
	}
	return nil
}

// refuseAll refuses every request: no IPN leaves the process.
type refuseAll struct{}

func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("wepaykit conformance delivers no IPNs")
}

// ipnListenerOnly is the built-in fake's IPN client: it delivers only to
// the listener the ipn checks host (http://127.0.0.1:PORT/ipn/...) and
// refuses every other callback_uri, so that no IPN leaves the process's
// own listeners.
type ipnListenerOnly struct{}

func (ipnListenerOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme == "http" && r.URL.Hostname() == "127.0.0.1" && strings.HasPrefix(r.URL.Path, "/ipn/") {
		return http.DefaultTransport.RoundTrip(r)
	}
	return refuseAll{}.RoundTrip(r)
}

// startFake runs the fake WePay server on a loopback port with an owner,
// a second user and a revoked token, and points the target at it.
func startFake(t *conformance.Target, seed int64) (func(), error) {
	// A manual clock: the driver moves it a second before each account, so
	// create_times differ without waiting.
	clock := wepaytest.NewManualClock(time.Now().UTC().Truncate(time.Second))
	h, err := wepaytest.New(wepaytest.WithSeed(seed), wepaytest.WithAdmin(true), wepaytest.WithClock(clock),
		wepaytest.WithHTTPClient(&http.Client{Transport: ipnListenerOnly{}}))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Close()
		return nil, err
	}
	srv := &http.Server{Handler: h}
	wepaytest.DefaultTimeouts().Apply(srv)
	go func() { _ = srv.Serve(ln) }()
	root := "http://" + ln.Addr().String()
	owner, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		_ = srv.Close()
		h.Close()
		return nil, err
	}
	t.BaseURL, t.Token, t.OtherToken, t.RevokedToken = root+"/v2", owner.Token, other.Token, gone.Token
	t.Driver = &conformance.Admin{URL: root, Token: h.AdminToken()}
	return func() { h.Close(); _ = srv.Close() }, nil
}

// conformanceProgress is the progress line: checks done of selected, the
// failures so far and the check just run.
func conformanceProgress(done, total, failed int, check string) string {
	s := fmt.Sprintf("wepaykit conformance: %d/%d checks", done, total)
	if failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	if r := []rune(check); len(r) > 48 {
		check = string(r[:47]) + "…"
	}
	return s + ": " + check
}
