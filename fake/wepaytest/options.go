package wepaytest

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// Option configures a [Handler] made by [New] or [NewServer].
type Option func(*config) error

type config struct {
	clock     Clock
	seed      int64
	admin     bool
	client    *http.Client
	logger    *slog.Logger
	spec      *spec.Spec
	validator *validate.Validator

	adminToken   string
	allowedHosts []string
	timeouts     *Timeouts
	maxBody      int64
	cov          *coverage.Collector
}

// WithClock sets the clock that stamps create times, computes payout times
// and schedules IPN retries. [New] uses [RealClock] without it; [NewServer]
// uses a [ManualClock] set to 2019-04-03T00:00:00Z.
func WithClock(c Clock) Option {
	return func(cfg *config) error {
		if c == nil {
			return &OptionError{Option: "clock", Msg: "nil clock"}
		}
		cfg.clock = c
		return nil
	}
}

// WithSeed makes user ids, account ids and access tokens a function of
// seed. The default seed is 1, so two fakes built the same way hand out the
// same ids and tokens in the same order.
func WithSeed(seed int64) Option {
	return func(cfg *config) error { cfg.seed = seed; return nil }
}

// WithAdmin enables the admin routes under /admin/ (see [Handler.ServeHTTP]).
// Without it they answer 404.
func WithAdmin(on bool) Option {
	return func(cfg *config) error { cfg.admin = on; return nil }
}

// WithHTTPClient sets the client that delivers IPNs. The default,
// [LoopbackClient], delivers only to this machine.
func WithHTTPClient(c *http.Client) Option {
	return func(cfg *config) error {
		if c == nil {
			return &OptionError{Option: "http client", Msg: "nil client"}
		}
		cfg.client = c
		return nil
	}
}

// WithLogger logs IPN deliveries (and their failures) to l. The default
// discards them. A logged callback_uri has no query (partners put secrets
// there); [Handler.Deliveries] has it whole.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *config) error {
		if l == nil {
			return &OptionError{Option: "logger", Msg: "nil logger"}
		}
		cfg.logger = l
		return nil
	}
}

// WithSpec runs the fake on a user's copy of the contract: its state table
// decides which changes of state are legal, and unless [WithValidator] is
// also given, requests are validated against it.
func WithSpec(s *spec.Spec) Option {
	return func(cfg *config) error {
		if s == nil {
			return &OptionError{Option: "spec", Msg: "nil spec"}
		}
		cfg.spec = s
		return nil
	}
}

// WithValidator validates requests (and, in [NewServer], the exchanges of
// [Server.Client]) with v instead of compiling a validator; building one is
// the expensive part of [New], so tests that start many servers may share
// one.
func WithValidator(v *validate.Validator) Option {
	return func(cfg *config) error {
		if v == nil {
			return &OptionError{Option: "validator", Msg: "nil validator"}
		}
		cfg.validator = v
		return nil
	}
}

// WithAdminToken sets the bearer token the admin routes require over HTTP
// (see [Handler.AdminToken]); without it each [Handler] draws a random one.
// Scripts that drive `wepaykit serve --admin` pass a fixed one.
func WithAdminToken(token string) Option {
	return func(cfg *config) error {
		if strings.TrimSpace(token) == "" || strings.ContainsAny(token, " \t\r\n") {
			return &OptionError{Option: "admin token", Msg: "empty or with spaces"}
		}
		cfg.adminToken = token
		return nil
	}
}

// WithAllowedHosts lets the admin routes answer requests whose Host header
// names one of hosts (a name, or name:port), besides loopback names and
// addresses; "*" allows any, which also allows DNS rebinding: use it only
// on a network you trust.
func WithAllowedHosts(hosts ...string) Option {
	return func(cfg *config) error {
		cfg.allowedHosts = append(cfg.allowedHosts, hosts...)
		return nil
	}
}

// WithTimeouts sets the deadlines of the server [NewServer] starts (the
// default is [DefaultTimeouts]).
func WithTimeouts(t Timeouts) Option {
	return func(cfg *config) error {
		cfg.timeouts = &t
		return nil
	}
}

// WithMaxBody sets the largest request body the fake reads (default
// validate.DefaultMaxBody); a larger one is refused with WePay's error body
// (body-too-large) without being read whole. It has no effect with
// [WithValidator], whose own limit applies.
func WithMaxBody(n int64) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return &OptionError{Option: "max body", Msg: "must be positive"}
		}
		cfg.maxBody = n
		return nil
	}
}

// WithCoverage counts every call the fake answers in c: the fake's
// validating middleware feeds it once per exchange (requests it refuses
// included), whichever client sent it. [Server.Client]'s transport does
// not count again. Share one collector across a test binary and write it
// in TestMain (see package coverage).
func WithCoverage(c *coverage.Collector) Option {
	return func(cfg *config) error {
		if c == nil {
			return &OptionError{Option: "coverage", Msg: "nil collector"}
		}
		cfg.cov = c
		return nil
	}
}
