package wepaytest

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// LoopbackClient returns the default IPN client: it delivers only to
// loopback addresses (127.0.0.0/8, ::1 and "localhost") and refuses any
// other host before looking it up, so a fake server never calls out of the
// machine, whatever callback_uri a test sends. Pass another client with
// [WithHTTPClient] to deliver elsewhere.
func LoopbackClient() *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(host, "localhost") {
				host = "127.0.0.1"
			}
			ip := net.ParseIP(host)
			if ip == nil || !ip.IsLoopback() {
				return nil, &NonLoopbackError{Host: host}
			}
			return d.DialContext(ctx, network, net.JoinHostPort(host, port))
		},
		TLSHandshakeTimeout: 5 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// NonLoopbackError reports an IPN the default client refused to send off
// this machine.
type NonLoopbackError struct{ Host string }

// Error implements error.
func (e *NonLoopbackError) Error() string {
	return "wepaytest: IPN to non-loopback host " + e.Host + " refused (use WithHTTPClient to deliver elsewhere)"
}
