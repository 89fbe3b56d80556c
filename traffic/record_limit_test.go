package traffic

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestRecordHandlerHoldsMemory sends a 16 MiB body of NUL bytes through the
// recorder, to a handler that reads it all and to one that reads none, and
// checks what the recorder allocated and kept: at most a few times its
// 256 KiB limit, with the body recorded as truncated.
func TestRecordHandlerHoldsMemory(t *testing.T) {
	const limit = 256 << 10
	const size = 16 << 20
	for name, next := range map[string]http.Handler{
		"reads all": http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			rw.WriteHeader(http.StatusRequestEntityTooLarge)
		}),
		"reads none": http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.WriteHeader(http.StatusRequestEntityTooLarge)
		}),
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			h := RecordHandler(next, NewJSONLWriter(&buf, WithRecordLimit(limit)), "http://127.0.0.1:1",
				func() time.Time { return time.Unix(1700000000, 0) }, nil)
			req := httptest.NewRequest("POST", "/v2/account", io.LimitReader(zeros{}, size))
			req.ContentLength = -1
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			h.ServeHTTP(httptest.NewRecorder(), req)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*limit {
				t.Errorf("recording a %d-byte body allocated %d bytes; want at most %d", size, alloc, 8*limit)
			}
			if buf.Len() > 8*limit {
				t.Errorf("the recording is %d bytes", buf.Len())
			}
			x, err := NewJSONL("rec.jsonl", &buf, Options{}).Next()
			if err != nil {
				t.Fatal(err)
			}
			if !x.Request.BodyTooLarge || x.Request.BodySize <= limit {
				t.Errorf("body recorded as BodyTooLarge=%v size %d; want truncated, over %d", x.Request.BodyTooLarge, x.Request.BodySize, limit)
			}
		})
	}
}

func TestJSONLWriterRedactsEncodedSecrets(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf, WithSecretNames("X-Partner-Sig"))
	const tok = "tok_PLANTED_7"
	xs := []Exchange{
		{Request: Request{Method: "POST", URL: "http://h/v2/account?a=1;&access%5Ftoken=" + tok}},
		{Request: Request{Method: "POST", URL: "http://h/v2/account", Body: []byte(`{"access\u005ftoken":"` + tok + `"}`)}},
		{Request: Request{Method: "POST", URL: "http://h/v2/account;access_token=" + tok}},
		{Request: Request{Method: "POST", URL: "http://h/v2/account", Header: http.Header{"Cookie": {"s=" + tok}, "Proxy-Authorization": {"Basic " + tok},
			"X-Api-Key": {tok}, "X-Partner-Sig": {tok}}}},
		{Request: Request{Method: "POST", URL: "http://h/v2/account/create", Body: []byte(`{"callback_uri":"https://p.example/ipn?secret=` + tok + `"}`)}},
		{Request: Request{Method: tok, URL: "http://h/v2/" + tok, Header: http.Header{"Authorization": {"Bearer " + tok}}},
			Response: &Response{Status: 200, Header: http.Header{"Set-Cookie": {"s=" + tok}}, Body: []byte(`{"echo":"` + tok + `"}`)}},
	}
	for i := range xs {
		if err := w.Write(&xs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(buf.String(), "PLANTED") {
		t.Fatalf("a secret reached the recording:\n%s", buf.String())
	}
}
