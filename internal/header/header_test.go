package header

import (
	"net/http"
	"net/textproto"
	"slices"
	"testing"
)

func TestGetAsHeaderGet(t *testing.T) {
	h := http.Header{}
	h.Add("content-type", "application/json")
	h.Add("Authorization", "Bearer a")
	h.Add("Authorization", "Bearer b")
	h["Api-Version"] = []string{}
	h["x-raw"] = []string{"kept as set"}
	for _, key := range []string{"Content-Type", "Authorization", "Api-Version", "Host", "User-Agent", "X-Raw"} {
		if textproto.CanonicalMIMEHeaderKey(key) != key {
			t.Fatalf("%q is not canonical", key)
		}
		if got, want := Get(h, key), h.Get(key); got != want {
			t.Errorf("Get(%q) = %q, want %q", key, got, want)
		}
		if got, want := Values(h, key), h.Values(key); !slices.Equal(got, want) {
			t.Errorf("Values(%q) = %q, want %q", key, got, want)
		}
	}
}
