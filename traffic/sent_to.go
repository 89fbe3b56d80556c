package traffic

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

type sentToKey struct{}

// KeepSentTo wraps a [RecordHandler] so that each recorded exchange keeps,
// in Exchange.SentTo ("sent_to" in JSON lines), the address the request
// really reached when the recorded URL names another host: "wepaykit serve
// --record" records https://stage.wepayapi.com/v2/... (so that the file
// validates as WePay traffic with no --host) and keeps
// "http://127.0.0.1:8080" beside it. Without it nothing is added, so a
// recording stays the same from run to run whatever port a test server got.
func KeepSentTo(recorder http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		recorder.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sentToKey{}, scheme+"://"+r.Host)))
	})
}

// sentTo is the address r reached, when KeepSentTo asked for it and it is
// not base's host.
func sentTo(base string, r *http.Request) string {
	addr, _ := r.Context().Value(sentToKey{}).(string)
	if addr == "" || r.Host == "" {
		return ""
	}
	if u, err := url.Parse(base); err == nil && strings.EqualFold(u.Host, r.Host) {
		return ""
	}
	return addr
}
