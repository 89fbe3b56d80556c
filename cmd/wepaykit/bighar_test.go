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
// The mix is that of real traffic: of every hundred exchanges, ninety are
// valid, five answer a create with the unlisted support_phone_number (a
// warning), and one each has an account name with "wepay", a token in the
// query, no Authorization header, an account name over 255 characters, or
// goes to another host (skipped). WEPAYKIT_BIG_MIX=findings gives every
// exchange findings instead.
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
	n, size := writeBigHAR(t, path, int64(mb)<<20, os.Getenv("WEPAYKIT_BIG_MIX") == "findings")
	t.Logf("wrote %s: %d entries, %d MB", path, n, size>>20)
}

// writeBigHAR writes a HAR of at least size bytes with the mix of
// TestGenerateBigHAR, or, with findings set, one where every exchange has
// findings (the four defects and the warning in turn).
func writeBigHAR(t testing.TB, path string, limit int64, findings bool) (entries int, written int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	samples := validSamples(t) // no delete: the account stays alive
	bad := harSamples(t)[6:11] // other host, "wepay", token in query, no Authorization, long name
	warn := samples[0]
	warn.resp = body(t, "create.response", nil) // support_phone_number: unknown-field warning
	w.WriteString(`{"log":{"version":"1.2","creator":{"name":"wepaykit big HAR","version":"1"},"entries":[` + "\n")
	var size int64
	n := 0
	for ; size < limit; n++ {
		s := samples[n%len(samples)]
		switch k := n % 100; {
		case findings && n%5 == 4:
			s = warn
		case findings:
			s = bad[1+n%5]
		case k >= 95:
			s = bad[k-95]
		case k%19 == 18:
			s = warn
		}
		entry := map[string]any{ // a request without a body (the other host) has no postData text
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
	return n, size
}

func harHeaders(h [][2]string) []map[string]string {
	out := []map[string]string{}
	for _, x := range h {
		out = append(out, map[string]string{"name": x[0], "value": x[1]})
	}
	return out
}
