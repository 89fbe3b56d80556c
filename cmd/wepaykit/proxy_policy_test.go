package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/policy"
)

// TestProxyTakesThePolicy: the proxy's validator applies the policy's rule
// control, and its fail-on decides the exit code; without the file the
// same call is a warning that passes.
func TestProxyTakesThePolicy(t *testing.T) {
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	user := h.NewUser("owner")
	up := httptest.NewServer(h)
	t.Cleanup(up.Close)
	pol, err := policy.Parse("team.yaml", []byte("fail-on: warning\nrules:\n  unknown-field: error\n"))
	if err != nil {
		t.Fatal(err)
	}
	runOnce := func(pol *policy.Policy) (error, string) {
		o := proxyOptions{listen: "127.0.0.1:0", upstream: up.URL, format: "text", env: "auto", failOn: "error", maxBody: 10 << 20}
		fs := pflag.NewFlagSet("proxy", pflag.ContinueOnError)
		o.fromPolicy(fs, pol)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out, errb lockedBuffer
		done := make(chan error, 1)
		go func() { done <- runProxy(ctx, o, &out, &errb) }()
		front := waitFor(t, &out, regexp.MustCompile(`wepaykit proxy at (http://127\.0\.0\.1:\d+) -> `))[1]
		req, _ := http.NewRequest(http.MethodPost, front+"/v2/account/create", strings.NewReader(`{"name":"Soap","description":"d","favourite_colour":"red"}`))
		req.Header.Set("Authorization", "Bearer "+user.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cancel()
		return <-done, errb.String()
	}
	err, summary := runOnce(nil)
	if err != nil || !strings.Contains(summary, "0 errors, 1 warning\n") {
		t.Fatalf("without a policy: %v\n%s", err, summary)
	}
	err, summary = runOnce(pol)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFindings || !strings.Contains(summary, "1 error, 0 warnings\n") {
		t.Fatalf("with the policy: %v\n%s", err, summary)
	}
}
