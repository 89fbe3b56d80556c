package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/validate"
)

// lockedBuffer is a bytes.Buffer that serve may write while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls buf until re matches, and returns the submatches.
func waitFor(t *testing.T, buf *lockedBuffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(buf.String()); m != nil {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s in output %q", re, buf.String())
	return nil
}

func TestServeUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{addr: "127.0.0.1:0", seed: 7, users: 2, admin: true}, &stdout, &stderr)
	}()
	base := waitFor(t, &stdout, regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/v2)\n`))[1]
	adminTok := waitFor(t, &stdout, regexp.MustCompile(`admin token=(wpk_admin_[0-9a-f]+)\n`))[1]
	users := regexp.MustCompile(`user (user\d) id=(\d+) token=(STAGE_[0-9a-f]{64})\n`).FindAllStringSubmatch(stdout.String(), -1)
	if len(users) != 2 || users[0][1] != "user1" || users[0][3] == users[1][3] {
		t.Fatalf("users printed: %q", stdout.String())
	}

	client := &http.Client{Transport: validate.Transport(t, nil)}
	req, _ := http.NewRequest(http.MethodPost, base+"/account/create", strings.NewReader(`{"name":"Local Shop","description":"dev"}`))
	req.Header.Set("Authorization", "Bearer "+users[0][3])
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var acc map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	_ = dec.Decode(&acc)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || acc["state"] != "action_required" || acc["owner_user_id"] != json.Number(users[0][2]) {
		t.Fatalf("create: %d %v", resp.StatusCode, acc)
	}
	admin := strings.TrimSuffix(base, "/v2") + "/admin/complete_kyc"
	body := `{"account_id":` + acc["account_id"].(json.Number).String() + `}`
	resp, err = http.Post(admin, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("admin route without the admin token: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, admin, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminTok)
	req.Header.Set("Content-Type", "application/json")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("admin route: %d", resp.StatusCode)
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
	if _, err := http.Post(base+"/account", "application/json", strings.NewReader(`{}`)); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestServeCommandFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "--help"}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "wepaykit serve [flags]") || !strings.Contains(stdout.String(), "-users") {
		t.Errorf("--help: %d %q", code, stdout.String())
	}
	for _, args := range [][]string{{"--bogus"}, {"extra"}, {"--users", "-1"}, {"--seed", "x"}} {
		stderr.Reset()
		if code := run(append([]string{"serve"}, args...), strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "wepaykit serve:") {
			t.Errorf("%v: %d %q", args, code, stderr.String())
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	stderr.Reset()
	if code := run([]string{"serve", "--addr", ln.Addr().String()}, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.HasPrefix(stderr.String(), "wepaykit serve: listen") {
		t.Errorf("busy address: %d %q", code, stderr.String())
	}
}
