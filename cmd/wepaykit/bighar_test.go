package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestGenerateBigHAR writes a large HAR for memory and speed measurements
// of the built binary; it runs only when WEPAYKIT_BIG_HAR names the file to
// write (WEPAYKIT_BIG_MB sets its size, default 600):
//
//	WEPAYKIT_BIG_HAR=/tmp/big.har go test ./cmd/wepaykit -run TestGenerateBigHAR
//	go build -o /tmp/wepaykit ./cmd/wepaykit
//	/usr/bin/time -v /tmp/wepaykit validate --quiet --format json /tmp/big.har > /dev/null
//
// Every hundredth exchange sends an account name with "wepay" in it; the
// others are valid.
func TestGenerateBigHAR(t *testing.T) {
	path := os.Getenv("WEPAYKIT_BIG_HAR")
	if path == "" {
		t.Skip("set WEPAYKIT_BIG_HAR=FILE to write a big HAR")
	}
	mb := 600
	if s := os.Getenv("WEPAYKIT_BIG_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("WEPAYKIT_BIG_MB=%q", s)
		}
		mb = n
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	samples := validSamples(t) // no delete: the account stays alive
	bad := harSamples(t)[7]    // name with "wepay"
	w.WriteString(`{"log":{"version":"1.2","creator":{"name":"wepaykit big HAR","version":"1"},"entries":[` + "\n")
	var size int64
	n := 0
	for ; size < int64(mb)<<20; n++ {
		s := samples[n%len(samples)]
		if n%100 == 99 {
			s = bad
		}
		entry := map[string]any{
			"startedDateTime": sampleStart.Add(time.Duration(n) * time.Second).Format(time.RFC3339),
			"request": map[string]any{"method": s.method, "url": s.url, "httpVersion": "HTTP/1.1",
				"headers": harHeaders(headers(s, true)), "postData": map[string]any{"mimeType": "application/json", "text": string(s.req)}},
			"response": map[string]any{"status": s.status, "httpVersion": "HTTP/1.1", "headers": harHeaders(headers(s, false)),
				"content": map[string]any{"mimeType": "application/json", "text": string(s.resp)}},
		}
		b, err := json.Marshal(entry)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			w.WriteString(",\n")
		}
		w.Write(b)
		size += int64(len(b)) + 2
	}
	w.WriteString("\n]}}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d entries, %d MB", path, n, size>>20)
}

func harHeaders(h [][2]string) []map[string]string {
	out := []map[string]string{}
	for _, x := range h {
		out = append(out, map[string]string{"name": x[0], "value": x[1]})
	}
	return out
}
