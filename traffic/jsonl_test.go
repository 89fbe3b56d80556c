package traffic

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestJSONLBadMiddle(t *testing.T) {
	r := open(t, "bad_middle.jsonl", Options{})
	if r.Format() != FormatJSONL {
		t.Fatalf("Format() = %q", r.Format())
	}
	res := drain(t, r, 100)
	if res.final != io.EOF || len(res.xs) != 3 || len(res.entry) != 2 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	x := res.xs[0]
	if x.Index != 0 || x.Line != 1 || !x.Time.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) ||
		string(x.Request.Body) != `{"name":"Shop","description":"A shop"}` ||
		len(x.Request.Header.Values("Accept")) != 2 || x.Response.Status != 200 || string(x.Response.Body) != `{"account_id":12345}` {
		t.Errorf("first exchange: %+v %+v", x, x.Response)
	}
	x = res.xs[1]
	if x.Index != 1 || x.Line != 3 || x.Request.Body != nil || string(x.Response.Body) != "raw \u00e9 text" || !x.Time.IsZero() {
		t.Errorf("second exchange: %+v %+v", x, x.Response)
	}
	x = res.xs[2]
	if x.Index != 4 || x.Line != 6 || string(x.Request.Body) != "[]" || string(x.Response.Body) != `[{"account_id":1},{"account_id":2}]` {
		t.Errorf("third exchange: %+v %+v", x, x.Response)
	}
	if e := res.entry[0]; e.Entry != 2 || e.Line != 4 || !strings.HasPrefix(e.Error(), "traffic: bad_middle.jsonl: entry 2 (line 4): ") {
		t.Errorf("first error: %v", e)
	}
	if e := res.entry[1]; e.Entry != 3 || e.Line != 5 {
		t.Errorf("second error: %v", e)
	}
}

func TestJSONLLines(t *testing.T) {
	tests := []struct {
		name, in string
		n, nerr  int
		final    string
	}{
		{"invalid utf8 body", "{\"request\": {\"method\": \"POST\", \"url\": \"/\", \"body\": \"\xff\xfe\"}}\n", 1, 0, ""},
		{"crlf and no final newline", "{\"request\": {\"url\": \"/\"}}\r\n\r\n{\"request\": {\"url\": \"/\"}}", 2, 0, ""},
		{"bad header", `{"request": {"url": "/", "headers": {"A": 1}}}`, 0, 1, ""},
		{"bad time", `{"request": {"url": "/"}, "time": "noon"}`, 0, 1, ""},
		{"time without colon", `{"request": {"url": "/"}, "time": "2024-05-01T12:00:00.5+0200"}`, 1, 0, ""},
		{"bom", "\xef\xbb\xbf{\"request\": {\"url\": \"/\"}}\n", 1, 0, ""},
		{"no request", `{"response": {"status": 200}}`, 0, 1, ""},
		{"not an object", "{\"request\": {\"url\": \"/\"}}\n[1]\n", 1, 1, ""},
		{"first line not object", "hello\n", 0, 0, "not JSON lines"},
		{"nul", "{\"request\": {\"url\": \"/\"}}\n{\x00}\n{\"request\": {\"url\": \"/\"}}\n", 2, 1, ""},
		{"nul first", "{\x00}\n{\"request\": {\"url\": \"/\"}}\n", 0, 0, "NUL byte"},
		{"nul run", "{\"request\": {\"url\": \"/\"}}\n" + strings.Repeat("\x00\xff\n", 17) + "{\"request\": {\"url\": \"/\"}}\n", 1, 16, "NUL byte"},
		{"empty", "", 0, 0, "empty input"},
		{"blank", "\n  \n", 0, 0, "empty input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := drain(t, NewJSONL("t.jsonl", strings.NewReader(tt.in), Options{}), 100)
			if len(res.xs) != tt.n || len(res.entry) != tt.nerr {
				t.Errorf("got %d exchanges and %v, want %d and %d errors", len(res.xs), res.entry, tt.n, tt.nerr)
			}
			if tt.final == "" && res.final != io.EOF || tt.final != "" && (res.final == io.EOF || !strings.Contains(res.final.Error(), tt.final)) {
				t.Errorf("final error %v, want %q", res.final, tt.final)
			}
			if tt.name == "invalid utf8 body" && string(res.xs[0].Request.Body) != "\xff\xfe" {
				t.Errorf("body %q, want the bytes kept", res.xs[0].Request.Body)
			}
		})
	}
}

func TestJSONLLineTooLong(t *testing.T) {
	body := strings.Repeat("a", 70<<10)
	in := `{"request": {"url": "/a"}}` + "\n" + `{"request": {"url": "/b", "body": "` + body + `"}}` + "\n" + `{"request": {"url": "/c"}}` + "\n"
	res := drain(t, NewJSONL("t.jsonl", strings.NewReader(in), Options{MaxBody: 100}), 100)
	if res.final != io.EOF || len(res.xs) != 2 || len(res.entry) != 1 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	var tl *TooLongError
	if !errors.As(res.entry[0], &tl) || tl.Size != int64(len(in)/1-len(`{"request": {"url": "/a"}}`)-len(`{"request": {"url": "/c"}}`)-3) || res.entry[0].Line != 2 {
		t.Errorf("error %v (%+v)", res.entry[0], tl)
	}
	if res.xs[1].Index != 2 || res.xs[1].Line != 3 {
		t.Errorf("after the long line: %+v", res.xs[1])
	}
}
