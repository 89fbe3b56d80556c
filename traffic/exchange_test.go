package traffic

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format // "" for an error
	}{
		{"valid.har", string(readFile(t, "valid.har")), FormatHAR},
		{"v1.yaml", string(readFile(t, "v1.yaml")), FormatCassette},
		{"v2.yaml", string(readFile(t, "v2.yaml")), FormatCassette},
		{"bad_middle.jsonl", string(readFile(t, "bad_middle.jsonl")), FormatJSONL},
		{"garbage.bin", string(readFile(t, "garbage.bin")), ""},
		{"empty", "", ""},
		{"spaces", " \n\t ", ""},
		{"har log later", `{"comment": {"a": [1, "x"]}, "log": {}}`, FormatHAR},
		{"har bom", "\xef\xbb\xbf\n{\"log\": {}}", FormatHAR},
		{"jsonl response first", `{"time": "x", "response": {}}`, FormatJSONL},
		{"json other", `{"a": 1}`, ""},
		{"json truncated", `{"a": `, ""},
		{"json array", `[{"log": 1}]`, ""},
		{"yaml no key", "interactions:\n", FormatCassette},
		{"yaml version later", "# c\n%YAML 1.2\n---\nname: x\nversion: 1\n", FormatCassette},
		{"yaml other", "name: x\nother: y\n", ""},
		{"yaml indented", "  version: 1\n", ""},
		{"text", "hello world\nversion: 1\n", ""},
		{"nul", "version: 1\x00\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect([]byte(tt.in))
			var ue *UnknownFormatError
			if got != tt.want || (tt.want == "") != errors.As(err, &ue) {
				t.Errorf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNewReaderRejects(t *testing.T) {
	for _, name := range []string{"garbage.bin", "empty.txt"} {
		_, err := NewReader(name, strings.NewReader(string(readFile(t, name))), Options{})
		var fe *FileError
		var ue *UnknownFormatError
		if !errors.As(err, &fe) || !errors.As(err, &ue) || fe.File != name {
			t.Errorf("%s: NewReader error %v, want a *FileError wrapping *UnknownFormatError", name, err)
		}
	}
	// Each reader also rejects garbage and empty input by itself.
	for _, name := range []string{"garbage.bin", "empty.txt"} {
		for _, r := range []Reader{
			NewHAR(name, strings.NewReader(string(readFile(t, name))), Options{}),
			NewCassette(name, strings.NewReader(string(readFile(t, name))), Options{}),
			NewJSONL(name, strings.NewReader(string(readFile(t, name))), Options{}),
		} {
			res := drain(t, r, 100)
			var fe *FileError
			if len(res.xs) != 0 || !errors.As(res.final, &fe) {
				t.Errorf("%s as %s: %d exchanges, final %v; want a *FileError", name, r.Format(), len(res.xs), res.final)
			}
		}
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := NewReader("x", failingReader{boom}, Options{}); !errors.Is(err, boom) {
		t.Errorf("NewReader: %v", err)
	}
	for _, r := range []Reader{
		NewHAR("x", io.MultiReader(strings.NewReader(`{"log": {"entries": [`), failingReader{boom}), Options{}),
		NewCassette("x", io.MultiReader(strings.NewReader("version: 1\ninteractions:\n"), failingReader{boom}), Options{}),
		NewJSONL("x", io.MultiReader(strings.NewReader(`{"request": {"url": "/"}}`+"\n"), failingReader{boom}), Options{}),
	} {
		if res := drain(t, r, 100); !errors.Is(res.final, boom) {
			t.Errorf("%s: final error %v, want boom", r.Format(), res.final)
		}
	}
}

func TestHTTP(t *testing.T) {
	res := drain(t, open(t, "valid.har", Options{}), 100)
	x := res.xs[0]
	req, resp, err := x.HTTP()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(req.Body)
	if req.Method != "POST" || req.URL.Path != "/v2/account/create" || req.Host != "stage.wepayapi.com" ||
		string(body) != string(x.Request.Body) || req.ContentLength != int64(len(body)) || req.Header.Get("Authorization") != "Bearer STAGE_abc" {
		t.Errorf("request %+v body %q", req, body)
	}
	body, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Status != "200 OK" || string(body) != string(x.Response.Body) || resp.ContentLength != int64(len(body)) || resp.Request != req {
		t.Errorf("response %+v body %q", resp, body)
	}
	if x.Host() != "stage.wepayapi.com" || !IsWePayHost(x.Host(), nil) {
		t.Errorf("Host() = %q", x.Host())
	}

	large := &Exchange{Request: Request{Method: "GET", URL: "/x", Header: http.Header{"Host": {"localhost:8080"}}, BodyTooLarge: true, BodySize: 1 << 30}}
	req, resp, err = large.HTTP()
	if err != nil || resp != nil || req.ContentLength != -1 || req.Host != "localhost:8080" || large.Host() != "localhost:8080" {
		t.Errorf("too large: %+v %v %v, host %q", req, resp, err, large.Host())
	}
	if _, _, err := (&Exchange{Request: Request{URL: "http://[::1"}}).HTTP(); err == nil {
		t.Error("HTTP accepted an unparsable URL")
	}
}

func TestIsWePayHost(t *testing.T) {
	extra := []string{"localhost:8080", "Mock.Example.", "[::1]:9000"}
	tests := []struct {
		host string
		want bool
	}{
		{"wepayapi.com", true},
		{"stage.wepayapi.com", true},
		{"stage.wepayapi.com:443", true},
		{"WePayAPI.com.", true},
		{"evil-wepayapi.com", false},
		{"wepayapi.com.evil.com", false},
		{"api.wepay.com", false},
		{"", false},
		{"localhost:8080", true},
		{"localhost:8081", false},
		{"localhost", false},
		{"mock.example:1234", true},
		{"mock.example", true},
		{"[::1]:9000", true},
		{"[::1]:9001", false},
	}
	for _, tt := range tests {
		if got := IsWePayHost(tt.host, extra); got != tt.want {
			t.Errorf("IsWePayHost(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

// TestHTTPViewSharesHeaders: HTTPView hands out the recorded header maps,
// HTTP copies of them; both give the same values.
func TestHTTPViewSharesHeaders(t *testing.T) {
	x := &Exchange{
		Request:  Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account", Header: http.Header{"Api-Version": {"2019-04-03"}}},
		Response: &Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)},
	}
	creq, cresp, err := x.HTTP()
	if err != nil {
		t.Fatal(err)
	}
	vreq, vresp, err := x.HTTPView()
	if err != nil {
		t.Fatal(err)
	}
	if creq.Header.Get("Api-Version") != "2019-04-03" || vreq.Header.Get("Api-Version") != "2019-04-03" ||
		cresp.Header.Get("Content-Type") != "application/json" || vresp.Header.Get("Content-Type") != "application/json" {
		t.Fatal("the headers differ from the recording's")
	}
	creq.Header.Set("X-Copy", "1")
	cresp.Header.Set("X-Copy", "1")
	if x.Request.Header.Get("X-Copy") != "" || x.Response.Header.Get("X-Copy") != "" {
		t.Error("HTTP shared the recorded headers")
	}
	vreq.Header.Set("X-View", "1")
	vresp.Header.Set("X-View", "1")
	if x.Request.Header.Get("X-View") != "1" || x.Response.Header.Get("X-View") != "1" {
		t.Error("HTTPView copied the recorded headers")
	}
}

// TestStatusLine checks the status lines written out for common codes
// against the ones built from http.StatusText, for every code.
func TestStatusLine(t *testing.T) {
	for code := 0; code < 1000; code++ {
		want := strconv.Itoa(code)
		if text := http.StatusText(code); text != "" {
			want += " " + text
		}
		if got := statusLine(code); got != want {
			t.Errorf("statusLine(%d) = %q, want %q", code, got, want)
		}
	}
}
