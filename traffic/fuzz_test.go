package traffic

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

const fuzzMax = 64

func addSeeds(f *testing.F, extra ...string) {
	for _, name := range testdataFiles(f) {
		f.Add(readFile(f, name))
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkResult checks the invariants every reader keeps on any input.
func checkResult(t *testing.T, res result) {
	t.Helper()
	for i, idx := range res.order {
		if idx != i {
			t.Fatalf("indexes %v are not 0, 1, 2, ...", res.order)
		}
	}
	for _, x := range res.xs {
		checkBody(t, "request", x.Request.Body, x.Request.BodyTooLarge, x.Request.BodySize)
		if x.Request.Header == nil {
			t.Fatal("nil request header")
		}
		if x.Response != nil {
			checkBody(t, "response", x.Response.Body, x.Response.BodyTooLarge, x.Response.BodySize)
			if x.Response.Header == nil {
				t.Fatal("nil response header")
			}
		}
		if req, _, err := x.HTTP(); err == nil {
			io.Copy(io.Discard, req.Body)
		}
		IsWePayHost(x.Host(), []string{"localhost:8080", "x"})
	}
	for _, e := range res.entry {
		_ = e.Error()
	}
	if res.final != io.EOF {
		_ = res.final.Error()
	}
}

func checkBody(t *testing.T, side string, body []byte, tooLarge bool, size int64) {
	t.Helper()
	if tooLarge {
		if body != nil || size <= fuzzMax {
			t.Fatalf("%s: too large with %d bytes kept, size %d", side, len(body), size)
		}
	} else if int64(len(body)) != size || size > fuzzMax {
		t.Fatalf("%s: %d bytes kept, size %d", side, len(body), size)
	}
}

func FuzzHAR(f *testing.F) {
	addSeeds(f, `{"log":{"entries":[{"request":{"method":"GET","url":"/","headers":[{"name":"a","value":"b"}]},"response":{"status":200,"content":{"text":"aGk=","encoding":"base64"}}}]}}`,
		`{"log":{"entries":[{"request":{"url":"\ud83d\ude00\ud800x","method":"-1.5e+3"}}]}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := drain(t, NewHAR("f.har", bytes.NewReader(data), Options{MaxBody: fuzzMax}), len(data)+2)
		checkResult(t, res)
		if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			return
		}
		// The scanner must agree with encoding/json on what is JSON.
		var se *SyntaxError
		syntax := errors.As(res.final, &se)
		if json.Valid(data) && syntax && !strings.Contains(se.Msg, "nested deeper") && !strings.Contains(se.Msg, "not a HAR") {
			t.Fatalf("valid JSON rejected: %v", res.final)
		}
		if !json.Valid(data) && res.final == io.EOF {
			t.Fatal("invalid JSON accepted")
		}
	})
}

func FuzzCassette(f *testing.F) {
	addSeeds(f, "version: 2\ninteractions:\n    - id: 0\n      request:\n        body: |\n          x\n        url: /\n",
		"version: 1\ninteractions:\n- request: {url: /}\n  response: {code: 200, body: !!binary aGk=}\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := bytes.Count(data, []byte("\n")) + 2
		checkResult(t, drain(t, NewCassette("f.yaml", bytes.NewReader(data), Options{MaxBody: fuzzMax}), limit))
	})
}

func FuzzJSONL(f *testing.F) {
	addSeeds(f, `{"request":{"url":"/","headers":{"a":["b","c"]},"body":"\u00e9\ud800"},"response":{"status":200,"body":{"a":[1,2.5,true,null]}}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := bytes.Count(data, []byte("\n")) + 2
		checkResult(t, drain(t, NewJSONL("f.jsonl", bytes.NewReader(data), Options{MaxBody: fuzzMax}), limit))
	})
}

func FuzzDetect(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect(data)
		if (format == "") == (err == nil) {
			t.Fatalf("Detect = %q, %v", format, err)
		}
		r, err := NewReader("f", bytes.NewReader(data), Options{MaxBody: fuzzMax})
		if err != nil {
			return
		}
		if r.Format() != format && len(data) <= peekSize {
			t.Fatalf("NewReader chose %q, Detect %q", r.Format(), format)
		}
		checkResult(t, drain(t, r, len(data)+2))
	})
}

