package traffic

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sample reads a file of the repository's testdata/traffic.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "traffic", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVCRSamples(t *testing.T) {
	for _, c := range []struct {
		file    string
		format  Format
		entries int
		// index, method, url prefix of one entry to look at
		at          int
		method, url string
		reqBody     string
		status      int
		respPrefix  string
		recordedAt  time.Time
		headerName  string
		headerValue string
	}{
		{file: "ruby_vcr_stage_2014.yml", format: FormatVCR, entries: 8, at: 1, method: "POST", url: "https://stage.wepayapi.com/v2/account/create",
			reqBody: `{"name":"Sunrise Bakery","description":"Bread and cakes, Portland","reference_id":"shop-118"}`, status: 200, respPrefix: `{"account_id":1723052,`,
			recordedAt: time.Date(2014, 1, 14, 18, 21, 7, 0, time.UTC), headerName: "Accept-Encoding", headerValue: "gzip;q=1.0,deflate;q=0.6,identity;q=0.3"},
		{file: "ruby_vcr_stage_2014.yml", format: FormatVCR, entries: 8, at: 6, method: "POST", url: "https://stage.wepayapi.com/v2/account",
			reqBody: `{"account_id":1723052}`, status: 200, respPrefix: `{"account_id":1723052,`, recordedAt: time.Date(2014, 1, 14, 18, 25, 30, 0, time.UTC)},
		{file: "ruby_vcr_stage_2014.yml", format: FormatVCR, entries: 8, at: 5, method: "GET", url: "https://api.mixpanel.example/track?",
			status: 200, respPrefix: "1", recordedAt: time.Date(2014, 1, 14, 18, 24, 11, 0, time.UTC)},
		{file: "ruby_vcr_rails.json", format: FormatVCRJSON, entries: 5, at: 2, method: "POST", url: "https://stage.wepayapi.com/v2/account/create",
			reqBody: `{"name":"Ana Cakes","description":"Cakes"}`, status: 200, respPrefix: `{"account_id":1723060,`,
			recordedAt: time.Date(2014, 3, 5, 10, 0, 4, 0, time.UTC), headerName: "User-Agent", headerValue: "wepay-rails"},
		{file: "vcrpy_python_sdk.yaml", format: FormatVCRPy, entries: 5, at: 3, method: "POST", url: "https://stage.wepayapi.com/v2/account",
			status: 400, respPrefix: `{"error":"invalid_request"`, headerName: "Accept", headerValue: "*/*"},
	} {
		t.Run(c.file, func(t *testing.T) {
			data := sample(t, c.file)
			if f, err := Detect(data); f != c.format || err != nil {
				t.Fatalf("Detect = %q, %v", f, err)
			}
			r, err := NewReader(c.file, bytes.NewReader(data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			res := drain(t, r, 100)
			if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != c.entries {
				t.Fatalf("%d exchanges, entry errors %v, end %v", len(res.xs), res.entry, res.final)
			}
			x := res.xs[c.at]
			if x.Request.Method != c.method || !strings.HasPrefix(x.Request.URL, c.url) || string(x.Request.Body) != c.reqBody {
				t.Fatalf("request %s %s %q", x.Request.Method, x.Request.URL, x.Request.Body)
			}
			if x.Response == nil || x.Response.Status != c.status || !strings.HasPrefix(string(x.Response.Body), c.respPrefix) {
				t.Fatalf("response %+v", x.Response)
			}
			if !x.Time.Equal(c.recordedAt) {
				t.Fatalf("time %v, want %v", x.Time, c.recordedAt)
			}
			if c.headerName != "" && x.Request.Header.Get(c.headerName) != c.headerValue {
				t.Fatalf("header %s = %q", c.headerName, x.Request.Header.Get(c.headerName))
			}
			if x.Line == 0 && c.format != FormatVCRJSON {
				t.Fatal("no line")
			}
		})
	}
}

func TestVCRYAMLShapes(t *testing.T) {
	in := `---
http_interactions:
- request:
    method: :post
    uri: https://stage.wepayapi.com/v2/account
    body:
      encoding: ASCII-8BIT
      base64_string: |
        eyJhY2NvdW50X2lkIjox
        fQ==
    headers:
      Authorization: Bearer t
  response:
    status:
      code: 200
      message: OK
    headers: {}
    body:
      encoding: US-ASCII
      string: !binary |-
        eyJvayI6dHJ1ZX0=
    http_version: 
  recorded_at: Tue, 01 Nov 2011 04:58:44 GMT
- request:
    method: post
    uri: https://stage.wepayapi.com/v2/account
    body:
      encoding: UTF-8
      base64_string: '%%%'
  response:
    status:
      code: 200
- request:
    method: post
    uri: https://stage.wepayapi.com/v2/account
    body:
      string: ''
  response:
    status:
      code: nope
- request:
    method: post
    body:
      string: ''
recorded_with: VCR 2.0.0
`
	res := drain(t, NewVCR("c.yml", strings.NewReader(in), Options{}), 20)
	if res.final != io.EOF || len(res.xs) != 1 || len(res.entry) != 3 {
		t.Fatalf("%d exchanges, %v, %v", len(res.xs), res.entry, res.final)
	}
	x := res.xs[0]
	if x.Request.Method != "POST" || string(x.Request.Body) != `{"account_id":1}` || string(x.Response.Body) != `{"ok":true}` || x.Request.Header.Get("Authorization") != "Bearer t" {
		t.Fatalf("%+v %q %q", x.Request, x.Request.Body, x.Response.Body)
	}
	for i, want := range []string{"invalid base64", "not a number", "missing method or uri"} {
		if !strings.Contains(res.entry[i].Error(), want) {
			t.Errorf("entry error %d: %v, want %q", i, res.entry[i], want)
		}
	}
}

func TestVCRBadInput(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		format         Format
	}{
		{"no list", "recorded_with: VCR 2\nfoo: 1\n", "", FormatVCR},
		{"vcrpy version 2", "interactions: []\nversion: 2\n", "unsupported vcrpy cassette version", FormatVCRPy},
		{"vcrpy no version", "interactions: []\n", "missing vcrpy cassette version", FormatVCRPy},
		{"json truncated", `{"http_interactions":[{"request":{"method":"post","uri":"https://stage.wepayapi.com/v2/account"`, "", FormatVCRJSON},
		{"json not array", `{"http_interactions":{}}`, "expected an array", FormatVCRJSON},
		{"json missing", `{"recorded_with":"VCR"}`, "missing", FormatVCRJSON},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r Reader
			switch c.format {
			case FormatVCR:
				r = NewVCR("f", strings.NewReader(c.in), Options{})
			case FormatVCRPy:
				r = NewVCRPy("f", strings.NewReader(c.in), Options{})
			default:
				r = NewVCRJSON("f", strings.NewReader(c.in), Options{})
			}
			res := drain(t, r, 10)
			var fe *FileError
			if !errors.As(res.final, &fe) || !strings.Contains(fe.Error(), c.want) {
				t.Fatalf("end %v, want a FileError with %q", res.final, c.want)
			}
		})
	}
	// A damaged interaction of the JSON serializer is skipped, the next read.
	in := `{"http_interactions":[{"request":{"method":1,"uri":"x"}},{"request":{"method":"get","uri":"https://stage.wepayapi.com/v2/account"},"response":{"status":{"code":200},"body":{"string":"{}"}}}]}`
	res := drain(t, NewVCRJSON("f", strings.NewReader(in), Options{}), 10)
	if len(res.entry) != 1 || len(res.xs) != 1 || res.final != io.EOF || res.xs[0].Index != 1 {
		t.Fatalf("%v %v %v", res.entry, res.xs, res.final)
	}
}

