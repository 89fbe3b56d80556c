package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/validate"
)

const conformanceUsage = `Usage: wepaykit conformance [BASE_URL] [flags]

Checks that an implementation of WePay's v2 /account API (a stand-in, a
proxy, a record/replay layer) honours the contract: lengths, enums, required
arguments, named rules, response schemas, state invariants and transitions,
auth and the error format (package conformance). Each check passes, fails or
is skipped with the reason when it needs what the target lacks.

BASE_URL is the API's base address, ending in /v2, for example
http://127.0.0.1:8080/v2; --token is then required. The checks create
accounts for the token's user. Request bodies carry only loopback URLs;
every callback_uri (sent only by the checks of callback_uri itself) is on
127.0.0.1, so the target is never asked to reach beyond this machine.

Without BASE_URL, wepaykit starts its fake WePay server (fake/wepaytest) on
127.0.0.1 with two users, a revoked token and its admin routes, and checks
it with every capability.

Examples:
  wepaykit conformance
  wepaykit conformance http://127.0.0.1:8080/v2 --token T --other-token T2 --admin
  wepaykit conformance --format junit > conformance.xml

`

// conformanceExitCodes ends the usage text.
const conformanceExitCodes = `Exit codes:
  0  every check passed or was skipped
  1  a check failed
  2  usage error, or the target is unreachable
`

// conformanceOptions are the flags of wepaykit conformance.
type conformanceOptions struct {
	token, other, revoked string
	admin                 bool
	env, format           string
	seed                  int64
}

// conformanceCommand runs `wepaykit conformance`.
func conformanceCommand(args []string, stdout, stderr io.Writer) int {
	var o conformanceOptions
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.StringVar(&o.token, "token", "", "access `token` of the user whose accounts the checks create")
	fs.StringVar(&o.other, "other-token", "", "a second user's `token`: enables the cross-user checks")
	fs.StringVar(&o.revoked, "revoked-token", "", "a revoked `token`: enables the revoked-token check")
	fs.BoolVar(&o.admin, "admin", false, "drive account states through the target's /admin/ routes (as `wepaykit serve --admin` offers)")
	fs.StringVar(&o.env, "env", "stage", "the target's WePay `environment`: stage or production")
	fs.StringVar(&o.format, "format", "text", "report `format`: text, json or junit")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the request bodies (and of the built-in fake's ids and tokens)")
	var pos []string
	if code, done := parseFlagsExit(&env{stdout: stdout, stderr: stderr}, fs, "conformance", conformanceUsage, conformanceExitCodes, args, &pos); done {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "wepaykit conformance: %s\n", fmt.Sprintf(format, a...))
		return exitUsage
	}
	switch {
	case len(pos) > 1:
		return usage("unexpected argument %q", pos[1])
	case o.format != "text" && o.format != "json" && o.format != "junit":
		return usage("unknown --format %q (want text, json or junit)", o.format)
	case o.env != "stage" && o.env != "production":
		return usage("unknown --env %q (want stage or production)", o.env)
	case len(pos) == 1 && o.token == "":
		return usage("--token is required with a BASE_URL")
	case len(pos) == 0 && (o.token != "" || o.other != "" || o.revoked != ""):
		return usage("tokens need a BASE_URL; the built-in fake server makes its own")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	began := time.Now()
	target := conformance.Target{Token: o.token, OtherToken: o.other, RevokedToken: o.revoked,
		Environment: validate.Environment(o.env), Seed: o.seed}
	if len(pos) == 1 {
		target.BaseURL = pos[0]
		if o.admin {
			target.Driver = conformance.AdminDriver(pos[0], nil)
		}
	} else {
		shutdown, err := startFake(&target, o.seed)
		if err != nil {
			fmt.Fprintf(stderr, "wepaykit conformance: starting the fake server: %v\n", err)
			return exitUsage
		}
		defer shutdown()
	}
	res, err := conformance.Results(ctx, target)
	if err != nil {
		// An unusable target, one that does not answer, or an interrupted
		// run is exit 2; a target that answers but cannot make the shared
		// accounts fails (exit 1).
		var te *conformance.TargetError
		var se *conformance.SetupError
		code := exitFindings
		if errors.As(err, &te) || (errors.As(err, &se) && se.Unreachable) || ctx.Err() != nil {
			code = exitUsage
		}
		fmt.Fprintf(stderr, "wepaykit conformance: %v\n", err)
		return code
	}
	if err := writeConformance(stdout, o.format, res, time.Since(began)); err != nil {
		fmt.Fprintf(stderr, "wepaykit conformance: %v\n", err)
		return exitUsage
	}
	for _, r := range res {
		if r.Status == conformance.StatusFail {
			return exitFindings
		}
	}
	return exitOK
}

// refuseAll is the fake's IPN client: no IPN leaves the process.
type refuseAll struct{}

func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("wepaykit conformance delivers no IPNs")
}

