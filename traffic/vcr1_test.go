package traffic

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestVCR1Sample(t *testing.T) {
	data := sample(t, "ruby_vcr1_wepay_rails_2011.yml")
	if f, err := Detect(data); f != FormatVCR1 || err != nil {
		t.Fatalf("Detect = %q, %v", f, err)
	}
	r, err := NewReader("cider.yml", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != FormatVCR1 {
		t.Fatalf("format %q", r.Format())
	}
	res := drain(t, r, 100)
	if res.final != io.EOF || len(res.entry) != 0 || len(res.xs) != 7 {
		t.Fatalf("%d exchanges, entry errors %v, end %v", len(res.xs), res.entry, res.final)
	}
	x := res.xs[1]
	if x.Request.Method != "POST" || x.Request.URL != "https://stage.wepayapi.com/v2/account/create" {
		t.Fatalf("request %s %s (the :443 of VCR 1 is dropped)", x.Request.Method, x.Request.URL)
	}
	if string(x.Request.Body) != `{"name":"Hartley's Cider","description":"Hard cider, Hood River","reference_id":"cider-7"}` {
		t.Fatalf("request body %q", x.Request.Body)
	}
	if got := x.Request.Header.Get("Content-Type"); got != "application/json" {
		t.Fatalf("lower-case header names are read: Content-Type %q", got)
	}
	if x.Response == nil || x.Response.Status != 200 || !strings.HasPrefix(string(x.Response.Body), `{"account_id":1723101,`) {
		t.Fatalf("response (a !binary body) %+v", x.Response)
	}
	if !x.Time.IsZero() || x.Line != 33 || x.Index != 1 || x.Source != "cider.yml" {
		t.Fatalf("time %v line %d index %d source %q", x.Time, x.Line, x.Index, x.Source)
	}
	if got := res.xs[3].Request.URL; got != "http://graph.facebook.example/me?fields=id,name" || res.xs[3].Request.Method != "GET" || len(res.xs[3].Request.Body) != 0 {
		t.Fatalf("GET with a null body: %s %q %q", res.xs[3].Request.Method, got, res.xs[3].Request.Body)
	}
	if res.xs[2].Response.Status != 400 {
		t.Fatalf("status %d", res.xs[2].Response.Status)
	}
}

func TestVCR1DropStandardPort(t *testing.T) {
	for in, want := range map[string]string{
		"https://stage.wepayapi.com:443/v2/account": "https://stage.wepayapi.com/v2/account",
		"http://example.com:80/foo?a=b%20c":         "http://example.com/foo?a=b%20c",
		"http://localhost:7777/bar":                 "http://localhost:7777/bar",
		"https://stage.wepayapi.com:80/v2/account":  "https://stage.wepayapi.com:80/v2/account",
		"http://<HOST>:80/foo":                      "http://<HOST>:80/foo", // filter_sensitive_data: left alone
		"https://[::1]:443/v2/account":              "https://[::1]/v2/account",
	} {
		if got := dropStandardPort(in); got != want {
			t.Errorf("dropStandardPort(%q) = %q, want %q", in, got, want)
		}
	}
}

const vcr1Head = "--- \n- !ruby/struct:VCR::HTTPInteraction \n  request: !ruby/struct:VCR::Request \n    method: :post\n    uri: https://stage.wepayapi.com:443/v2/account\n"

func TestVCR1Damage(t *testing.T) {
	ok := vcr1Head + "    body: \"{}\"\n    headers: \n  response: !ruby/struct:VCR::Response \n    status: !ruby/struct:VCR::ResponseStatus \n      code: 200\n      message: OK\n    headers: \n    body: \"{}\"\n    http_version: \"1.1\"\n"
	for _, c := range []struct {
		name, in       string
		xs             int
		entry          string // substring of the one entry error, "" for none
		entryLine      int
		file, fileLine string // substring of the final error, "" for io.EOF
	}{
		{name: "ok", in: ok, xs: 1},
		{name: "not an interaction", in: ok + "- !ruby/object:VCR::RecordedResponse \n  method: :get\n" + ok[5:], xs: 2,
			entry: "entry 1 (line 15): interaction: expected !ruby/struct:VCR::HTTPInteraction", entryLine: 15},
		{name: "no uri", in: "---\n- !ruby/struct:VCR::HTTPInteraction\n  request: !ruby/struct:VCR::Request\n    method: :get\n", entry: "request: missing method or uri", entryLine: 2},
		{name: "bad yaml", in: vcr1Head + "    body: \"{\n    headers: [\n", entry: "entry 0 (line 2)", entryLine: 2},
		{name: "bad status", in: vcr1Head + "  response: !ruby/struct:VCR::Response \n    status: !ruby/struct:VCR::ResponseStatus \n      code: lots\n", entry: "response status: not a number"},
		{name: "bad base64", in: vcr1Head + "    body: !binary |\n      %%%\n", entry: "request body: body: invalid base64"},
		{name: "top-level key", in: ok + "recorded_with: VCR 1.11.3\n", xs: 1, file: "line 15 (offset", fileLine: "not a Ruby VCR 1 cassette: expected a list item"},
		{name: "control character", in: vcr1Head + "    body: \"\x01\"\n", entry: "entry 0 (line 2): yaml: control characters are not allowed"},
		{name: "binary", in: "--- \x00\n" + vcr1Head[5:], file: "binary data"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := drain(t, NewVCR1("old.yml", strings.NewReader(c.in), Options{}), 50)
			if len(res.xs) != c.xs {
				t.Fatalf("%d exchanges, want %d (entry errors %v, end %v)", len(res.xs), c.xs, res.entry, res.final)
			}
			switch {
			case c.entry == "" && len(res.entry) != 0:
				t.Fatalf("entry errors %v", res.entry)
			case c.entry != "":
				if len(res.entry) != 1 || !strings.Contains(res.entry[0].Error(), c.entry) || !strings.Contains(res.entry[0].Error(), "old.yml") {
					t.Fatalf("entry errors %v, want one with %q", res.entry, c.entry)
				}
				if c.entryLine != 0 && res.entry[0].Line != c.entryLine {
					t.Fatalf("entry error at line %d, want %d", res.entry[0].Line, c.entryLine)
				}
			}
			if c.file == "" {
				if res.final != io.EOF {
					t.Fatalf("end %v", res.final)
				}
				return
			}
			var fe *FileError
			if !errors.As(res.final, &fe) || !strings.Contains(fe.Error(), c.file) || !strings.Contains(fe.Error(), c.fileLine) {
				t.Fatalf("end %v, want a FileError with %q and %q", res.final, c.file, c.fileLine)
			}
		})
	}
}

