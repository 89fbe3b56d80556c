package traffic

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

func harWith(reqBody, respText, encoding string) string {
	return fmt.Sprintf(`{"log": {"entries": [{"request": {"method": "POST", "url": "https://wepayapi.com/v2/account/create",
"postData": {"text": %q}}, "response": {"status": 200, "content": {"text": %q, "encoding": %q}}}]}}`, reqBody, respText, encoding)
}

func TestBodyTooLarge(t *testing.T) {
	const max = 100
	big, huge := strings.Repeat("x", 150), strings.Repeat("y", 100<<10)
	hugeBin := strings.Repeat("\x00\x01\xff", 400) // 1200 bytes
	tests := []struct {
		name              string
		format            Format
		in                string
		reqSize, respSize int64 // -1: body kept
	}{
		{"har", FormatHAR, harWith(big, huge, ""), 150, 100 << 10},
		{"har base64 kept", FormatHAR, harWith("", base64.StdEncoding.EncodeToString([]byte(big[:99])), "base64"), -1, -1},
		{"har base64 decoded", FormatHAR, harWith("", base64.StdEncoding.EncodeToString([]byte(big[:120])), "base64"), -1, 120},
		{"har base64 cut", FormatHAR, harWith("", base64.StdEncoding.EncodeToString([]byte(hugeBin)), "base64"), -1, 1200},
		{"har base64 cut padded", FormatHAR, harWith("", base64.StdEncoding.EncodeToString([]byte(hugeBin[:1000])), "base64"), -1, 1000},
		{"cassette v1", FormatCassette, "---\nversion: 1\ninteractions:\n- request:\n    body: " + big + "\n    url: /\n    method: POST\n  response:\n    body: \"" + huge + "\"\n    status: 200 OK\n    code: 200\n", 150, 100 << 10},
		{"cassette v2", FormatCassette, "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        body: '" + huge + "'\n        url: /\n      response:\n        body: |-\n            " + big + "\n            " + big + "\n        code: 200\n", 100 << 10, 301},
		{"jsonl", FormatJSONL, `{"request": {"url": "/", "body": "` + big + `"}, "response": {"status": 200, "body": [` + strings.Repeat(`1,`, 60) + `1]}}`, 150, 123},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(tt.name, strings.NewReader(tt.in), Options{MaxBody: max})
			if err != nil {
				t.Fatal(err)
			}
			if r.Format() != tt.format {
				t.Fatalf("format %q", r.Format())
			}
			x, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			check := func(side string, body []byte, tooLarge bool, size, want int64) {
				t.Helper()
				if want < 0 {
					if tooLarge || int64(len(body)) != size || size > max {
						t.Errorf("%s: kept=%v size=%d len=%d, want kept", side, !tooLarge, size, len(body))
					}
					return
				}
				if !tooLarge || body != nil || size != want {
					t.Errorf("%s: BodyTooLarge=%v Body=%d bytes BodySize=%d, want too large with size %d", side, tooLarge, len(body), size, want)
				}
			}
			check("request", x.Request.Body, x.Request.BodyTooLarge, x.Request.BodySize, tt.reqSize)
			check("response", x.Response.Body, x.Response.BodyTooLarge, x.Response.BodySize, tt.respSize)
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("after the entry: %v", err)
			}
		})
	}
}

// bigHAR writes a HAR of n entries with bodies of bodySize bytes, every
// tenth response body being hugeSize bytes.
func bigHAR(w io.Writer, n, bodySize, hugeSize int) error {
	bw := bufio.NewWriter(w)
	body, huge := strings.Repeat("b", bodySize), strings.Repeat("h", hugeSize)
	fmt.Fprint(bw, `{"log": {"version": "1.2", "creator": {"name": "gen", "version": "1"}, "entries": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			bw.WriteString(",\n")
		}
		resp := body
		if hugeSize > 0 && i%10 == 9 {
			resp = huge
		}
		fmt.Fprintf(bw, `{"startedDateTime": "2024-05-01T12:00:00Z", "request": {"method": "POST", "url": "https://stage.wepayapi.com/v2/account/create",
 "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "X-Request-Id", "value": "%d"}], "postData": {"mimeType": "application/json", "text": "%s"}},
 "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}], "content": {"size": %d, "text": "%s"}},
 "timings": {"send": 1, "wait": 2, "receive": 3}}`, i, body, len(resp), resp)
	}
	bw.WriteString("]}}\n")
	return bw.Flush()
}

func TestHARMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50 MB")
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(bigHAR(pw, 4000, 4<<10, 64<<10)) }() // ~57 MB
	defer pr.Close()
	r := NewHAR("big.har", pr, Options{MaxBody: 32 << 10})
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	n, large := 0, 0
	for {
		x, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if x.Response.BodyTooLarge {
			large++
		}
		n++
		if n%200 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if n != 4000 || large != 400 {
		t.Errorf("read %d entries (%d too large), want 4000 (400)", n, large)
	}
	t.Logf("peak HeapInuse %.1f MB", float64(peak)/(1<<20))
	if peak > 20<<20 {
		t.Errorf("HeapInuse reached %d bytes, want < 20 MB", peak)
	}
}
