package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/traffic"
)

const serveUsage = `Usage: wepaykit serve [--addr HOST:PORT] [--seed N] [--users N] [--admin] [--manual-clock] [--record FILE]

Runs a stateful fake of WePay's v2 /account API (package fake/wepaytest) for
local development, until interrupted (SIGINT or SIGTERM). It prints the
API's base URL and, for each user it creates, the user's id and access
token; send the token as "Authorization: Bearer TOKEN".

Every request is validated against the contract and refused with WePay's
error body when it breaks it. Accounts live in memory and vanish on exit.
IPNs go to each account's callback_uri when its state changes, with WePay's
retry schedule (15m, 30m, 1h, 6h, 12h, 24h).

With --admin, POST routes under /admin/ play WePay's part:
  /admin/complete_kyc, /admin/add_bank_account  {"account_id": N}
  /admin/disable {"account_id": N, "reasons": ["fraud"]}, /admin/reinstate
  /admin/add_balance {"account_id": N, "amount": 10}, /admin/set_pending
  /admin/users {"name": "..."}, /admin/revoke_token, /admin/deliveries
  /admin/advance {"seconds": 900}  (with --manual-clock: time moves only
  through this route, so IPN retries can be exercised without waiting)
They need no token: keep --addr on a loopback address.

IPNs are delivered only to loopback addresses. With --record FILE every API
exchange is appended to FILE as JSON lines (Authorization values redacted),
ready for 'wepaykit validate FILE'.

`

const serveExitCodes = `Exit codes:
  0  clean shutdown (SIGINT or SIGTERM)
  2  usage error, or the server cannot start
`

// serveOptions are the flags of wepaykit serve.
type serveOptions struct {
	addr   string
	seed   int64
	users  int
	admin  bool
	manual bool
	record string
}

// serveCommand runs `wepaykit serve`. It returns 0 after a clean shutdown
// and 2 on a usage error or when the server cannot start (for example, the
// address is in use).
func serveCommand(args []string, stdout, stderr io.Writer) int {
	var o serveOptions
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free port)")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the user ids, account ids and tokens; the same seed gives the same ones")
	fs.IntVar(&o.users, "users", 1, "how many users to create at start")
	fs.BoolVar(&o.admin, "admin", false, "enable the /admin/ routes")
	fs.BoolVar(&o.manual, "manual-clock", false, "start the clock at the current time and move it only through /admin/advance")
	fs.StringVar(&o.record, "record", "", "append every API exchange to this `file` as JSON lines")
	if code, done := parseFlagsExit(&env{stdout: stdout, stderr: stderr}, fs, "serve", serveUsage, serveExitCodes, args, nil); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "wepaykit serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	case o.users < 0:
		fmt.Fprintln(stderr, "wepaykit serve: --users must not be negative")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "wepaykit serve: %v\n", err)
		return 2
	}
	return 0
}

// serve runs the fake until ctx is done, then shuts it down: calls in flight
// finish (for up to 10 seconds) and IPN retries still waiting are dropped.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	opts := []wepaytest.Option{wepaytest.WithSeed(o.seed), wepaytest.WithAdmin(o.admin), wepaytest.WithLogger(log)}
	if o.manual {
		opts = append(opts, wepaytest.WithClock(wepaytest.NewManualClock(time.Now().UTC().Truncate(time.Second))))
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
	}
	if o.record != "" {
		f, err := os.OpenFile(o.record, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		skipAdmin := func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/admin/") }
		handler = traffic.RecordHandler(h, traffic.NewJSONLWriter(f), root, h.Clock().Now, skipAdmin)
		fmt.Fprintf(stdout, "recording exchanges to %s\n", o.record)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
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
