package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// Target is the implementation under test and what the checks may use.
type Target struct {
	// Handler is an in-process implementation; requests go straight to its
	// ServeHTTP. Exactly one of Handler and BaseURL is set.
	Handler http.Handler
	// BaseURL is the API's base address, ending in /v2, for example
	// http://127.0.0.1:8080/v2.
	BaseURL string
	// Client sends requests to BaseURL; nil means a client with a 30-second
	// timeout. It is not used with Handler.
	Client *http.Client
	// Token is an access token of the user whose accounts the checks create.
	Token string
	// OtherToken is a valid token of a second user; it enables the
	// cross-user checks.
	OtherToken string
	// RevokedToken is a token the target knows as revoked; it enables the
	// revoked-token check.
	RevokedToken string
	// Driver plays WePay's and the account owner's parts; it enables the
	// state transition checks and /account/settlement_setup, which needs
	// KYC to be complete first.
	Driver StateDriver
	// Environment is the target's WePay environment. Empty means
	// validate.EnvAuto: production for wepayapi.com, stage otherwise.
	// Production enables the checks of rules that hold only there. The
	// checks create accounts and move them between states: point them at
	// a stand-in or at stage, not at production.
	Environment validate.Environment
	// Seed makes the generated request bodies; 0 means 1. The same seed
	// sends the same values, apart from the run id.
	Seed int64
	// Policy and Baseline accept known failures of the target: a failing
	// check whose name the baseline lists, that is off under rules or that
	// an ignore entry names (rule: the check's name) gets StatusKnown and
	// does not fail the run (see [ApplyPolicy]). Both may be nil.
	Policy   *policy.Policy
	Baseline *policy.Baseline

	// Clock moves the target's clock forward, so that the accounts a run
	// creates get distinct create_times without waiting and the order
	// /account/find answers in can be seen. nil means the Driver's, when
	// the Driver has an Advance method of this shape (as
	// wepaytest.Driver and [AdminDriver] do); without one, or when Advance
	// fails, the checks that compare create times wait a second between
	// the accounts they create.
	Clock Clock

	// IPNWait is how long an ipn check waits for the target's IPN at the
	// listener it hosts on 127.0.0.1; 0 means DefaultIPNWait. No delivery
	// within it skips the check (a target that cannot reach this machine,
	// such as a remote stage, is not failed for it).
	IPNWait time.Duration

	// Run selects the checks whose names match this regular expression
	// (as go test -run does); "" selects every check. The CLI's --run.
	Run string
	// Ops selects the checks of these operations (spec.OpCreate, ...): a
	// check is selected when the call it examines is one of Ops and every
	// other call it makes is one of Ops or /account/create, which the
	// shared setup needs anyway. Checks of no one call (errors/every-answer,
	// errors/unknown-call) stay selected. Empty selects every check. The
	// CLI's --op, repeatable.
	Ops []string

	// RunID is put into the name and reference_id of every account the run
	// creates (and into every name /account/modify sets), so that runs
	// against one target never collide; only a name a check leaves out or
	// sends of the wrong type cannot carry it. "" means a random one.
	RunID string
	// Spec is the contract to check against: a partner's copy of the spec
	// (spec.LoadFile), for example with extensions. nil means the embedded
	// one. The CLI's --spec.
	Spec *spec.Spec
	// Progress, when set, is called by [Execute] after each check with the
	// checks done, the checks selected and the check's result, on the
	// goroutine that runs Execute. The CLI draws its progress line with
	// it.
	Progress func(done, total int, last Result)
	// KeepAccounts leaves the accounts the run created. By default they
	// are deleted with /account/delete once the checks are done (where the
	// target allows it), so that reruns do not pile up accounts.
	KeepAccounts bool
}

// Clock moves a target's clock. An error means it cannot be moved (for
// example, the target runs on the wall clock); the suite then waits
// instead.
type Clock interface {
	Advance(ctx context.Context, d time.Duration) error
}

// StateDriver changes accounts in ways the /account calls cannot. Each
// method returns an error when the target refuses the change, for example
// on a deleted account.
type StateDriver interface {
	// CompleteKYC records that the owner completed KYC.
	CompleteKYC(ctx context.Context, id int64) error
	// AddBankAccount records that the owner added a settlement bank.
	AddBankAccount(ctx context.Context, id int64) error
	// Disable disables the account for the given disabled_reasons.
	Disable(ctx context.Context, id int64, reasons ...string) error
	// Reinstate lifts a disablement.
	Reinstate(ctx context.Context, id int64) error
	// AddBalance adds amount (negative to take money out) to the balance.
	AddBalance(ctx context.Context, id int64, amount float64) error
}

// StateSetter is a [StateDriver] that can also put an account straight into
// a state (walking the state table's legal path), as wepaytest's Driver and
// [AdminDriver] against `wepaykit serve --admin` can. The suite uses it for
// the edges no public action reaches: the owner's confirmation of a pending
// account (pending -> active and pending -> action_required) and active ->
// action_required (WePay asking for something new).
type StateSetter interface {
	SetState(ctx context.Context, id int64, state string, reasons ...string) error
}