func TestVCR1BodyLimit(t *testing.T) {
	big := strings.Repeat("a", 5000)
	in := vcr1Head + "    body: \"" + big + "\"\n  response: !ruby/struct:VCR::Response \n    status: !ruby/struct:VCR::ResponseStatus \n      code: 200\n    body: !binary |\n      " + strings.Repeat("QUFB", 2000) + "\n"
	res := drain(t, NewVCR1("big.yml", strings.NewReader(in), Options{MaxBody: 1024}), 10)
	if len(res.xs) != 1 || res.final != io.EOF {
		t.Fatalf("%d exchanges, %v, %v", len(res.xs), res.entry, res.final)
	}
	q, p := res.xs[0].Request, res.xs[0].Response
	if !q.BodyTooLarge || q.Body != nil || q.BodySize < 5000 || !p.BodyTooLarge || p.Body != nil || p.BodySize <= 1024 {
		t.Fatalf("request %v %d, response %v %d", q.BodyTooLarge, q.BodySize, p.BodyTooLarge, p.BodySize)
	}
}

func TestDetectVCR1(t *testing.T) {
	for in, want := range map[string]string{
		"---\n- !ruby/struct:VCR::HTTPInteraction\n  request: !ruby/struct:VCR::Request\n": "",
		"--- \n- !ruby/struct:VCR::HTTPInteraction \n":                                     "",
		"- !ruby/struct:VCR::HTTPInteraction\n":                                            "",
		"---\n- !ruby/object:VCR::RecordedResponse\n  method: :get\n":                      "not a VCR 1 cassette",
	} {
		f, err := Detect([]byte(in))
		switch {
		case want == "" && (f != FormatVCR1 || err != nil):
			t.Errorf("Detect(%q) = %q, %v; want vcr1", in, f, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("Detect(%q) = %q, %v; want an error with %q", in, f, err, want)
		}
	}
}
