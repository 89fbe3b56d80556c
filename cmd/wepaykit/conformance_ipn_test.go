package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestConformanceIPNAgainstServe runs the ipn checks of `wepaykit
// conformance` against `wepaykit serve --admin` over real HTTP: the server
// delivers each IPN to the listener the check hosts on 127.0.0.1, and both
// checks pass (not skip). (A target on another host is skipped with the
// reason: conformance's TestIPNSkipsRemoteTarget.)
func TestConformanceIPNAgainstServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{addr: "127.0.0.1:0", seed: 5, users: 1, admin: true}, &stdout, &stderr)
	}()
	base := waitFor(t, &stdout, regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/v2)\n`))[1]
	adminTok := waitFor(t, &stdout, regexp.MustCompile(`admin token=(wpk_admin_[0-9a-f]+)\n`))[1]
	token := waitFor(t, &stdout, regexp.MustCompile(`user user1 id=\d+ token=(STAGE_[0-9a-f]{64})\n`))[1]

	code, out, errs := runConformance(t, base, "--token", token, "--admin-token", adminTok, "--run", "^ipn/", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, errs, out)
	}
	var rep struct {
		Checks []struct{ Check, Status, Reason string } `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range rep.Checks {
		got[c.Check] = c.Status
		if c.Status != "pass" || !strings.Contains(c.Reason, "query kept") {
			t.Errorf("%s: %s %q; want a pass: serve delivers IPNs to loopback", c.Check, c.Status, c.Reason)
		}
	}
	if len(got) != 2 || got["ipn/on-delete"] == "" || got["ipn/on-verified"] == "" {
		t.Errorf("ipn checks run: %v", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the context was cancelled")
	}
}
