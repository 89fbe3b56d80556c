package conformance_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/report"
)

// noNetwork refuses every request: the fake server delivers no IPN.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("conformance tests make no network calls")
}

// ipnOnly lets the fake server deliver IPNs to the listener an ipn check
// hosts on 127.0.0.1 (path /ipn/...) and refuses every other request.
type ipnOnly struct{}

func (ipnOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Hostname() == "127.0.0.1" && r.URL.Scheme == "http" && strings.HasPrefix(r.URL.Path, "/ipn/") {
		return http.DefaultTransport.RoundTrip(r)
	}
	return noNetwork{}.RoundTrip(r)
}

func asFormatError(err error, fe **report.FormatError) bool { return errors.As(err, fe) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// noNetworkClient makes no network call but the IPNs to an ipn check's listener.
func noNetworkClient() *http.Client { return &http.Client{Transport: ipnOnly{}} }

func isTargetError(err error) bool {
	var te *conformance.TargetError
	return errors.As(err, &te)
}

// knownTokens are the valid access tokens of a fake: its two users' (the
// owner's first) and the temporary ones its Driver issued since.
type knownTokens struct {
	mu     sync.Mutex
	tokens []string
}

func (k *knownTokens) add(tok string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.tokens = append(k.tokens, tok)
}

func (k *knownTokens) has(tok string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Contains(k.tokens, tok)
}

func (k *knownTokens) owner() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.tokens[0]
}

// issuing is the fake's Driver, which also notes the temporary tokens it
// issues among the known ones.
type issuing struct {
	*wepaytest.Driver
	known *knownTokens
}

func (d issuing) TemporaryToken(ctx context.Context, name string) (string, error) {
	tok, err := d.Driver.TemporaryToken(ctx, name)
	if err == nil {
		d.known.add(tok)
	}
	return tok, err
}

// fakeTarget builds a fake WePay server on a manual clock with two users
// (delivering IPNs only to the ipn checks' listener, see ipnOnly)
// and a revoked token, and a target for it with the fake's own Driver
// (its clock too, since the Driver has Advance); wrap changes the handler
// the checks see, and is told the valid tokens.
func fakeTarget(tb testing.TB, wrap func(h http.Handler, valid *knownTokens) http.Handler) conformance.Target {
	tb.Helper()
	h, err := wepaytest.New(wepaytest.WithSeed(7), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}),
		wepaytest.WithClock(wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC))))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(h.Close)
	user, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		tb.Fatal(err)
	}
	known := &knownTokens{tokens: []string{user.Token, other.Token}}
	var handler http.Handler = h
	if wrap != nil {
		handler = wrap(h, known)
	}
	return conformance.Target{Handler: handler, Token: user.Token, OtherToken: other.Token,
		RevokedToken: gone.Token, Driver: issuing{h.Driver(), known}, Clock: h.Driver(), Seed: 1}
}
