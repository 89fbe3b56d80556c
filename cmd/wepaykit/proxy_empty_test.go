package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// TestProxyEmptySession: a session in which no /account call went
// through the proxy checked nothing: exit 2, unless --allow-empty.
func TestProxyEmptySession(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer up.Close()
	for _, allow := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb lockedBuffer
		done := make(chan error, 1)
		o := proxyOptions{listen: "127.0.0.1:0", upstream: up.URL, format: "text", env: "auto", failOn: "error", maxBody: 10 << 20, allowEmpty: allow}
		go func() { done <- runProxy(ctx, o, &out, &errb) }()
		waitFor(t, &out, regexp.MustCompile(`wepaykit proxy at (http://127\.0\.0\.1:\d+) -> `))
		cancel()
		err := <-done
		var xe *exitError
		switch {
		case allow && err != nil:
			t.Errorf("--allow-empty: %v", err)
		case !allow && (!errors.As(err, &xe) || xe.code != exitUsage):
			t.Errorf("an empty session: %v, want exit 2", err)
		}
	}
}