func TestVCRBodyTooLarge(t *testing.T) {
	big := strings.Repeat("a", 300)
	yml := "http_interactions:\n- request:\n    method: post\n    uri: https://stage.wepayapi.com/v2/account\n    body:\n      encoding: UTF-8\n      string: '" + big + "'\n  response:\n    status:\n      code: 200\n    body:\n      string: '{}'\nrecorded_with: VCR 6.0.0\n"
	res := drain(t, NewVCR("f", strings.NewReader(yml), Options{MaxBody: 64}), 10)
	if len(res.xs) != 1 || !res.xs[0].Request.BodyTooLarge || res.xs[0].Request.BodySize < 300 {
		t.Fatalf("yaml: %+v", res)
	}
	js := `{"http_interactions":[{"request":{"method":"post","uri":"https://stage.wepayapi.com/v2/account","body":{"encoding":"UTF-8","string":"` + big + `"}},"response":{"status":{"code":200},"body":{"string":"{}"}}}]}`
	res = drain(t, NewVCRJSON("f", strings.NewReader(js), Options{MaxBody: 64}), 10)
	if len(res.xs) != 1 || !res.xs[0].Request.BodyTooLarge || res.xs[0].Request.BodySize != 300 {
		t.Fatalf("json: %+v", res)
	}
}

func TestDetectCassettes(t *testing.T) {
	for in, want := range map[string]Format{
		"---\nhttp_interactions:\n- request:\n    method: get\n":                        FormatVCR,
		"interactions:\n- request:\n    body: null\n    uri: https://x/\nversion: 1\n":  FormatVCRPy,
		"version: 1\ninteractions:\n- request:\n    body: \"\"\n    url: https://x/\n":  FormatCassette,
		`{"http_interactions": [], "recorded_with": "VCR 6.0.0"}`:                       FormatVCRJSON,
		"interactions:\n- request:\n    body: null\n    headers: {}\n    method: GET\n": FormatCassette,
	} {
		if got, err := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestVCRCompressedBody(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`{"account_id":1}`))
	w.Close()
	b64 := base64.StdEncoding.EncodeToString(gz.Bytes())
	in := "interactions:\n- request:\n    body: null\n    headers: {}\n    method: POST\n    uri: https://stage.wepayapi.com/v2/account\n  response:\n    body: {string: !!binary \"" + b64 + "\"}\n    headers:\n      Content-Encoding: [gzip]\n    status: {code: 200, message: OK}\nversion: 1\n"
	res := drain(t, NewVCRPy("c.yaml", strings.NewReader(in), Options{}), 10)
	if len(res.xs) != 1 || string(res.xs[0].Response.Body) != `{"account_id":1}` || res.xs[0].Response.Header.Get("Content-Encoding") != "" {
		t.Fatalf("%+v %v", res.xs, res.entry)
	}
	// A gzip bomb stops at the body limit.
	gz.Reset()
	w = gzip.NewWriter(&gz)
	w.Write(bytes.Repeat([]byte("a"), 1<<20))
	w.Close()
	b64 = base64.StdEncoding.EncodeToString(gz.Bytes())
	js := `{"http_interactions":[{"request":{"method":"post","uri":"https://stage.wepayapi.com/v2/account"},"response":{"status":{"code":200},"headers":{"Content-Encoding":["gzip"]},"body":{"base64_string":"` + b64 + `"}}}]}`
	res = drain(t, NewVCRJSON("c.json", strings.NewReader(js), Options{MaxBody: 4096}), 10)
	if len(res.xs) != 1 || !res.xs[0].Response.BodyTooLarge {
		t.Fatalf("%+v", res.xs[0].Response)
	}
}
