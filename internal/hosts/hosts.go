// Package hosts tells WePay's API hosts from other hosts. It is shared by
// traffic (which skips entries sent elsewhere) and validate (whose
// RoundTripper passes such requests through), so the rule lives once.
package hosts

import (
	"net"
	"strings"
)

// IsWePay reports whether host (with or without a port) is a WePay API host:
// wepayapi.com or stage.wepayapi.com on any port, or one of extra. An entry
// of extra without a port matches that host on any port; one with a port
// ("localhost:8080") matches only that port. Comparison ignores case and a
// trailing dot.
func IsWePay(host string, extra []string) bool {
	name, port := Split(host)
	if name == "" {
		return false
	}
	if name == "wepayapi.com" || name == "stage.wepayapi.com" {
		return true
	}
	for _, x := range extra {
		xn, xp := Split(x)
		if xn == "" || xn != name {
			continue
		}
		if xp == "" || xp == port {
			return true
		}
	}
	return false
}

// Split returns the lower-cased host name without a trailing dot or IPv6
// brackets, and the port ("" if none).
func Split(hostport string) (host, port string) {
	hostport = strings.TrimSpace(hostport)
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	return strings.TrimSuffix(strings.ToLower(host), "."), port
}
