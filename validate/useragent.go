package validate

import (
	"net/http"
	"strings"
)

// goUserAgent is what net/http's client sends when a request's header has
// no User-Agent key at all.
const goUserAgent = "Go-http-client/1.1"

// userAgent applies rule user-agent-required.
//
// wepay-facts: "User-Agent is expected; a missing User-Agent, Content-Type
// or Authorization header is error 1002." A request with no header at all
// is a recording that did not keep its headers (some JSON-lines logs and
// cassettes): it says nothing of what was sent, so it is not judged.
func (c *call) userAgent(h http.Header) {
	if len(h) == 0 {
		return
	}
	var vals []string
	ok := false
	for k, vs := range h {
		if strings.EqualFold(k, "User-Agent") { // also a map not in canonical form
			vals, ok = append(vals, vs...), true
		}
	}
	if !ok {
		c.named("user-agent-required", InHeader, "", "no User-Agent; WePay answers a call without one with error 1002 (required header missing)")
		return
	}
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return
		}
	}
	c.named("user-agent-required", InHeader, "", "empty User-Agent; WePay answers a call without one with error 1002 (required header missing)")
}

// withClientUserAgent returns h as net/http's client puts it on the wire:
// a header with no User-Agent key gets Go's default one (an empty value
// sends none). The RoundTripper validates what is sent, not the map the
// caller filled.
func withClientUserAgent(h http.Header) http.Header {
	if _, ok := h["User-Agent"]; ok {
		return h
	}
	h = h.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("User-Agent", goUserAgent)
	return h
}
