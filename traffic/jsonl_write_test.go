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

func TestJSONLWriterRedactsEverySecret(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	cases := []Exchange{
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Header: http.Header{"Authorization": {"BARETOKEN999"}}}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Header: http.Header{"Authorization": {"Bearer SECRET_A1"}}}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Body: []byte(`{"account_id":1,"access_token":"SECRET_B2","x":[{"client_secret":"SECRET_C3"}]}`)}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Body: []byte(`access_token=SECRET_D4&account_id=1`)}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/%zz?access_token=SECRET_E5"}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account?access_token=SECRET_F6"}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Body: []byte(`{"access_token": SECRET_G7`)}},
	}
	for i := range cases {
		if err := w.Write(&cases[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"BARETOKEN999", "SECRET_"} {
		if strings.Contains(buf.String(), s) {
			t.Fatalf("%s reached the recording:\n%s", s, buf.String())
		}
	}
	if !strings.Contains(buf.String(), `"Bearer [REDACTED]"`) || !strings.Contains(buf.String(), `"account_id":1`) {
		t.Fatalf("redaction removed more than the secrets:\n%s", buf.String())
	}
}

func TestCassetteErrorsDoNotQuoteValues(t *testing.T) {
	in := "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        headers:\n            Authorization: SECRETTK9\n        url: https://stage.wepayapi.com/v2/account\n        method: POST\n"
	r := NewCassette("c.yaml", strings.NewReader(in), Options{})
	_, err := r.Next()
	if err == nil {
		t.Fatal("a header that is not a list must be an error")
	}
	if strings.Contains(err.Error(), "SECRETTK9") {
		t.Fatalf("the error quotes the header value: %v", err)
	}
}
