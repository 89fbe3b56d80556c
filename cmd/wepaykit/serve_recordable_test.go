package main

import (
	"net/http/httptest"
	"testing"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// TestServeRecordsOnlyCalls: serve --record keeps the API's calls (and a
// call sent outside /v2), never a readiness probe, /favicon.ico, the
// admin routes nor the KYC pages with the merchant's bank details.
func TestServeRecordsOnlyCalls(t *testing.T) {
	for _, c := range []struct {
		method, path string
		want         bool
	}{
		{"POST", "/v2/account/create", true},
		{"GET", "/v2/account", true},
		{"POST", "/v2/checkout/create", true},
		{"POST", "/account/create", true},
		{"GET", "/", false},
		{"HEAD", "/healthz", false},
		{"GET", "/favicon.ico", false},
		{"POST", "/admin/set_state", false},
		{"GET", wepaytest.UpdatePagePath + "abc", false},
		{"POST", wepaytest.UpdatePagePath + "abc", false},
	} {
		if got := recordable(httptest.NewRequest(c.method, c.path, nil)); got != c.want {
			t.Errorf("%s %s recorded %v, want %v", c.method, c.path, got, c.want)
		}
	}
}
