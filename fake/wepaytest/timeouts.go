package wepaytest

import (
	"net/http"
	"time"
)

// Timeouts are the deadlines of a fake's HTTP server. A test server shared
// by a CI job must not keep connections that send nothing, or a body one
// byte a second, open for long.
type Timeouts struct {
	ReadHeader time.Duration // to read a request's headers
	Read       time.Duration // to read a whole request, body included
	Write      time.Duration // to write an answer, from the end of the request headers
	Idle       time.Duration // an idle keep-alive connection stays open
}

// DefaultTimeouts returns deadlines suited to a test server: 5s for the
// headers, 10s for a whole request (a body trickling in one byte a second
// is cut there; a request of the largest body a fake reads comes in
// milliseconds on a loopback port), 60s to answer (an answer waits on
// nothing slow), 10s idle. Clients reuse a kept-alive connection well
// within 10s in a test; one that waits longer dials again.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 60 * time.Second, Idle: 10 * time.Second}
}

// Apply sets the deadlines of s; a zero field leaves s's value.
func (t Timeouts) Apply(s *http.Server) {
	if t.ReadHeader > 0 {
		s.ReadHeaderTimeout = t.ReadHeader
	}
	if t.Read > 0 {
		s.ReadTimeout = t.Read
	}
	if t.Write > 0 {
		s.WriteTimeout = t.Write
	}
	if t.Idle > 0 {
		s.IdleTimeout = t.Idle
	}
}
