package traffic

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestHARValid(t *testing.T) {
	r := open(t, "valid.har", Options{})
	if r.Format() != FormatHAR {
		t.Fatalf("Format() = %q", r.Format())
	}
	res := drain(t, r, 100)
	if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != 3 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	want := []struct {
		line           int
		time           string
		method, url    string
		reqBody        string
		status         int
		respBody       string
		respCT         string
		respCookies    int
		authorityKept  bool
		reqContentType string
	}{
		{9, "2024-05-01T12:00:00.123Z", "POST", "https://stage.wepayapi.com/v2/account/create", `{"name":"Shop","description":"A shop"}`,
			200, `{"account_id":12345,"name":"Shop"}`, "application/json", 0, false, "application/json"},
		{67, "2024-05-01T12:00:01+02:00", "GET", "https://stage.wepayapi.com/v2/account?account_id=12345", "",
			200, "{\"account_id\":12345,\"state\":\"action_required\"}\xff\xfe", "application/json", 2, false, ""},
		{122, "2024-05-01T12:00:02Z", "POST", "https://stage.wepayapi.com/v2/account/modify", "{\"account_id\":12345,\"name\":\"Caf\u00e9 \U0001F600\"}",
			400, `{"error":"invalid_request","error_description":"bad \"name\"","error_code":1004}`, "application/json", 0, false, "application/json"},
	}
	for i, w := range want {
		x := res.xs[i]
		wt, _ := time.Parse(time.RFC3339Nano, w.time)
		switch {
		case x.Index != i || x.Source != "valid.har" || x.Line != w.line:
			t.Errorf("entry %d: index %d source %q line %d, want line %d", i, x.Index, x.Source, x.Line, w.line)
		case !x.Time.Equal(wt):
			t.Errorf("entry %d: time %v, want %v", i, x.Time, wt)
		case x.Request.Method != w.method || x.Request.URL != w.url:
			t.Errorf("entry %d: %s %s", i, x.Request.Method, x.Request.URL)
		case string(x.Request.Body) != w.reqBody || x.Request.BodySize != int64(len(w.reqBody)) || x.Request.BodyTooLarge:
			t.Errorf("entry %d: request body %q (%d)", i, x.Request.Body, x.Request.BodySize)
		case x.Request.Header.Get("Content-Type") != w.reqContentType || x.Request.Header.Get(":authority") != "":
			t.Errorf("entry %d: request headers %v", i, x.Request.Header)
		case x.Response == nil || x.Response.Status != w.status:
			t.Errorf("entry %d: response %+v", i, x.Response)
		case string(x.Response.Body) != w.respBody || x.Response.BodySize != int64(len(w.respBody)):
			t.Errorf("entry %d: response body %q", i, x.Response.Body)
		case x.Response.Header.Get("Content-Type") != w.respCT || len(x.Response.Header.Values("Set-Cookie")) != w.respCookies:
			t.Errorf("entry %d: response headers %v", i, x.Response.Header)
		}
	}
}

func TestHAREntriesAfterPages(t *testing.T) {
	res := drain(t, open(t, "pages_first.har", Options{}), 100)
	if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != 2 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	if res.xs[1].Request.URL != "https://stage.wepayapi.com/v2/account/modify" || res.xs[1].Index != 1 {
		t.Errorf("second exchange: %+v", res.xs[1])
	}
}

func TestHARTruncated(t *testing.T) {
	res := drain(t, open(t, "truncated.har", Options{}), 100)
	if len(res.xs) != 2 || len(res.entry) != 0 {
		t.Fatalf("got %d exchanges, %v before the error", len(res.xs), res.entry)
	}
	var fe *FileError
	if !errors.As(res.final, &fe) || !errors.Is(res.final, io.ErrUnexpectedEOF) {
		t.Fatalf("final error %v, want a *FileError wrapping io.ErrUnexpectedEOF", res.final)
	}
	size := int64(len(readFile(t, "truncated.har")))
	lines := bytes.Count(readFile(t, "truncated.har"), []byte("\n")) + 1
	if fe.Offset != size || fe.Line != lines || fe.File != "truncated.har" {
		t.Errorf("error at line %d offset %d, want line %d offset %d", fe.Line, fe.Offset, lines, size)
	}
	if !strings.Contains(fe.Error(), "entry 2") {
		t.Errorf("error %q does not name the entry", fe)
	}
}

