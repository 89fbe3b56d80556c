package wepaytest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/validate"
)

// Server is a running fake for tests, in the manner of
// net/http/httptest.Server: it listens on 127.0.0.1, and [Server.Client]
// validates every exchange against the contract.
type Server struct {
	// URL is the API's base address, ending in /v2, for example
	// http://127.0.0.1:51234/v2; calls are URL+"/account/create" and so on.
	URL string

	tb     testing.TB
	h      *Handler
	srv    *httptest.Server
	client *http.Client
	once   sync.Once
}

// NewServer starts a fake on 127.0.0.1 and closes it when the test ends. It
// runs on a [ManualClock] set to 2019-04-03T00:00:00Z (the API version the
// contract describes) unless [WithClock] says otherwise, so create times and
// IPN retries are deterministic; move it with [Server.Advance]. A failure to
// build the fake fails the test.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return start(tb, tb, opts)
}

// start is NewServer with the validating client reporting to report.
func start(tb testing.TB, report validate.TB, opts []Option) *Server {
	tb.Helper()
	epoch := time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC)
	h, err := New(append([]Option{WithClock(NewManualClock(epoch))}, opts...)...)
	if err != nil {
		tb.Fatalf("wepaytest: %v", err)
		return nil
	}
	srv := httptest.NewUnstartedServer(h)
	h.timeouts.Apply(srv.Config)
	srv.Start()
	s := &Server{URL: srv.URL + "/v2", tb: tb, h: h, srv: srv}
	// The server's middleware counts coverage; the client must not count the same exchange again.
	s.client = &http.Client{Transport: h.validator.WithCollector(nil).Transport(report, srv.Client().Transport)}
	tb.Cleanup(s.Close)
	return s
}

// Client returns a client for the server whose transport validates every
// request it sends and every answer it gets against the contract, failing
// the test on an error finding. Send deliberately invalid requests with
// another client.
func (s *Server) Client() *http.Client { return s.client }

// Handler returns the fake behind the server.
func (s *Server) Handler() *Handler { return s.h }

// Close stops IPN retries, shuts the server down and waits for the calls in
// flight. It may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		s.h.Close() // first, so that IPNs in flight are cancelled rather than waited for
		s.srv.Close()
	})
}

// Advance moves the server's [ManualClock] forward, running the IPN retries
// that fall due, in order, before it returns. It fails the test when the
// server runs on another clock.
func (s *Server) Advance(d time.Duration) {
	s.tb.Helper()
	mc, ok := s.h.clock.(*ManualClock)
	if !ok {
		s.tb.Fatalf("wepaytest: Advance needs a *ManualClock; the server runs on %T", s.h.clock)
		return
	}
	mc.Advance(d)
}

// Now returns the server's clock time.
func (s *Server) Now() time.Time { return s.h.clock.Now() }

// NewUser calls [Handler.NewUser].
func (s *Server) NewUser(name string) *User { return s.h.NewUser(name) }

// NewTemporaryUser calls [Handler.NewTemporaryUser]: the user's token
// creates accounts in pending. An error fails the test.
func (s *Server) NewTemporaryUser(name string) *User {
	s.tb.Helper()
	u, err := s.h.NewTemporaryUser(name)
	if err != nil {
		s.tb.Fatalf("%v", err)
	}
	return u
}

// RevokeToken calls [Handler.RevokeToken].
func (s *Server) RevokeToken(token string) error { return s.h.RevokeToken(token) }

// CompleteKYC calls [Handler.CompleteKYC].
func (s *Server) CompleteKYC(id int64) error { return s.h.CompleteKYC(id) }

// AddBankAccount calls [Handler.AddBankAccount].
func (s *Server) AddBankAccount(id int64) error { return s.h.AddBankAccount(id) }

// Disable calls [Handler.Disable].
func (s *Server) Disable(id int64, reasons ...string) error { return s.h.Disable(id, reasons...) }

// Reinstate calls [Handler.Reinstate].
func (s *Server) Reinstate(id int64) error { return s.h.Reinstate(id) }

// AddBalance calls [Handler.AddBalance].
func (s *Server) AddBalance(id int64, amount float64) error { return s.h.AddBalance(id, amount) }

// SetPending calls [Handler.SetPending].
func (s *Server) SetPending(id int64, incoming, outgoing float64) error {
	return s.h.SetPending(id, incoming, outgoing)
}

// SetState calls [Handler.SetState]: it walks the state table's legal path
// to state, sending the IPNs the path sends.
func (s *Server) SetState(id int64, state string, reasons ...string) error {
	return s.h.SetState(id, state, reasons...)
}

// AddFault calls [Handler.AddFault]; a fault it cannot apply fails the
// test.
func (s *Server) AddFault(f Fault) {
	s.tb.Helper()
	if err := s.h.AddFault(f); err != nil {
		s.tb.Fatalf("%v", err)
	}
}

// ClearFaults calls [Handler.ClearFaults].
func (s *Server) ClearFaults() { s.h.ClearFaults() }

// AccountState calls [Handler.AccountState].
func (s *Server) AccountState(id int64) (string, error) { return s.h.AccountState(id) }

// Deliveries calls [Handler.Deliveries].
func (s *Server) Deliveries() []Delivery { return s.h.Deliveries() }
