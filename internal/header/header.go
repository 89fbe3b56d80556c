// Package header reads http.Header values by keys that are already in
// canonical form, the constants "Content-Type", "Authorization" and the
// like. http.Header.Get canonicalizes its key on every call, a scan of the
// key that came to about 2% of the validation of a recorded exchange, for
// keys that never change.
package header

import "net/http"

// Get is h.Get(key) for a key in canonical form (textproto's
// CanonicalMIMEHeaderKey(key) == key): the first value of key, or "".
func Get(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values is h.Values(key) for a key in canonical form.
func Values(h http.Header, key string) []string {
	return h[key]
}