func TestHARBadEntries(t *testing.T) {
	res := drain(t, open(t, "bad_entries.har", Options{}), 100)
	if res.final != io.EOF || len(res.xs) != 3 || len(res.entry) != 2 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	for i, want := range []int{0, 2, 4} {
		if res.xs[i].Index != want {
			t.Errorf("exchange %d has index %d, want %d", i, res.xs[i].Index, want)
		}
	}
	want := []string{
		"traffic: bad_entries.har: entry 1 (line 67): response content.text: illegal base64 data at input byte 4",
		`traffic: bad_entries.har: entry 3 (line 172): response status: expected a number, found a string`,
	}
	for i, w := range want {
		if got := res.entry[i].Error(); got != w {
			t.Errorf("error %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

func TestHARStructure(t *testing.T) {
	tests := []struct {
		name, in string
		n        int    // exchanges
		nerr     int    // entry errors
		final    string // "" for io.EOF, else part of the FileError
	}{
		{"no entries", `{"log": {"version": "1.2"}}`, 0, 0, ""},
		{"null entries", `{"log": {"entries": null}}`, 0, 0, ""},
		{"no log", `{"other": 1}`, 0, 0, "log: missing"},
		{"not an object", `[1, 2]`, 0, 0, "not a HAR file"},
		{"log not object", `{"log": []}`, 0, 0, "log: expected an object"},
		{"entry not object", `{"log": {"entries": [1, {"request": {"method": "GET", "url": "/"}}]}}`, 1, 1, ""},
		{"trailing garbage", `{"log": {"entries": []}} x`, 0, 0, "after the end"},
		{"trailing comma", `{"log": {"entries": [{"request": {"method": "GET", "url": "/"}},]}}`, 1, 0, "unexpected ']'"},
		{"bom", "\xef\xbb\xbf{\"log\": {\"entries\": []}}", 0, 0, ""},
		{"deep", `{"log": {"entries": [{"x": ` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}]}}`, 0, 0, "nested deeper"},
		{"no response", `{"log": {"entries": [{"request": {"method": "GET", "url": "/"}, "response": {"status": 0}}]}}`, 1, 0, ""},
		{"bad time", `{"log": {"entries": [{"startedDateTime": "yesterday", "request": {"method": "GET", "url": "/"}}]}}`, 0, 1, ""},
		{"missing request", `{"log": {"entries": [{"response": {"status": 200}}]}}`, 0, 1, ""},
		{"bad escape", `{"log": {"entries": [{"request": {"method": "G\xET", "url": "/"}}]}}`, 0, 0, "invalid escape"},
		{"escapes", `{"log": {"entries": [{"request": {"method": "GET", "url": "/\ud800\u00e9\"\\\/\b\f\n\r\t"}}]}}`, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := drain(t, NewHAR("t.har", strings.NewReader(tt.in), Options{}), 100)
			if len(res.xs) != tt.n || len(res.entry) != tt.nerr {
				t.Errorf("got %d exchanges and %v, want %d and %d errors", len(res.xs), res.entry, tt.n, tt.nerr)
			}
			if tt.final == "" && res.final != io.EOF || tt.final != "" && (res.final == io.EOF || !strings.Contains(res.final.Error(), tt.final)) {
				t.Errorf("final error %v, want %q", res.final, tt.final)
			}
		})
	}
}

func TestHARNoResponse(t *testing.T) {
	in := `{"log": {"entries": [{"request": {"method": "GET", "url": "/"}, "response": {"status": 0}}]}}`
	x, err := NewHAR("t.har", strings.NewReader(in), Options{}).Next()
	if err != nil || x.Response != nil {
		t.Fatalf("got %+v, %v; want an exchange without response", x, err)
	}
}

// TestMethodName checks that a shared method name is the one spelled.
func TestMethodName(t *testing.T) {
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "get", "", "POSTX", "GE"} {
		if got := methodName([]byte(m)); got != m {
			t.Errorf("methodName(%q) = %q", m, got)
		}
	}
}
