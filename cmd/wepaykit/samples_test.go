package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/wepaykit/wepaykit/fixtures"
)

// update rewrites the golden files and the sample recordings:
//
//	go test ./cmd/wepaykit -run 'TestSamples|TestGolden' -update
var update = flag.Bool("update", false, "rewrite golden files and testdata/traffic samples")

// samplesDir holds the sample recordings, at the module root.
const samplesDir = "../../testdata/traffic"

// sample is one recorded exchange of the samples.
type sample struct {
	method, url string
	auth        bool // send Authorization: Bearer
	req         []byte
	status      int
	resp        []byte
	note        string // what the exchange shows, for the HAR comment
}

// body reads a fixture and applies edits (member -> value; nil deletes).
func body(t testing.TB, name string, edits map[string]any) []byte {
	t.Helper()
	raw, err := fixtures.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) == 0 {
		return compact(t, raw)
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	for k, v := range edits {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func compact(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const stage = "https://stage.wepayapi.com/v2"

func errorBody(desc string, code int) []byte {
	b, _ := json.Marshal(map[string]any{"error": "invalid_request", "error_description": desc, "error_code": code})
	return b
}

// validSamples are exchanges that follow the contract, built from the
// reference's examples (edited where the examples contradict each other).
func validSamples(t testing.TB) []sample {
	modifyEcho := map[string]any{"name": "Example account", "description": "this account is just an example.", "reference_id": "123abc"}
	return []sample{
		{method: "POST", url: stage + "/account/create", auth: true, req: body(t, "create.request", nil),
			status: 200, resp: body(t, "create.response", map[string]any{"support_phone_number": nil}), note: "create"},
		{method: "POST", url: stage + "/account", auth: true, req: body(t, "account.request", nil),
			status: 200, resp: body(t, "account.response.active", nil), note: "lookup"},
		{method: "POST", url: stage + "/account/find", auth: true, req: body(t, "find.request", map[string]any{"name": "Example account"}),
			status: 200, resp: body(t, "find.response", nil), note: "find"},
		{method: "POST", url: stage + "/account/modify", auth: true, req: body(t, "modify.request", modifyEcho),
			status: 200, resp: body(t, "modify.response.active", nil), note: "modify"},
		{method: "POST", url: stage + "/account/get_update_uri", auth: true, req: body(t, "get_update_uri.request", nil),
			status: 200, resp: body(t, "get_update_uri.response", nil), note: "get_update_uri"},
		{method: "POST", url: stage + "/account/settlement_setup", auth: true, req: body(t, "settlement_setup.request.bank", nil),
			status: 200, resp: body(t, "settlement_setup.response", nil), note: "settlement_setup"},
		{method: "POST", url: stage + "/account/get_reserve_details", auth: true, req: body(t, "get_reserve_details.request", nil),
			status: 200, resp: body(t, "get_reserve_details.response", nil), note: "get_reserve_details"},
	}
}

// harSamples are the exchanges of samples.har: valid ones, then one
// mistake each, a non-WePay entry (skipped) and a delete.
func harSamples(t testing.TB) []sample {
	v := validSamples(t)
	modifyEcho := map[string]any{"name": "Example account", "description": "this account is just an example.", "reference_id": "123abc"}
	out := append(v[:6:6],
		sample{method: "GET", url: "https://api.example.com/v1/status", status: 200, resp: []byte(`{"ok":true}`), note: "not WePay: skipped"},
		sample{method: "POST", url: stage + "/account/create", auth: true, req: body(t, "create.request", map[string]any{"name": "My WePay Shop"}),
			status: 400, resp: errorBody(`Account names can't be empty or contain "WePay"`, 1003), note: "name contains wepay"},
		sample{method: "POST", url: stage + "/account?access_token=STAGE_leaked_token_4f2a", auth: true, req: body(t, "account.request", nil),
			status: 200, resp: body(t, "account.response.active", nil), note: "access token in the query"},
		sample{method: "POST", url: stage + "/account/modify", req: body(t, "modify.request", modifyEcho),
			status: 400, resp: errorBody("send exactly one Authorization: Bearer <access_token> header", 1002), note: "no Authorization header (WePay answers 1002)"},
		sample{method: "POST", url: stage + "/account/create", auth: true, req: body(t, "create.request", map[string]any{"name": strings.Repeat("Long name ", 30)}),
			status: 400, resp: errorBody("name is too long", 1004), note: "name over 255 characters"},
		sample{method: "POST", url: stage + "/account", auth: true, req: body(t, "account.request", nil),
			status: 200, resp: body(t, "account.response.disabled", map[string]any{"disabled_reasons": []any{}}), note: "disabled without disabled_reasons"},
		sample{method: "POST", url: stage + "/account/delete", auth: true, req: body(t, "delete.request", nil),
			status: 200, resp: body(t, "delete.response", nil), note: "delete"},
	)
	return out
}

func validHARSamples(t testing.TB) []sample {
	v := validSamples(t)
	return append(v, sample{method: "POST", url: stage + "/account/delete", auth: true, req: body(t, "delete.request", nil),
		status: 200, resp: body(t, "delete.response", nil), note: "delete"})
}

func cassetteSamples(t testing.TB) []sample {
	v := validSamples(t)
	return []sample{v[0], v[1],
		{method: "POST", url: stage + "/account/delete", auth: true, req: body(t, "delete.request", nil),
			status: 200, resp: body(t, "delete.response", map[string]any{"state": "active"}), note: "delete answered active"},
	}
}

func jsonlSamples(t testing.TB) []sample {
	v := validSamples(t)
	return []sample{v[1],
		{method: "POST", url: stage + "/account/delete", auth: true, req: body(t, "delete.request", nil),
			status: 200, resp: body(t, "delete.response", nil), note: "delete"},
		{method: "POST", url: stage + "/account", auth: true, req: body(t, "account.request", nil),
			status: 200, resp: body(t, "account.response.active", nil), note: "active again after delete"},
	}
}

var sampleStart = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func headers(s sample, req bool) [][2]string {
	var h [][2]string
	if !req || len(s.req) > 0 {
		h = append(h, [2]string{"Content-Type", "application/json"})
	}
	if req && s.auth {
		h = append(h, [2]string{"Authorization", "Bearer STAGE_sample_token_0001"})
	}
	if req {
		// WePay's SDKs send a User-Agent, and WePay answers a call
		// without one with 1002 (rule user-agent-required).
		h = append(h, [2]string{"User-Agent", "wepaykit-samples/1.0"})
	}
	return h
}

// writeHAR builds a HAR 1.2 file.
func writeHAR(samples []sample) []byte {
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	list := func(h [][2]string) []nv {
		out := []nv{}
		for _, x := range h {
			out = append(out, nv{x[0], x[1]})
		}
		return out
	}
	var entries []any
	for i, s := range samples {
		req := map[string]any{"method": s.method, "url": s.url, "httpVersion": "HTTP/1.1", "headers": list(headers(s, true)),
			"queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": len(s.req)}
		if len(s.req) > 0 {
			req["postData"] = map[string]any{"mimeType": "application/json", "text": string(s.req)}
		}
		resp := map[string]any{"status": s.status, "statusText": http.StatusText(s.status), "httpVersion": "HTTP/1.1",
			"headers": list(headers(s, false)), "cookies": []any{}, "redirectURL": "", "headersSize": -1, "bodySize": len(s.resp),
			"content": map[string]any{"size": len(s.resp), "mimeType": "application/json", "text": string(s.resp)}}
		entries = append(entries, map[string]any{
			"startedDateTime": sampleStart.Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano),
			"time":            120, "request": req, "response": resp, "cache": map[string]any{},
			"timings": map[string]any{"send": 1, "wait": 100, "receive": 19}, "comment": s.note})
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "wepaykit samples", "version": "1"}, "entries": entries}}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n')
}

