// Package redact removes secrets from everything wepaykit writes: reports,
// recordings, error bodies, conformance output. It is the one place that
// decides what a secret is, so that no writer keeps its own list.
//
// Two mechanisms work together:
//
//   - A [Policy] is a deny-list of secret-bearing header names
//     (Authorization, Cookie, X-Api-Key, ...) and member names
//     (access_token, client_secret, password, ...). Its methods
//     ([Policy.Header], [Policy.URL], [Policy.Body]) mask the values of
//     those names wherever they appear, after decoding what an attacker or a
//     careless client may have encoded: percent-escapes (also invalid and
//     doubled ones), JSON escapes in member names, "+" for space, ";" as
//     well as "&" between parameters, parameters in path segments, and
//     URLs nested in parameter values (a callback_uri's query).
//   - [Secrets] holds the secret values found that way
//     ([Policy.Collect]) and masks them in any other text, such as a
//     message that quotes a method or a path, in their raw, URL-escaped and
//     JSON-escaped forms.
//
// Both are safe for concurrent use once built.
package redact

import (
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Mask is what a secret is replaced with.
const Mask = "[REDACTED]"

// DefaultKeys returns the member and parameter names whose values are
// always secret. Names are compared after [Normalize], so "access_token",
// "Access-Token" and "accessToken" are one name. Besides these, any name
// that ends in one of [DefaultSuffixes] is secret.
func DefaultKeys() []string {
	return []string{
		"access_token", "refresh_token", "id_token", "client_secret", "client_assertion",
		"password", "passwd", "pwd", "secret", "api_key", "token", "auth", "authorization",
		"session", "session_id", "sid", "private_key", "signature", "sig", "code_verifier",
		"credential", "credentials", "cookie", "set_cookie", "proxy_authorization",
	}
}

// DefaultSuffixes returns the name endings that make a name secret
// ("x_partner_token", "webhook_secret", "db_password").
func DefaultSuffixes() []string {
	return []string{"token", "secret", "password", "passwd", "apikey", "privatekey", "credentials"}
}

// DefaultHeaders returns the header names whose values are always secret,
// besides any header whose name is a secret key ([Policy.SecretKey]).
func DefaultHeaders() []string {
	return []string{
		"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key",
		"X-Auth-Token", "X-Access-Token", "X-Csrf-Token", "X-Xsrf-Token", "X-Amz-Security-Token",
		"X-Client-Secret", "X-Session-Id",
	}
}

// strongKeys are the names whose mere mention in a body that cannot be
// parsed makes the whole body secret (a short word such as "token" would
// blank too many innocent bodies).
var strongKeys = []string{"accesstoken", "refreshtoken", "clientsecret", "password", "apikey"}

// Policy is a deny-list of secret names. Build it with [New]; the zero
// value is not usable. A Policy is immutable and safe for concurrent use.
type Policy struct {
	keys     map[string]bool // normalised
	suffixes []string        // normalised
	headers  map[string]bool // lower case
	strong   []string        // normalised
}

// Option extends a [Policy] built by [New].
type Option func(*Policy)

// Names adds names to the deny-list, both as member/parameter names and as
// header names. Use it for a partner's own secrets ("X-Partner-Sig",
// "webhook_key").
func Names(names ...string) Option {
	return func(p *Policy) {
		for _, n := range names {
			if k := Normalize(n); k != "" {
				p.keys[k] = true
				p.strong = append(p.strong, k)
			}
			if h := strings.ToLower(strings.TrimSpace(n)); h != "" {
				p.headers[h] = true
			}
		}
	}
}

// New returns a policy with the default deny-lists ([DefaultKeys],
// [DefaultSuffixes], [DefaultHeaders]) extended by opts.
func New(opts ...Option) *Policy {
	p := &Policy{keys: map[string]bool{}, headers: map[string]bool{}, strong: slices.Clone(strongKeys)}
	for _, k := range DefaultKeys() {
		p.keys[Normalize(k)] = true
	}
	for _, s := range DefaultSuffixes() {
		p.suffixes = append(p.suffixes, Normalize(s))
	}
	for _, h := range DefaultHeaders() {
		p.headers[strings.ToLower(h)] = true
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

var defaultPolicy = sync.OnceValue(func() *Policy { return New() })

// Default returns the policy with the default deny-lists. It is shared and
// immutable.
func Default() *Policy { return defaultPolicy() }

// Normalize folds a name for comparison: it keeps only ASCII letters and
// digits, in lower case ("Access-Token" and "access_token" both become
// "accesstoken").
func Normalize(name string) string {
	return string(appendNormal(nil, name))
}

// appendNormal appends name, folded as Normalize folds it, to dst.
func appendNormal(dst []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			dst = append(dst, c)
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		}
	}
	return dst
}

// SecretKey reports whether a member or parameter named name (already
// decoded) holds a secret. It is asked of every member of every request
// body: the name is folded into a buffer on the stack, not a new string.
func (p *Policy) SecretKey(name string) bool {
	var buf [64]byte
	k := appendNormal(buf[:0], name)
	if len(k) == 0 {
		return false
	}
	if p.keys[string(k)] {
		return true
	}
	for _, s := range p.suffixes {
		if len(k) >= len(s) && string(k[len(k)-len(s):]) == s {
			return true
		}
	}
	return false
}

// SecretHeader reports whether the header name holds a secret.
func (p *Policy) SecretHeader(name string) bool {
	return p.headers[strings.ToLower(strings.TrimSpace(name))] || p.SecretKey(name)
}

// authSchemes are the Authorization schemes a masked value keeps; any other
// first word may be the credential itself.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "digest": true, "token": true, "oauth": true, "negotiate": true, "aws4-hmac-sha256": true}

// Header returns a copy of h in which the values of secret headers are
// masked (an Authorization value keeps a known scheme: "Bearer
// [REDACTED]") and secret parameters in other values (a Referer's or a
// Location's query) are masked as [Policy.URL] does.
func (p *Policy) Header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, vals := range h {
		nv := make([]string, len(vals))
		for i, v := range vals {
			if p.SecretHeader(name) {
				nv[i] = maskHeaderValue(v)
			} else {
				nv[i] = p.URL(v)
			}
		}
		out[name] = nv
	}
	return out
}

func maskHeaderValue(v string) string {
	scheme, cred, _ := strings.Cut(strings.TrimSpace(v), " ")
	if authSchemes[strings.ToLower(scheme)] && strings.TrimSpace(cred) != "" {
		return scheme + " " + Mask
	}
	return Mask
}

// cookieAttrs are the Set-Cookie attributes, whose values are not secret.
var cookieAttrs = map[string]bool{"path": true, "domain": true, "expires": true, "max-age": true, "samesite": true, "priority": true}

// headerSecrets returns the secret parts of a secret header's value: the
// whole value, its credential after a scheme, and each cookie's value.
func headerSecrets(v string, add func(string)) {
	t := strings.TrimSpace(v)
	if authSchemes[strings.ToLower(t)] {
		return // a scheme alone ("Bearer") names no credential
	}
	add(v)
	add(t)
	if _, cred, ok := strings.Cut(t, " "); ok {
		add(strings.TrimSpace(cred))
	}
	for _, part := range strings.Split(t, ";") {
		name, val, ok := strings.Cut(part, "=")
		if ok && !cookieAttrs[strings.ToLower(strings.TrimSpace(name))] {
			add(strings.Trim(strings.TrimSpace(val), `"`))
		}
	}
}
