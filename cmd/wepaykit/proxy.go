package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// proxyOptions are the flags of wepaykit proxy.
type proxyOptions struct {
	listen   string
	upstream string
	reject   bool
	record   string
	recordAs string
	format   string
	strict   bool
	env      string
	maxBody  sizeValue
	timeout  time.Duration
	failOn   string
	// allowEmpty accepts a session in which no /account call went through
	// the proxy: by default it checked nothing, which is exit 2.
	allowEmpty bool
	tls        tlsOptions
	pf         policyFlags
	pol        *policy.Policy
}

// fromPolicy copies the policy's settings that apply to a proxy (strict,
// environment, max-body, fail-on; its rule control and ignores go to the
// validator) to the flags not given on the command line. Its hosts,
// scope, format and outputs do not apply: the proxy validates what it
// forwards to --upstream, and prints a stream of calls, not a report.
func (o *proxyOptions) fromPolicy(fs *pflag.FlagSet, pol *policy.Policy) {
	o.pol = pol
	if pol == nil {
		return
	}
	if !fs.Changed("strict") && pol.Strict != nil {
		o.strict = *pol.Strict
	}
	if !fs.Changed("env") && pol.Environment != "" {
		o.env = pol.Environment
	}
	if !fs.Changed("max-body") && pol.MaxBody > 0 {
		o.maxBody = sizeValue(pol.MaxBody)
	}
	if !fs.Changed("fail-on") && pol.FailOn != "" {
		o.failOn = pol.FailOn
	}
	if !fs.Changed("allow-empty") && pol.AllowEmpty != nil {
		o.allowEmpty = *pol.AllowEmpty
	}
}

