package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProxyToServe runs `wepaykit serve` and `wepaykit proxy` in front of
// it, drives calls through the proxy, and validates the proxy's recording
// with `wepaykit validate FILE` and no other flag.
func TestProxyToServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sOut, sErr lockedBuffer
	served := make(chan error, 1)
	go func() { served <- serve(ctx, serveOptions{addr: "127.0.0.1:0", seed: 3, users: 1}, &sOut, &sErr) }()
	upstream := waitFor(t, &sOut, regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/v2\n`))[1]
	token := waitFor(t, &sOut, regexp.MustCompile(`token=(\S+)\n`))[1]

	record := filepath.Join(t.TempDir(), "proxy.jsonl")
	pctx, pcancel := context.WithCancel(context.Background())
	defer pcancel()
	var pOut, pErr lockedBuffer
	proxied := make(chan error, 1)
	o := proxyOptions{listen: "127.0.0.1:0", upstream: upstream, record: record, format: "text", env: "auto", failOn: "error", maxBody: 10 << 20}
	go func() { proxied <- runProxy(pctx, o, &pOut, &pErr) }()
	front := waitFor(t, &pOut, regexp.MustCompile(`wepaykit proxy at (http://127\.0\.0\.1:\d+) -> `))[1]
	waitFor(t, &pOut, regexp.MustCompile(`under https://stage\.wepayapi\.com\n`))

	post := func(path, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, front+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, b := post("/v2/account/create", `{"name":"Alice's Shop","description":"Handmade soap"}`)
	id := regexp.MustCompile(`"account_id":(\d+)`).FindStringSubmatch(b)
	if status != 200 || id == nil {
		t.Fatalf("create through the proxy: %d %s", status, b)
	}
	for _, c := range []struct{ path, body string }{
		{"/v2/account", `{"account_id":` + id[1] + `}`},
		{"/v2/account/find", `{}`},
		{"/v2/account/delete", `{"account_id":` + id[1] + `}`},
	} {
		if status, b := post(c.path, c.body); status != 200 {
			t.Fatalf("%s: %d %s", c.path, status, b)
		}
	}
	pcancel()
	if err := <-proxied; err != nil {
		t.Fatalf("proxy: %v\n%s", err, pErr.String())
	}
	if !strings.Contains(pErr.String(), "4 /account calls (0 rejected, 0 failed upstream), 0 passed through; 0 errors, 0 warnings") {
		t.Errorf("summary: %s", pErr.String())
	}
	if strings.Contains(pOut.String(), token) || strings.Contains(pErr.String(), token) {
		t.Error("the proxy printed a token")
	}
	var vOut, vErr strings.Builder
	if code := run([]string{"validate", record}, strings.NewReader(""), &vOut, &vErr); code != 0 {
		t.Fatalf("validate exit %d\n%s%s", code, vOut.String(), vErr.String())
	}
	data, _ := os.ReadFile(record)
	if strings.Count(string(data), "\n") != 4 || strings.Contains(string(data), token) {
		t.Fatalf("recording:\n%s", data)
	}

	// A second session with --reject: an invalid call is answered by the
	// proxy, and the exit code says findings were seen.
	pctx2, pcancel2 := context.WithCancel(context.Background())
	defer pcancel2()
	pOut, pErr = lockedBuffer{}, lockedBuffer{}
	o.reject, o.listen = true, "127.0.0.1:0"
	go func() { proxied <- runProxy(pctx2, o, &pOut, &pErr) }()
	front = waitFor(t, &pOut, regexp.MustCompile(`wepaykit proxy at (http://127\.0\.0\.1:\d+) -> `))[1]
	status, b = post("/v2/account/create", `{"name":"WePay fan shop","description":"d"}`)
	if status != 400 || !strings.Contains(b, `"error_code":1003`) {
		t.Fatalf("rejected call: %d %s", status, b)
	}
	waitFor(t, &pOut, regexp.MustCompile(`rejected, not forwarded: 1 error`))
	pcancel2()
	err := <-proxied
	if code := exitCodeOf(err); code != exitFindings {
		t.Fatalf("exit %d (%v) after a rejected call", code, err)
	}
	vOut.Reset()
	if code := run([]string{"validate", record}, strings.NewReader(""), &vOut, &vErr); code != 1 || !strings.Contains(vOut.String(), "account-name-no-wepay") {
		t.Fatalf("validate exit %d\n%s", code, vOut.String())
	}
	cancel()
	<-served
}

func TestProxyUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"proxy"}, // --upstream is required
		{"proxy", "--upstream", "stage.wepayapi.com"},
		{"proxy", "--upstream", "http://x", "--format", "xml"},
		{"proxy", "--upstream", "http://x", "--env", "mars"},
		{"proxy", "--upstream", "http://x", "--record-as", "nope"},
		{"proxy", "--upstream", "http://x", "extra"},
		{"proxy", "--upstream", "http://x", "--record", "out.har"},
	} {
		var stdout, stderr strings.Builder
		if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "wepaykit proxy") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	panic(fmt.Sprintf("not an exitError: %v", err))
}