func FuzzVCR(f *testing.F) {
	f.Add(sample(f, "ruby_vcr_stage_2014.yml"))
	f.Add(readFile(f, "ruby_vcr2_binary.yml")) // !binary headers, Psych's &1 and *1
	f.Add(readFile(f, "ruby_vcr_cut.yml"))
	f.Add([]byte("http_interactions:\n- request: &1\n    method: post\n    uri: /\n    headers: &2 {A: [!binary YQ==]}\n  response:\n    status: {code: !binary MjAw, message: !binary T0s=}\n- request: *1\n  response: {status: {code: 200}, headers: *2}\nrecorded_with: VCR 2.4.0\n"))
	f.Add([]byte("http_interactions:\n- request:\n    method: :post\n    uri: /\n    body:\n      base64_string: aGk=\n  response:\n    status: {code: 200}\n    body:\n      string: !binary |-\n        aGk=\n  recorded_at: Tue, 01 Nov 2011 04:58:44 GMT\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := bytes.Count(data, []byte("\n")) + 2
		checkResult(t, drain(t, NewVCR("f.yml", bytes.NewReader(data), Options{MaxBody: fuzzMax}), limit))
	})
}

func FuzzVCRJSON(f *testing.F) {
	f.Add(sample(f, "ruby_vcr_rails.json"))
	f.Add([]byte(`{"http_interactions":[{"request":{"method":"post","uri":"/","body":{"base64_string":"aGk="},"headers":{"a":"b","c":["d"]}},"response":{"status":{"code":200},"body":{"encoding":"UTF-8","string":"x"}},"recorded_at":"Tue, 01 Nov 2011 04:58:44 GMT"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := drain(t, NewVCRJSON("f.json", bytes.NewReader(data), Options{MaxBody: fuzzMax}), len(data)+2)
		checkResult(t, res)
		if !json.Valid(data) && res.final == io.EOF {
			t.Fatal("invalid JSON accepted")
		}
	})
}

func FuzzVCRPy(f *testing.F) {
	f.Add(sample(f, "vcrpy_python_sdk.yaml"))
	f.Add(readFile(f, "vcrpy_anchors.yaml")) // PyYAML's &id001 and *id001
	f.Add(readFile(f, "vcrpy_noresp.yaml"))
	f.Add([]byte("interactions:\n- request: &id001\n    body: null\n    headers: &id002 {A: [b]}\n    method: POST\n    uri: /\n  response: &id003\n    body: {string: x}\n    status: {code: 200, message: OK}\n- request: *id001\n  response: {body: *id003, headers: *id002, status: {code: 200}}\n- request: {method: POST, uri: /, headers: *nope}\n  response: *id003\nversion: 1\n"))
	f.Add([]byte("interactions:\n- request:\n    body: !!binary aGk=\n    headers: {A: b}\n    method: POST\n    uri: /\n  response:\n    body: {string: x}\n    status: {code: 200, message: OK}\nversion: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := bytes.Count(data, []byte("\n")) + 2
		checkResult(t, drain(t, NewVCRPy("f.yaml", bytes.NewReader(data), Options{MaxBody: fuzzMax}), limit))
	})
}

func FuzzVCR1(f *testing.F) {
	f.Add(sample(f, "ruby_vcr1_wepay_rails_2011.yml"))
	f.Add([]byte("--- \n- !ruby/struct:VCR::HTTPInteraction \n  request: !ruby/struct:VCR::Request \n    method: :post\n    uri: https://x:443/v2/account\n    body: \n    headers: \n  response: !ruby/struct:VCR::Response \n    status: !ruby/struct:VCR::ResponseStatus \n      code: 200\n      message: OK\n    headers: \n      content-type: \n      - application/json\n    body: !binary |\n      aGk=\n    http_version: \"1.1\"\n- !ruby/object:Foo\n  a: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := bytes.Count(data, []byte("\n")) + 2
		checkResult(t, drain(t, NewVCR1("f.yml", bytes.NewReader(data), Options{MaxBody: fuzzMax}), limit))
	})
}
