package wepaytest

import (
	"context"
	"errors"
	"time"
)

// ErrNoManualClock is returned by [Driver.Advance] when the fake runs on a
// clock other than a [ManualClock] (for example [RealClock]), whose time
// cannot be moved.
var ErrNoManualClock = errors.New("wepaytest: the clock can be advanced only when the fake runs on a *ManualClock")

// Driver plays WePay's and the account owner's parts for a fake, with
// context-taking methods. Its method set is that of package conformance's
// StateDriver (and of its Clock), so a fake examines itself without admin
// routes:
//
//	conformance.Run(t, conformance.ServerTarget(srv))
//
// (wepaytest cannot import conformance, which sits above it; the interfaces
// are met structurally.) Each method returns ctx's error when ctx is done,
// and otherwise the error of the [Handler] method it calls. A Driver is
// safe for concurrent use.
type Driver struct{ h *Handler }

// Driver returns a [Driver] for the fake.
func (h *Handler) Driver() *Driver { return &Driver{h: h} }

// Driver returns a [Driver] for the fake behind the server.
func (s *Server) Driver() *Driver { return s.h.Driver() }

// CompleteKYC calls [Handler.CompleteKYC].
func (d *Driver) CompleteKYC(ctx context.Context, id int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.CompleteKYC(id)
}

// AddBankAccount calls [Handler.AddBankAccount].
func (d *Driver) AddBankAccount(ctx context.Context, id int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.AddBankAccount(id)
}

// Disable calls [Handler.Disable].
func (d *Driver) Disable(ctx context.Context, id int64, reasons ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.Disable(id, reasons...)
}

// Reinstate calls [Handler.Reinstate].
func (d *Driver) Reinstate(ctx context.Context, id int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.Reinstate(id)
}

// SetState calls [Handler.SetState].
func (d *Driver) SetState(ctx context.Context, id int64, state string, reasons ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.SetState(id, state, reasons...)
}

// TemporaryToken registers a user with [Handler.NewTemporaryUser] and
// returns its temporary access token: /account/create with it answers an
// account in pending, the one way the fake makes a pending account
// (reference: "The account was created using a temporary access token and
// needs to be confirmed by the account owner."). With package
// conformance's TemporaryTokenIssuer, it lets the suite take the state
// table's edges out of pending.
func (d *Driver) TemporaryToken(ctx context.Context, name string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	u, err := d.h.NewTemporaryUser(name)
	if err != nil {
		return "", err
	}
	return u.Token, nil
}

// UserToken registers a user with [Handler.NewUser] and returns its
// token (conformance.UserIssuer).
func (d *Driver) UserToken(ctx context.Context, name string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return d.h.NewUser(name).Token, nil
}

// RevokeToken calls [Handler.RevokeToken].
func (d *Driver) RevokeToken(ctx context.Context, token string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.RevokeToken(token)
}

// AddBalance calls [Handler.AddBalance].
func (d *Driver) AddBalance(ctx context.Context, id int64, amount float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.h.AddBalance(id, amount)
}

// Advance moves the fake's [ManualClock] forward by dur, running the IPN
// retries that fall due; it returns [ErrNoManualClock] on another clock.
func (d *Driver) Advance(ctx context.Context, dur time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	mc, ok := d.h.clock.(*ManualClock)
	if !ok {
		return ErrNoManualClock
	}
	mc.Advance(dur)
	return nil
}
