package validate_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

var (
	fzOnce sync.Once
	fzV    *validate.Validator
	fzOps  []string
	fzErr  error
)

// fzValidator is built once per fuzzing process: New is far slower than a
// validation.
func fzValidator(t testing.TB) (*validate.Validator, []string) {
	fzOnce.Do(func() {
		fzV, fzErr = validate.New()
		if fzErr != nil {
			return
		}
		for _, op := range fzV.Spec().Operations() {
			fzOps = append(fzOps, op.Path)
		}
	})
	if fzErr != nil {
		t.Fatal(fzErr)
	}
	return fzV, fzOps
}

// fzCheck asserts what every finding must satisfy.
func fzCheck(t *testing.T, fs []validate.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Rule == "" || (f.Severity != validate.SeverityError && f.Severity != validate.SeverityWarning) {
			t.Fatalf("finding without a rule or severity: %+v", f)
		}
		if f.Side != "request" && f.Side != "response" {
			t.Fatalf("finding with side %q: %+v", f.Side, f)
		}
		if f.Pointer != "" && !strings.HasPrefix(f.Pointer, "/") {
			t.Fatalf("bad pointer %q: %+v", f.Pointer, f)
		}
		if _, err := json.Marshal(f); err != nil {
			t.Fatalf("finding does not marshal: %v", err)
		}
		_ = f.String()
	}
}

// fzSeedBodies are bodies worth starting from: every reference example and
// a few broken ones.
func fzSeedBodies(f *testing.F) [][]byte {
	all, err := fixtures.All()
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, fx := range all {
		b, err := fixtures.Read(fx.Name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return append(out,
		nil,
		[]byte(``),
		[]byte(`   `),
		[]byte(`{`),
		[]byte(`{"name": "x", "descr`),
		[]byte(`{"account_id": 12345} xyz`),
		[]byte(`{"account_id": 1e400}`),
		[]byte(`{"account_id": -0.0000001, "limit": 99999999999999999999999}`),
		[]byte("{\"name\": \"caf\xff\"}"),
		[]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`),
		[]byte(`"\u0000"`),
		[]byte(`null`),
		[]byte(`[null, {"state": "deleted", "create_time": "x"}, 3]`),
		[]byte(`{"access_token": {"client_secret": ["tok"]}, "~1/": {"a/b~c": 1}}`),
		[]byte(`{"settlement_method": {"settlement_bank_id": 1, "send_check_to_address": null}, "frequency": "daily"}`),
		[]byte(`{"country": "CA", "currencies": null, "country_options": []}`),
		[]byte(`{"state": "disabled", "statuses": [null, 1, {"incoming_payments_status": 3}], "disabled_reasons": null}`),
		[]byte(`{"name": "\ud83c\udf82 \u0007 WePay", "callback_uri": "http://[::1:80/", "redirect_uri": "%zz"}`),
	)
}

// FuzzBody validates arbitrary bytes as any call's request or answer body.
// It must never panic, and every finding must be well formed.
func FuzzBody(f *testing.F) {
	v, ops := fzValidator(f)
	for i, b := range fzSeedBodies(f) {
		f.Add(uint8(i), i%2 == 0, b)
		f.Add(uint8(i+1), i%2 == 1, b)
	}
	f.Fuzz(func(t *testing.T, op uint8, response bool, body []byte) {
		side := spec.Request
		if response {
			side = spec.Response
		}
		start := time.Now()
		fs, err := v.Body(ops[int(op)%len(ops)], side, body)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Body took %v for %d bytes", d, len(body))
		}
		if err != nil {
			t.Fatalf("Body: %v", err)
		}
		fzCheck(t, fs)
	})
}

// FuzzRequest validates arbitrary requests, and an answer made of the same
// body, through Exchange. It must never panic, the bodies must be restored
// and every finding must be well formed.
func FuzzRequest(f *testing.F) {
	v, ops := fzValidator(f)
	bodies := fzSeedBodies(f)
	headers := []string{"Bearer tok_stage_7f3a9c21", "", "Basic dXNlcjpwYXNz", "Bearer", "tok", " bearer  x ", "Bearer a b c"}
	methods := []string{"POST", "GET", "", "post", "PATCH"}
	paths := append([]string{"/v2/account/bogus", "/", "", "/v2/", "/account/find/?access_token=x&client_secret=y", "//x/../account", "/%zz"}, ops...)
	for i, b := range bodies {
		f.Add(methods[i%len(methods)], paths[i%len(paths)], headers[i%len(headers)], string(b))
	}
	f.Fuzz(func(t *testing.T, method, path, header, body string) {
		u, err := url.Parse(path)
		if err != nil {
			u = &url.URL{Path: path}
		}
		u.Scheme, u.Host = "https", "stage.wepayapi.com"
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Host: u.Host,
			Body: io.NopCloser(strings.NewReader(body))}
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header["Authorization"] = []string{header}
			req.Header["Api-Version"] = []string{header}
		}
		resp := &http.Response{StatusCode: 200 + len(body)%400, Header: http.Header{"Content-Type": {header}},
			Body: io.NopCloser(strings.NewReader(body))}
		fs, err := v.Exchange(req, resp)
		if err != nil {
			t.Fatalf("Exchange: %v", err)
		}
		fzCheck(t, fs)
		for _, rc := range []io.Reader{req.Body, resp.Body} {
			got, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(got, []byte(body)) {
				t.Fatalf("body not restored: %q, %v", got, err)
			}
		}
	})
}
