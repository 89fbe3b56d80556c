package conformance_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// noNetwork refuses every request: the fake server delivers no IPN.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("conformance tests make no network calls")
}

// goDriver drives the fake through its Go API.
type goDriver struct{ h *wepaytest.Handler }

func (d goDriver) CompleteKYC(_ context.Context, id int64) error    { return d.h.CompleteKYC(id) }
func (d goDriver) AddBankAccount(_ context.Context, id int64) error { return d.h.AddBankAccount(id) }
func (d goDriver) Disable(_ context.Context, id int64, reasons ...string) error {
	return d.h.Disable(id, reasons...)
}
func (d goDriver) Reinstate(_ context.Context, id int64) error { return d.h.Reinstate(id) }
func (d goDriver) AddBalance(_ context.Context, id int64, amount float64) error {
	return d.h.AddBalance(id, amount)
}

// fakeTarget builds a fake WePay server with two users and a revoked
// token, and a target for it; wrap changes the handler the checks see.
func fakeTarget(tb testing.TB, wrap func(h http.Handler, valid []string) http.Handler) conformance.Target {
	tb.Helper()
	h, err := wepaytest.New(wepaytest.WithSeed(7), wepaytest.WithHTTPClient(&http.Client{Transport: noNetwork{}}))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(h.Close)
	user, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		tb.Fatal(err)
	}
	var handler http.Handler = h
	if wrap != nil {
		handler = wrap(h, []string{user.Token, other.Token})
	}
	return conformance.Target{Handler: handler, Token: user.Token, OtherToken: other.Token,
		RevokedToken: gone.Token, Driver: goDriver{h}, Seed: 1}
}
