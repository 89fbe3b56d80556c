package wepaytest_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

func TestLoopbackClientStaysOnMachine(t *testing.T) {
	c := wepaytest.LoopbackClient()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatalf("loopback delivery failed: %v", err)
	}
	resp.Body.Close()
	for _, u := range []string{"http://shop.example.com/ipn", "http://10.0.0.1/ipn", "http://8.8.8.8/"} {
		_, err := c.Get(u)
		var nl *wepaytest.NonLoopbackError
		if !errors.As(err, &nl) {
			t.Errorf("%s: want *NonLoopbackError, got %v", u, err)
		}
	}
}