// TemporaryTokenIssuer is a [StateDriver] that can also issue a temporary
// access token, as WePay does before a user has confirmed: the accounts it
// creates start in pending (reference, Account States: "The account was
// created using a temporary access token and needs to be confirmed by the
// account owner."). wepaytest's Driver and [AdminDriver] against `wepaykit
// serve --admin` can. The suite creates its pending accounts with
// /account/create and such a token, since pending is an initial state
// only: nothing moves an account into it. Without it the states/pending->*
// checks are skipped.
type TemporaryTokenIssuer interface {
	// TemporaryToken registers a new user named name and returns the
	// user's temporary access token.
	TemporaryToken(ctx context.Context, name string) (string, error)
}

// UserIssuer is a [Driver] that can register users and revoke their
// tokens, as WePay's own back office can: wepaytest's Driver and [Admin]
// against `wepaykit serve --admin` do. A run whose Target has no
// OtherToken or RevokedToken asks it for them (a second user's token, and
// a token it revokes at once), so the auth checks that need them run.
type UserIssuer interface {
	// UserToken registers a new user named name and returns its access
	// token.
	UserToken(ctx context.Context, name string) (string, error)
	// RevokeToken revokes an access token.
	RevokeToken(ctx context.Context, token string) error
}

// Need is a capability a check needs beyond a token.
type Need string

// Needs, each derived from a [Target] field.
const (
	NeedOtherToken   Need = "other-token"   // Target.OtherToken: a second user
	NeedRevokedToken Need = "revoked-token" // Target.RevokedToken
	NeedDriver       Need = "driver"        // Target.Driver: drive account states
	NeedProduction   Need = "production"    // Target.Environment is production
)

// missing returns why the target lacks a need, or "" when it has it.
func (t *Target) missing(n Need) string {
	switch n {
	case NeedOtherToken:
		if t.OtherToken == "" {
			return "needs a second user's token: --other-token T (Target.OtherToken), or a driver that registers users (--admin against wepaykit serve; UserIssuer)"
		}
	case NeedRevokedToken:
		if t.RevokedToken == "" {
			return "needs a revoked token: --revoked-token T (Target.RevokedToken), or a driver that revokes tokens (--admin against wepaykit serve; UserIssuer)"
		}
	case NeedDriver:
		if t.Driver == nil {
			return "needs a state driver that plays WePay's part (KYC, banks, disabling, money): --admin (Target.Driver)"
		}
	case NeedProduction:
		if t.environment() != validate.EnvProduction {
			return "holds in production only: --env production (Target.Environment); the target is stage"
		}
	}
	return ""
}

// environment is the target's environment: Environment when set, else
// told from BaseURL's host as validate.EnvAuto does (an in-process Handler
// is stage).
func (t *Target) environment() validate.Environment {
	if t.Environment != "" && t.Environment != validate.EnvAuto {
		return t.Environment
	}
	if u, err := url.Parse(t.BaseURL); err == nil && t.Handler == nil {
		return validate.EnvironmentOf(u.Host)
	}
	return validate.EnvStage
}

// TargetError reports a Target the checks cannot use.
type TargetError struct{ Msg string }

// Error implements error.
func (e *TargetError) Error() string { return "conformance: target: " + e.Msg }

// handlerBase is the nominal address of an in-process Handler: loopback,
// so that nothing in a request names a host beyond this machine.
const handlerBase = "http://127.0.0.1/v2"

// endpoint checks the target and returns its base URL and client.
func (t *Target) endpoint() (string, *http.Client, error) {
	switch {
	case t.Handler != nil && t.BaseURL != "":
		return "", nil, &TargetError{Msg: "set exactly one of Handler and BaseURL, not both"}
	case t.Handler == nil && t.BaseURL == "":
		return "", nil, &TargetError{Msg: "set one of Handler and BaseURL"}
	case t.Token == "":
		return "", nil, &TargetError{Msg: "Token is required"}
	}
	switch t.Environment {
	case "", validate.EnvAuto, validate.EnvStage, validate.EnvProduction:
	default:
		return "", nil, &TargetError{Msg: "unknown Environment " + string(t.Environment)}
	}
	if t.Handler != nil {
		return handlerBase, &http.Client{Transport: handlerTransport{t.Handler}}, nil
	}
	u, err := url.Parse(t.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", nil, &TargetError{Msg: "BaseURL must be an absolute http or https URL, for example http://127.0.0.1:8080/v2"}
	}
	c := t.Client
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	return strings.TrimSuffix(t.BaseURL, "/"), c, nil
}

// handlerTransport answers requests with an in-process handler.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	in := r.Clone(r.Context())
	in.RequestURI = r.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}
