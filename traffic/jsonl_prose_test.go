package traffic

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestJSONLWriterKeepsNamesAroundProse: an answer whose error description
// names a secret parameter in a sentence (`"access_token": access tokens
// must never be sent as parameters`) does not make "access" a secret: the
// recorded URL keeps the parameter's name (so validate still reports
// token-in-parameter), the body its member names, and prose its words.
func TestJSONLWriterKeepsNamesAroundProse(t *testing.T) {
	desc := `query parameter \"access_token\": access tokens must never be sent as parameters, only in the Authorization header`
	cases := []Exchange{
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account/find?access_token=S3cr3tValue1",
			Header: http.Header{"Authorization": {"Bearer S3cr3tValue0"}}, Body: []byte(`{"name":"access all areas"}`)},
			Response: &Response{Status: 400, Body: []byte(`{"error":"invalid_request","error_description":"` + desc + `","error_code":1003}`)}},
		{Request: Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account/find", Body: []byte(`{"client_secret":"S3cr3tValue2"}`)},
			Response: &Response{Status: 400, Body: []byte(`{"error":"invalid_request","error_description":"\"client_secret\" must never be sent in a body; access tokens go only in the Authorization header","error_code":1003}`)}},
	}
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	for i := range cases {
		if err := w.Write(&cases[i]); err != nil {
			t.Fatal(err)
		}
	}
	out := buf.String()
	if strings.Contains(out, "S3cr3tValue") {
		t.Fatalf("a secret reached the recording:\n%s", out)
	}
	r := NewJSONL("rec.jsonl", &buf, Options{})
	x, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(x.Request.URL, "/account/find?access_token=[REDACTED]") || string(x.Request.Body) != `{"name":"access all areas"}` ||
		!strings.Contains(string(x.Response.Body), "access tokens must never be sent") {
		t.Errorf("first exchange mangled: %s %s %s", x.Request.URL, x.Request.Body, x.Response.Body)
	}
	x, err = r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if string(x.Request.Body) != `{"client_secret":"[REDACTED]"}` {
		t.Errorf("second request body: %s", x.Request.Body)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatal(err)
	}
}
