package wepaytest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"math"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

// The admin routes change any account and read the IPN deliveries, which
// hold partners' callback secrets: they stand for WePay's back office, so
// over HTTP they are guarded against the two ways a developer's own
// browser can be turned on them (a foreign page posting to them, and DNS
// rebinding) and against anyone else on the network:
//
//   - every call needs "Authorization: Bearer <admin token>" ([WithAdminToken],
//     or a random token per [Handler], see [Handler.AdminToken]);
//   - the body must be declared application/json, which a cross-site form
//     or a "simple" fetch cannot send without a preflight;
//   - an Origin header must name the server itself;
//   - the Host header must be a loopback name or address, or one given by
//     [WithAllowedHosts].
//
// The Go API ([Handler.CompleteKYC] and the others) needs none of this.

// maxAdvance bounds /admin/advance: ten years, far below the 292 years a
// time.Duration holds, so the clock cannot be wrapped backwards.
const maxAdvance = 10 * 365 * 24 * time.Hour

// newAdminToken returns a random admin token.
func newAdminToken() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "wpk_admin_" + hex.EncodeToString(b[:]), nil
}

// AdminToken returns the bearer token the admin routes require: the one
// given by [WithAdminToken], or one drawn at random when the handler was
// built. It is "" when the admin routes are off.
func (h *Handler) AdminToken() string { return h.adminToken }

// guardAdmin refuses an admin call that does not carry the admin token or
// that may come from a browser on another site; it reports whether it did.
func (h *Handler) guardAdmin(w http.ResponseWriter, r *http.Request) bool {
	deny := func(status int, desc string) bool {
		cat := CategoryAccessDenied
		if status == http.StatusUnsupportedMediaType {
			cat = CategoryInvalidRequest
		}
		writeError(w, r, &APIError{Status: status, Category: cat, Code: CodeInvalidParameter, Description: desc})
		return true
	}
	if !h.hostAllowed(r.Host) {
		return deny(http.StatusForbidden, "admin routes answer only on a loopback host or one allowed by wepaykit serve --admin-host (WithAllowedHosts in Go)")
	}
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
		return deny(http.StatusForbidden, "admin routes refuse calls from another origin")
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return deny(http.StatusForbidden, "admin routes refuse calls from another site")
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(h.adminToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="wepaytest-admin"`)
		return deny(http.StatusUnauthorized, "admin routes need Authorization: Bearer <admin token>")
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return deny(http.StatusUnsupportedMediaType, "admin routes take Content-Type: application/json")
	}
	return false
}

// hostAllowed reports whether the Host header names this machine or a
// configured host.
func (h *Handler) hostAllowed(hostport string) bool {
	host := hostport
	if hst, _, err := net.SplitHostPort(hostport); err == nil {
		host = hst
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "" {
		return false
	}
	for _, a := range h.allowedHosts {
		if a == "*" || strings.EqualFold(a, host) || strings.EqualFold(a, hostport) {
			return true
		}
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin reports whether an Origin header names the host the request
// was sent to.
func sameOrigin(origin, host string) bool {
	o := strings.ToLower(origin)
	h := strings.ToLower(host)
	return o == "http://"+h || o == "https://"+h
}

// advanceBy validates /admin/advance's seconds: a finite number from 0 to
// ten years.
func advanceBy(seconds float64) (time.Duration, bool) {
	if math.IsNaN(seconds) || math.IsInf(seconds, 0) || seconds < 0 || seconds > maxAdvance.Seconds() {
		return 0, false
	}
	return time.Duration(seconds * float64(time.Second)), true
}

// IsLoopbackAddr reports whether a listen address (host:port) accepts
// connections only from this machine. An empty host, 0.0.0.0 and :: listen
// on every interface.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
