package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestServeRecordRefusesHugeBody sends a 16 MiB body of NUL bytes to
// `serve --record --max-body 256KiB`: the call is refused with WePay's error
// body, the recording marks the body truncated, and the process allocates
// a small multiple of the limit, not of the body.
func TestServeRecordRefusesHugeBody(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "rec.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{addr: "127.0.0.1:0", seed: 7, users: 1, record: rec, maxBody: 256 << 10}, &stdout, &stderr)
	}()
	defer func() { cancel(); <-done }()
	base := waitFor(t, &stdout, regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/v2)\n`))[1]
	tok := waitFor(t, &stdout, regexp.MustCompile(`token=(\S+)\n`))[1]
	waitFor(t, &stdout, regexp.MustCompile(`recording exchanges`))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	req, _ := http.NewRequest(http.MethodPost, base+"/account/create", io.LimitReader(zeroReader{}, 16<<20))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	runtime.ReadMemStats(&after)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "body-too-large") {
		t.Errorf("answer %d %s; want 400 body-too-large", resp.StatusCode, body)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("a 16 MiB body cost %d KiB of allocations with a 256 KiB limit", alloc>>10)
	}
	cancel()
	<-done
	done <- nil
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 64<<10 || !strings.Contains(string(data), `"body_truncated":true`) {
		t.Errorf("recording of %d bytes: %.500s", len(data), data)
	}
}
