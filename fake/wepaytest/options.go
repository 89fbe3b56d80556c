package wepaytest

import (
	"log/slog"
	"net/http"

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