// writeCassette builds a go-vcr version 2 cassette.
func writeCassette(samples []sample) []byte {
	type hdr map[string][]string
	toMap := func(h [][2]string) hdr {
		m := hdr{}
		for _, x := range h {
			m[x[0]] = append(m[x[0]], x[1])
		}
		return m
	}
	var its []any
	for i, s := range samples {
		its = append(its, map[string]any{"id": i,
			"request": map[string]any{"proto": "HTTP/1.1", "proto_major": 1, "proto_minor": 1, "content_length": len(s.req),
				"host": "stage.wepayapi.com", "body": string(s.req), "form": map[string]any{}, "headers": toMap(headers(s, true)),
				"url": s.url, "method": s.method},
			"response": map[string]any{"proto": "HTTP/2.0", "proto_major": 2, "proto_minor": 0, "content_length": len(s.resp),
				"uncompressed": false, "body": string(s.resp), "headers": toMap(headers(s, false)),
				"status": fmt.Sprintf("%d %s", s.status, http.StatusText(s.status)), "code": s.status, "duration": "95.5ms"}})
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	_ = enc.Encode(map[string]any{"version": 2, "interactions": its})
	return buf.Bytes()
}

// writeJSONL builds JSON lines in the format of package traffic.
func writeJSONL(samples []sample) []byte {
	var buf bytes.Buffer
	for i, s := range samples {
		h := map[string]string{}
		for _, x := range headers(s, true) {
			h[x[0]] = x[1]
		}
		line := map[string]any{
			"request":  map[string]any{"method": s.method, "url": s.url, "headers": h, "body": json.RawMessage(s.req)},
			"response": map[string]any{"status": s.status, "headers": map[string]string{"Content-Type": "application/json"}, "body": json.RawMessage(s.resp)},
			"time":     sampleStart.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
		}
		b, _ := json.Marshal(line)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// TestSamples checks that testdata/traffic holds what the generators make
// (run with -update to rewrite it).
func TestSamples(t *testing.T) {
	files := map[string][]byte{
		"samples.har":   writeHAR(harSamples(t)),
		"valid.har":     writeHAR(validHARSamples(t)),
		"samples.yaml":  writeCassette(cassetteSamples(t)),
		"samples.jsonl": writeJSONL(jsonlSamples(t)),
	}
	for name, want := range files {
		p := filepath.Join(samplesDir, name)
		if *update || fixtures.UpdateRequested() {
			if err := os.MkdirAll(samplesDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -run TestSamples -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator makes; run go test ./cmd/wepaykit -run TestSamples -update", p)
		}
	}
}
