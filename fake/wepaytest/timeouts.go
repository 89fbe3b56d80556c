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

// DefaultTimeouts returns deadlines suited to a test server: 10s for the
// headers, 30s for a whole request (a body trickling in is cut there), 60s
// to answer, 30s idle. They are generous because CI machines are slow
// under load, and an idle deadline shorter than a client's makes the
// client's next POST race the server's close ("server closed idle
// connection").
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 30 * time.Second}
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
