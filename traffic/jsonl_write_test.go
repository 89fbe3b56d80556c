package traffic

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRecordHandlerRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	h := RecordHandler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(201)
		_, _ = io.WriteString(rw, `{"ok": true}`)
	}), w, "http://127.0.0.1:8080", func() time.Time { return time.Unix(1700000000, 0) },
		func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/admin") })
	for _, p := range []string{"/v2/account?access_token=tok_SECRET_1", "/admin/users"} {
		req := httptest.NewRequest("POST", p, strings.NewReader(`{"account_id": 1}`))
		req.Header.Set("Authorization", "Bearer tok_SECRET_2")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	if strings.Contains(buf.String(), "tok_SECRET") {
		t.Fatalf("a secret reached the recording: %s", buf.String())
	}
	r := NewJSONL("rec.jsonl", &buf, Options{})
	x, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if x.Request.Method != "POST" || !strings.HasPrefix(x.Request.URL, "http://127.0.0.1:8080/v2/account") ||
		string(x.Request.Body) != `{"account_id":1}` || x.Response.Status != 201 || string(x.Response.Body) != `{"ok":true}` ||
		x.Request.Header.Get("Authorization") != "Bearer [REDACTED]" || !x.Time.Equal(time.Unix(1700000000, 0)) {
		t.Fatalf("round trip lost data: %+v %+v", x.Request, x.Response)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("the skipped /admin call was recorded, or the file is bad: %v", err)
	}
}