// startFake runs the fake WePay server on a loopback port with an owner,
// a second user and a revoked token, and points the target at it.
func startFake(t *conformance.Target, seed int64) (func(), error) {
	h, err := wepaytest.New(wepaytest.WithSeed(seed), wepaytest.WithAdmin(true),
		wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Close()
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	root := "http://" + ln.Addr().String()
	owner, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		_ = srv.Close()
		h.Close()
		return nil, err
	}
	t.BaseURL, t.Token, t.OtherToken, t.RevokedToken = root+"/v2", owner.Token, other.Token, gone.Token
	t.Driver = conformance.AdminDriver(root, nil)
	return func() { h.Close(); _ = srv.Close() }, nil
}

// tally counts results by status.
type tally struct {
	Pass int `json:"pass"`
	Fail int `json:"fail"`
	Skip int `json:"skip"`
}

func (t *tally) add(status string) {
	switch status {
	case conformance.StatusPass:
		t.Pass++
	case conformance.StatusFail:
		t.Fail++
	default:
		t.Skip++
	}
}

func writeConformance(w io.Writer, format string, res []conformance.Result, wall time.Duration) error {
	var total tally
	by := map[string]*tally{}
	for _, r := range res {
		total.add(r.Status)
		if by[r.Category] == nil {
			by[r.Category] = &tally{}
		}
		by[r.Category].add(r.Status)
	}
	switch format {
	case "json":
		return conformanceJSON(w, res, total, by, wall)
	case "junit":
		return conformanceJUnit(w, res, total, wall)
	}
	var b strings.Builder
	for _, r := range res {
		fmt.Fprintf(&b, "%s  %s", strings.ToUpper(r.Status), r.Check)
		if r.Reason != "" {
			fmt.Fprintf(&b, "  %s", r.Reason)
		}
		b.WriteString("\n")
	}
	for _, r := range res {
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "\n%s\n", f)
		}
	}
	fmt.Fprintf(&b, "\n%d passed, %d failed, %d skipped in %s\n", total.Pass, total.Fail, total.Skip, wall.Round(time.Millisecond))
	for _, cat := range conformance.Categories() {
		if t := by[cat]; t != nil {
			fmt.Fprintf(&b, "  %-10s %3d pass %3d fail %3d skip\n", cat, t.Pass, t.Fail, t.Skip)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type jsonCheck struct {
	Check      string        `json:"check"`
	Category   string        `json:"category"`
	Status     string        `json:"status"`
	Reason     string        `json:"reason"`
	DurationMS float64       `json:"duration_ms"`
	Failures   []jsonFailure `json:"failures,omitempty"`
}

type jsonFailure struct {
	Call string `json:"call,omitempty"`
	Sent string `json:"sent,omitempty"`
	Got  string `json:"got,omitempty"`
	Msg  string `json:"message"`
}

func conformanceJSON(w io.Writer, res []conformance.Result, total tally, by map[string]*tally, wall time.Duration) error {
	out := struct {
		Checks  []jsonCheck `json:"checks"`
		Summary struct {
			tally
			ByCategory map[string]*tally `json:"by_category"`
			WallMS     float64           `json:"wall_ms"`
		} `json:"summary"`
	}{Checks: []jsonCheck{}}
	for _, r := range res {
		c := jsonCheck{Check: r.Check, Category: r.Category, Status: r.Status, Reason: r.Reason, DurationMS: ms(r.Duration)}
		for _, f := range r.Failures {
			c.Failures = append(c.Failures, jsonFailure{Call: f.Call, Sent: f.Sent, Got: f.Got, Msg: f.Msg})
		}
		out.Checks = append(out.Checks, c)
	}
	out.Summary.tally, out.Summary.ByCategory, out.Summary.WallMS = total, by, ms(wall)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type junitCase struct {
	Class   string        `xml:"classname,attr"`
	Name    string        `xml:"name,attr"`
	Time    string        `xml:"time,attr"`
	Failure *junitMessage `xml:"failure,omitempty"`
	Skipped *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func conformanceJUnit(w io.Writer, res []conformance.Result, total tally, wall time.Duration) error {
	type suite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	s := suite{Name: "wepaykit conformance", Tests: len(res), Failures: total.Fail, Skipped: total.Skip, Time: seconds(wall)}
	for _, r := range res {
		c := junitCase{Class: "conformance." + r.Category, Name: r.Check, Time: seconds(r.Duration)}
		switch r.Status {
		case conformance.StatusFail:
			var text []string
			for _, f := range r.Failures {
				text = append(text, f.Error())
			}
			c.Failure = &junitMessage{Message: r.Reason, Text: strings.Join(text, "\n\n")}
		case conformance.StatusSkip:
			c.Skipped = &junitMessage{Message: r.Reason}
		}
		s.Cases = append(s.Cases, c)
	}
	doc := struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []suite  `xml:"testsuite"`
	}{Suites: []suite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
