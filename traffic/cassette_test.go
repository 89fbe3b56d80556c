package traffic

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestCassette(t *testing.T) {
	type want struct {
		line        int
		method, url string
		reqBody     string
		auth        string
		status      int
		respBody    string
	}
	tests := []struct {
		file string
		want []want
	}{
		{"v1.yaml", []want{
			{4, "POST", "https://stage.wepayapi.com/v2/account/create", `{"name":"Shop","description":"A shop"}`, "Bearer STAGE_abc", 200, `{"account_id":12345,"name":"Shop"}`},
			{24, "GET", "https://stage.wepayapi.com/v2/account?account_id=12345", "", "", 200,
				"{\"account_id\":12345,\"name\":\"Shop\",\"description\":\"A shop that sells things\",\n\"state\":\"active\"}"},
			{39, "POST", "https://stage.wepayapi.com/v2/account/modify", `{"account_id":"not-a-number"}`, "", 400,
				`{"error":"invalid_request","error_description":"account_id must be an integer","error_code":1003}`},
		}},
		{"v2.yaml", []want{
			{4, "POST", "https://stage.wepayapi.com/v2/account/create", `{"name":"Shop","description":"A shop"}`, "Bearer STAGE_abc", 200, `{"account_id":12345,"name":"Shop"}`},
			{41, "GET", "https://stage.wepayapi.com/v2/account?account_id=12345", "", "", 200, "{\n  \"account_id\": 12345,\n  \"name\": \"Shop\"\n}"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := open(t, tt.file, Options{})
			if r.Format() != FormatCassette {
				t.Fatalf("Format() = %q", r.Format())
			}
			res := drain(t, r, 100)
			if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != len(tt.want) {
				t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
			}
			for i, w := range tt.want {
				x := res.xs[i]
				switch {
				case x.Index != i || x.Line != w.line || x.Source != tt.file || !x.Time.IsZero():
					t.Errorf("entry %d: index %d line %d source %q time %v", i, x.Index, x.Line, x.Source, x.Time)
				case x.Request.Method != w.method || x.Request.URL != w.url || x.Request.Header.Get("Authorization") != w.auth:
					t.Errorf("entry %d: request %+v", i, x.Request)
				case string(x.Request.Body) != w.reqBody || x.Request.BodySize != int64(len(w.reqBody)):
					t.Errorf("entry %d: request body %q", i, x.Request.Body)
				case x.Response == nil || x.Response.Status != w.status || x.Response.Header.Get("Content-Type") != "application/json":
					t.Errorf("entry %d: response %+v", i, x.Response)
				case string(x.Response.Body) != w.respBody:
					t.Errorf("entry %d: response body %q, want %q", i, x.Response.Body, w.respBody)
				}
			}
		})
	}
}

func TestCassetteBadMiddle(t *testing.T) {
	res := drain(t, open(t, "bad_middle.yaml", Options{}), 100)
	if res.final != io.EOF || len(res.xs) != 2 || len(res.entry) != 2 {
		t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
	}
	if res.xs[0].Index != 0 || res.xs[1].Index != 3 || res.xs[1].Line != 26 || res.xs[1].Request.URL != "https://wepayapi.com/v2/account/find" {
		t.Errorf("exchanges %+v %+v", res.xs[0], res.xs[1])
	}
	if e := res.entry[0]; e.Entry != 1 || e.Line != 14 || !strings.Contains(e.Error(), "cannot unmarshal") {
		t.Errorf("first entry error: %v", e)
	}
	if e := res.entry[1]; e.Entry != 2 || e.Line != 23 || !strings.Contains(e.Error(), "yaml: line 24: ") {
		t.Errorf("second entry error: %v", e)
	}
}

func TestCassetteFileErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"version 3", "---\nversion: 3\ninteractions: []\n", `unsupported go-vcr cassette version "3"`},
		{"no version", "interactions:\n- request:\n    url: /\n", "missing go-vcr cassette version"},
		{"empty", "", "empty input"},
		{"only comments", "# nothing\n\n", "empty input"},
		{"not yaml keys", "hello world\n", "expected a top-level key"},
		{"binary", "version: 1\n\x00\x01\x02\n", "binary data"},
		{"not a list", "version: 1\ninteractions:\n  a: b\n", "expected a list item"},
		{"flow list", "version: 1\ninteractions: [{request: {}}]\n", "expected a block list"},
		{"bad indent", "version: 2\ninteractions:\n    - id: 0\n      request: {url: /}\n  - id: 1\n", "expected a list item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := drain(t, NewCassette("c.yaml", strings.NewReader(tt.in), Options{}), 100)
			var fe *FileError
			if !errors.As(res.final, &fe) || !strings.Contains(fe.Error(), tt.want) {
				t.Errorf("final error %v, want one containing %q", res.final, tt.want)
			}
		})
	}
}

func TestCassetteVariants(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
	}{
		{"empty list", "---\nversion: 2\ninteractions: []\n", 0},
		{"bom", "\xef\xbb\xbfversion: 1\ninteractions:\n- request: {url: /}\n", 1},
		{"version after", "interactions:\n- request:\n    url: /a\n    method: GET\nversion: 1\n", 1},
		{"second document", "version: 1\ninteractions:\n- request: {url: /a, method: GET}\n---\nversion: 9\n", 1},
		{"document end", "version: 1\ninteractions:\n- request: {url: /a, method: GET}\n...\ngarbage\n", 1},
		{"comments", "# c\nversion: 1 # one\ninteractions:\n# between\n- request:\n    url: /a\n# inside\n    method: GET\n\n- request: {url: /b}\n", 2},
		{"crlf", "version: 1\r\ninteractions:\r\n- request:\r\n    url: /a\r\n    method: GET\r\n", 1},
		{"no response", "version: 1\ninteractions:\n- request: {url: /a}\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := drain(t, NewCassette("c.yaml", strings.NewReader(tt.in), Options{}), 100)
			if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != tt.n {
				t.Fatalf("got %d exchanges, %v, final %v", len(res.xs), res.entry, res.final)
			}
			for _, x := range res.xs {
				if x.Response != nil {
					t.Errorf("unexpected response %+v", x.Response)
				}
			}
		})
	}
}

func TestCassetteBinaryBody(t *testing.T) {
	in := "version: 2\ninteractions:\n    - id: 0\n      request:\n        url: /\n        method: GET\n      response:\n        body: !!binary /+4=\n        code: 200\n"
	x, err := NewCassette("c.yaml", strings.NewReader(in), Options{}).Next()
	if err != nil || string(x.Response.Body) != "\xff\xee" || x.Response.Status != 200 {
		t.Fatalf("got %+v, %v", x, err)
	}
}
