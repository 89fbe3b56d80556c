package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// stageRoot is the URL recordings of the fake are written under.
const stageRoot = "https://stage.wepayapi.com"

// serveOptions are the flags of wepaykit serve.
type serveOptions struct {
	addr   string
	seed   int64
	users  int
	admin  bool
	manual bool
	record string

	adminToken string
	hosts      []string
	maxBody    sizeValue
	timeouts   wepaytest.Timeouts
}

func newServeCmd(e *env) *cobra.Command {
	o := serveOptions{maxBody: validate.DefaultMaxBody, timeouts: wepaytest.DefaultTimeouts()}
	c := &cobra.Command{
		Use:   "serve [flags]",
		Short: "run a fake WePay /account API on a local port",
		Long: `Runs a stateful fake of WePay's v2 /account API (package fake/wepaytest) for
local development, until interrupted (SIGINT or SIGTERM). It prints the
API's base URL and, for each user it creates, the user's id and access
token; send the token as "Authorization: Bearer TOKEN".

Every request is validated against the contract and refused with WePay's
error body when it breaks it. Accounts live in memory and vanish on exit.
IPNs go to each account's callback_uri when its state changes, with WePay's
retry schedule (15m, 30m, 1h, 6h, 12h, 24h), and only to loopback addresses.

With --admin, POST routes under /admin/ play WePay's part:
  /admin/complete_kyc, /admin/add_bank_account  {"account_id": N}
  /admin/disable {"account_id": N, "reasons": ["fraud"]}, /admin/reinstate
  /admin/add_balance {"account_id": N, "amount": 10}, /admin/set_pending
  /admin/users {"name": "..."}, /admin/revoke_token, /admin/deliveries
  /admin/advance {"seconds": 900}  (with --manual-clock: time moves only
  through this route, so IPN retries can be exercised without waiting)
  /admin/set_state {"account_id": N, "state": "disabled", "reasons": ["fraud"]}
    (pending is an initial state only: a fresh account is re-marked as
    created in it; one that has moved is refused with 409)
  /admin/temporary_users {"name": "..."}: a user with a temporary access
    token, whose /account/create answers an account in pending
  /admin/faults {"operation": "/account", "times": 2, "status": 503,
    "error": "throttle_exceeded", "error_code": 1007} (or "kind": "drop" or
    "malformed", or "latency_ms"; "operation": "ipn" fails IPN deliveries),
  /admin/faults/clear
A Wepaykit-Fault request header (a fault as JSON) forces one call's fault.
The admin routes require "Authorization: Bearer T" with the admin token the server
prints at start ("admin token=T"; random on each run unless --admin-token
sets it), a JSON Content-Type, no foreign Origin, and a loopback Host (or
one given with --admin-host). Keep --addr on a loopback address: the
server warns when it is not.

With --record FILE every API exchange is appended to FILE as JSON lines
(secrets redacted), under the stage URL https://stage.wepayapi.com/v2/...
with the address it was sent to in "sent_to", ready for
'wepaykit validate FILE'. The admin routes, the KYC pages and GET or
HEAD requests outside /v2 (readiness probes, /favicon.ico) are not
recorded. A request body over --max-body is refused
(body-too-large) and recorded as truncated, so the server's memory stays
bounded whatever a client sends.`,
		Example: `  wepaykit serve --users 2 --admin
  wepaykit serve --addr 127.0.0.1:0 --record session.jsonl`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annExitCodes: "  0  clean shutdown (SIGINT or SIGTERM)\n  2  usage error, or the server cannot start"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.users < 0 {
				return usageErrorf("--users must not be negative")
			}
			if err := serve(cmd.Context(), o, e.stdout, e.stderr); err != nil {
				return inputErrorf("%v", err)
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.SortFlags = false
	fl.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free port)")
	fl.Int64Var(&o.seed, "seed", 1, "`seed` of the user ids, account ids and tokens; the same seed gives the same ones")
	fl.IntVar(&o.users, "users", 1, "how many users to create at start")
	fl.BoolVar(&o.admin, "admin", false, "enable the /admin/ routes")
	fl.BoolVar(&o.manual, "manual-clock", false, "start the clock at the current time and move it only through /admin/advance")
	fl.StringVar(&o.record, "record", "", "append every API exchange to this `file` as JSON lines")
	fl.StringVar(&o.adminToken, "admin-token", "", "bearer `token` the /admin/ routes require (default: a random one, printed at start)")
	fl.StringSliceVar(&o.hosts, "admin-host", nil, "`host` names the /admin/ routes accept in the Host header besides loopback ones (repeatable)")
	fl.Var(&o.maxBody, "max-body", "largest request body `size` read, in bytes or with a unit such as 10MiB; a larger one is refused")
	fl.DurationVar(&o.timeouts.ReadHeader, "read-header-timeout", o.timeouts.ReadHeader, "time allowed to read a request's headers")
	fl.DurationVar(&o.timeouts.Read, "read-timeout", o.timeouts.Read, "time allowed to read a whole request, body included")
	fl.DurationVar(&o.timeouts.Write, "write-timeout", o.timeouts.Write, "time allowed to write an answer")
	fl.DurationVar(&o.timeouts.Idle, "idle-timeout", o.timeouts.Idle, "time an idle keep-alive connection stays open")
	return c
}

// serve runs the fake until ctx is done, then shuts it down: calls in flight
// finish (for up to 10 seconds) and IPN retries still waiting are dropped.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if o.maxBody <= 0 {
		o.maxBody = validate.DefaultMaxBody
	}
	if o.timeouts == (wepaytest.Timeouts{}) {
		o.timeouts = wepaytest.DefaultTimeouts()
	}
	opts := []wepaytest.Option{wepaytest.WithSeed(o.seed), wepaytest.WithAdmin(o.admin), wepaytest.WithLogger(log),
		wepaytest.WithMaxBody(int64(o.maxBody)), wepaytest.WithAllowedHosts(o.hosts...)}
	if o.adminToken != "" {
		opts = append(opts, wepaytest.WithAdminToken(o.adminToken))
	}
	if o.manual {
		opts = append(opts, wepaytest.WithClock(wepaytest.NewManualClock(time.Now().UTC().Truncate(time.Second))))
	}
	// The recording is opened first: a file that cannot be written fails
	// the command before it announces a server and its tokens.
	var rec *os.File
	if o.record != "" {
		f, err := os.OpenFile(o.record, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return inputErrorf("--record: %v", err)
		}
		defer f.Close()
		rec = f
	}
	h, err := wepaytest.New(opts...)
	if err != nil {
		return err
	}
	defer h.Close()
	var handler http.Handler = h
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	root := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "WePay /account fake at %s/v2\n", root)
	for i := range o.users {
		u := h.NewUser(fmt.Sprintf("user%d", i+1))
		fmt.Fprintf(stdout, "user %s id=%d token=%s\n", u.Name, u.ID, u.Token)
	}
	if o.admin {
		fmt.Fprintf(stdout, "admin routes at %s/admin/\n", root)
		fmt.Fprintf(stdout, "admin token=%s\n", h.AdminToken())
	}
	if !wepaytest.IsLoopbackAddr(ln.Addr().String()) {
		fmt.Fprintf(stderr, "WARNING: wepaykit serve listens on %s, which other machines can reach: its users' tokens are fixed by --seed", ln.Addr())
		if o.admin {
			fmt.Fprint(stderr, " and its admin routes change any account")
		}
		fmt.Fprintln(stderr, ". Use a loopback --addr such as 127.0.0.1:8080 unless this network is yours.")
	}
	if rec != nil {
		skip := func(r *http.Request) bool { return !recordable(r) }
		// Recorded under the stage URL the fake stands in for, so that
		// 'wepaykit validate FILE' validates it with no --host; the real
		// address is kept in each line's sent_to.
		handler = traffic.KeepSentTo(traffic.RecordHandler(h, traffic.NewJSONLWriter(rec, traffic.WithRecordLimit(int64(o.maxBody))), stageRoot, h.Clock().Now, skip))
		fmt.Fprintf(stdout, "recording exchanges to %s\n", o.record)
	}
	srv := &http.Server{Handler: handler}
	o.timeouts.Apply(srv)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// recordable reports whether serve --record keeps a request: the API's
// calls, and a call sent outside /v2 (a wrong base URL is the client's
// bug, worth seeing); never the admin routes, the KYC pages (a browser's,
// with the merchant's personal and bank details) nor a GET or HEAD
// outside the API (a readiness probe, /favicon.ico).
func recordable(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/admin" || strings.HasPrefix(p, "/admin/"), strings.HasPrefix(p, wepaytest.UpdatePagePath):
		return false
	case strings.HasPrefix(p, "/v2/"):
		return true
	}
	return r.Method != http.MethodGet && r.Method != http.MethodHead
}