func newProxyCmd(e *env) *cobra.Command {
	o := proxyOptions{maxBody: sizeValue(validate.DefaultMaxBody)}
	c := &cobra.Command{
		Use:   "proxy --upstream URL [flags]",
		Short: "run a validating, recording proxy in front of WePay or a stand-in",
		Long: `Runs a reverse proxy (package proxy) on --listen that forwards every call,
unchanged, to --upstream (WePay's stage, or any implementation of the
/account API) and validates each exchange as 'wepaykit validate' validates a
recording: the contract, the named rules and the account states across the
session. Point a staging app or an SDK client at the proxy instead of the
upstream. It runs until interrupted (SIGINT or SIGTERM).

Each call is printed as it completes, with its findings (--format text or
json). Calls outside /account are passed through without validation.
Bodies stream through; at most --max-body bytes of each are validated and
recorded. Tokens are never printed or recorded.

With --record FILE every /account exchange is appended to FILE as JSON
lines, secrets redacted, under the upstream's URL; an upstream that is not
a WePay host (a local stand-in) is recorded as https://stage.wepayapi.com
(--record-as changes it), so 'wepaykit validate FILE' needs no --host.

With --reject a request with an error finding is answered by the proxy with
WePay's error body (the status and error_code WePay would give) and never
reaches the upstream.`,
		Example: `  wepaykit proxy --upstream https://stage.wepayapi.com --record stage.jsonl
  wepaykit proxy --listen 127.0.0.1:8081 --upstream http://127.0.0.1:8080 --reject`,
		Args: cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: `  0  clean shutdown, no finding at or above --fail-on
  1  clean shutdown after findings at or above --fail-on
  2  usage error, the proxy cannot start, or no /account call went through
     it (it checked nothing; --allow-empty accepts that)`},
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := o.pf.load()
			if err != nil {
				return err
			}
			o.fromPolicy(cmd.Flags(), pol)
			return runProxy(cmd.Context(), o, e.stdout, e.stderr)
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVar(&o.listen, "listen", "127.0.0.1:8081", "`address` to listen on (port 0 picks a free port)")
	fl.StringVar(&o.upstream, "upstream", "", "`URL` to forward to, for example https://stage.wepayapi.com (required)")
	fl.BoolVar(&o.reject, "reject", false, "answer an invalid request with WePay's error body instead of forwarding it")
	fl.StringVar(&o.record, "record", "", "append every /account exchange to this `file` as JSON lines")
	fl.StringVar(&o.recordAs, "record-as", "", "scheme and host to record (and judge) exchanges under; default the upstream's, or https://stage.wepayapi.com for a host that is not WePay's")
	fl.StringVarP(&o.format, "format", "f", report.FormatText, "how calls are printed: text or json (one object per line)")
	fl.BoolVar(&o.allowEmpty, "allow-empty", false, "accept a session in which no /account call went through the proxy (exit 0 instead of 2)")
	fl.BoolVar(&o.strict, "strict", false, "report fields the contract does not list as errors, not warnings")
	fl.StringVar(&o.env, "env", "auto", "WePay `environment`: auto (told from the recorded host), stage or production")
	fl.Var(&o.maxBody, "max-body", "largest body validated and recorded, such as 10MiB; larger ones are forwarded whole and reported")
	fl.DurationVar(&o.timeout, "timeout", 0, "longest a call to the upstream may take, answer included (0: no limit); a call that runs out gets 504")
	fl.StringVar(&o.failOn, "fail-on", report.Error, "lowest `severity` that makes the exit code 1: error or warning")
	fl.StringVar(&o.tls.certFile, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM; with --tls-key)")
	fl.StringVar(&o.tls.keyFile, "tls-key", "", "the private key `file` of --tls-cert (PEM)")
	fl.StringVar(&o.tls.selfSigned, "tls-self-signed", "", "serve HTTPS with a certificate made at start for localhost, 127.0.0.1, stage.wepayapi.com and wepayapi.com, written to this `file` for clients to trust")
	o.pf.registerConfig(fl)
	_ = c.MarkFlagRequired("upstream")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("env", cobra.FixedCompletions([]string{"auto", "stage", "production"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// runProxy runs the proxy until ctx is done, then shuts it down (calls in
// flight get up to 10 seconds) and prints a summary on stderr.
func runProxy(ctx context.Context, o proxyOptions, stdout, stderr io.Writer) error {
	var print func(proxy.Event)
	switch o.format {
	case report.FormatText:
		print = proxy.TextPrinter(stdout)
	case report.FormatJSON:
		print = proxy.JSONPrinter(stdout)
	default:
		return usageErrorf("unknown --format %q (want text or json)", o.format)
	}
	if o.failOn != report.Error && o.failOn != report.Warning {
		return usageErrorf("unknown --fail-on %q (want error or warning)", o.failOn)
	}
	if o.timeout < 0 {
		return usageErrorf("--timeout must not be negative")
	}
	v, err := newValidator(o.pol, o.strict, o.env, int64(o.maxBody))
	if err != nil {
		return err
	}
	po := proxy.Options{Reject: o.reject, RecordBase: o.recordAs, MaxBody: int64(o.maxBody), Timeout: o.timeout, OnEvent: print}
	if o.record != "" {
		switch strings.ToLower(filepath.Ext(o.record)) {
		case ".har", ".yaml", ".yml":
			// Only JSON lines can be written today; a HAR or cassette name
			// holding JSON lines would mislead every later reader.
			return usageErrorf("--record %s: the proxy records JSON lines only; name the file .jsonl", o.record)
		}
		f, err := os.OpenFile(o.record, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return inputErrorf("%v", err)
		}
		defer f.Close()
		po.Recorder = traffic.NewJSONLWriter(f)
	}
	p, err := proxy.New(v, o.upstream, po)
	if err != nil {
		var ce *proxy.ConfigError
		if errors.As(err, &ce) {
			return usageErrorf("%v", err)
		}
		return inputErrorf("%v", err)
	}
	tlsConf, err := o.tls.config(o.listen)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return inputErrorf("%v", err)
	}
	scheme := "http"
	if tlsConf != nil {
		ln, scheme = tls.NewListener(ln, tlsConf), "https"
	}
	fmt.Fprintf(stdout, "wepaykit proxy at %s://%s -> %s\n", scheme, ln.Addr(), p.Upstream())
	if o.tls.selfSigned != "" {
		fmt.Fprintf(stdout, "self-signed certificate in %s (trust it: NODE_EXTRA_CA_CERTS, curl --cacert, SSL_CERT_FILE)\n", o.tls.selfSigned)
	}
	if o.record != "" {
		fmt.Fprintf(stdout, "recording /account exchanges to %s under %s\n", o.record, p.RecordBase())
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return inputErrorf("%v", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	<-done
	st := p.Stats()
	fmt.Fprintf(stderr, "wepaykit proxy: %d /account calls (%d rejected, %d failed upstream), %d passed through; %d %s, %d %s\n",
		st.Calls, st.Rejected, st.Failed, st.Passed, st.Errors, plural(int(st.Errors), "error", "errors"), st.Warnings, plural(int(st.Warnings), "warning", "warnings"))
	if st.Errors > 0 || o.failOn == report.Warning && st.Warnings > 0 {
		return exitWith(exitFindings)
	}
	if st.Calls == 0 && !o.allowEmpty {
		// An app never pointed at the proxy would otherwise pass.
		return inputErrorf("no /account call went through the proxy: it checked nothing (--allow-empty accepts such a session)")
	}
	return nil
}
