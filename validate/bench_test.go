package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

// bnExchange is the benchmarked exchange: fixtures.CleanCreateExchange, the
// reference's /account/create request and a full account answer that
// answers it.
type bnExchange struct {
	reqBody, respBody []byte
	req               *http.Request
	resp              *http.Response
}

const bnURL = "https://stage.wepayapi.com/v2/account/create"

func bnLoad(b testing.TB) *bnExchange {
	b.Helper()
	reqBody, respBody, err := fixtures.CleanCreateExchange()
	if err != nil {
		b.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, bnURL, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer tok_stage_7f3a9c21")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Api-Version", "2019-04-03")
	resp := &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}}, Request: req}
	return &bnExchange{reqBody: reqBody, respBody: respBody, req: req, resp: resp}
}

// reset gives the request and the response fresh bodies.
func (x *bnExchange) reset() {
	x.req.Body = io.NopCloser(bytes.NewReader(x.reqBody))
	x.req.GetBody = nil
	x.req.ContentLength = int64(len(x.reqBody))
	x.resp.Body = io.NopCloser(bytes.NewReader(x.respBody))
	x.resp.ContentLength = int64(len(x.respBody))
}

func BenchmarkValidateExchange(b *testing.B) {
	v := vtNew(b)
	x := bnLoad(b)
	x.reset()
	fs, err := v.Exchange(x.req, x.resp)
	if err != nil || len(fs) != 0 {
		b.Fatalf("the benchmark exchange is not clean: %v %v", fs, err)
	}
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.reset()
		if _, err := v.Exchange(x.req, x.resp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeOnly(b *testing.B) {
	x := bnLoad(b)
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var rq, rs any
		if err := json.Unmarshal(x.reqBody, &rq); err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(x.respBody, &rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKinOpenAPIFilter validates the same exchange with kin-openapi's
// openapi3filter against the embedded spec, routing each request as our
// Exchange does.
func BenchmarkKinOpenAPIFilter(b *testing.B) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		b.Fatal(err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		b.Fatal(err)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
	}
	x := bnLoad(b)
	run := func() error {
		x.reset()
		route, params, err := router.FindRoute(x.req)
		if err != nil {
			return err
		}
		in := &openapi3filter.RequestValidationInput{Request: x.req, PathParams: params, Route: route, Options: opts}
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return err
		}
		return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: x.resp.StatusCode, Header: x.resp.Header, Body: x.resp.Body, Options: opts,
		})
	}
	if err := run(); err != nil {
		b.Fatalf("kin-openapi rejects the benchmark exchange: %v", err)
	}
	var _ routers.Router = router
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := run(); err != nil {
			b.Fatal(err)
		}
	}
}

// bnDefect is the benchmarked exchange with one defect in both bodies: the
// account name replaced by name (an over-long one gives schema.maxLength),
// or an extra member added to the answer (unknown-field, a warning).
func bnDefect(b *testing.B, name string, extra bool) *bnExchange {
	b.Helper()
	x := bnLoad(b)
	if name != "" {
		q := []byte(`"` + name + `"`)
		x.reqBody = bytes.Replace(x.reqBody, []byte(`"Example Account"`), q, 1)
		x.respBody = bytes.Replace(x.respBody, []byte(`"Example Account"`), q, 1)
	}
	if extra {
		x.respBody = bytes.Replace(x.respBody, []byte(`{`), []byte(`{"support_phone_number":"+1 650 555 0100",`), 1)
	}
	return x
}

func benchDefect(b *testing.B, x *bnExchange) {
	v := vtNew(b)
	x.reset()
	fs, err := v.Exchange(x.req, x.resp)
	if err != nil || len(fs) == 0 {
		b.Fatalf("the benchmark exchange has no findings: %v %v", fs, err)
	}
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.reset()
		if _, err := v.Exchange(x.req, x.resp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateExchangeLongName has a 300-character account name
// (maxLength 255) in the request and its answer.
func BenchmarkValidateExchangeLongName(b *testing.B) {
	benchDefect(b, bnDefect(b, strings.Repeat("n", 300), false))
}

// BenchmarkValidateExchangeUnknownField answers with a member the contract
// does not list (an unknown-field warning).
func BenchmarkValidateExchangeUnknownField(b *testing.B) {
	benchDefect(b, bnDefect(b, "", true))
}

// TestBenchExchangeIsClean keeps the benchmarked exchange clean, so that
// BenchmarkValidateExchange (which refuses to time an exchange with
// findings) runs: a rule that fires on fixtures.CleanCreateExchange fails
// here, in every test run, not only when someone benchmarks.
func TestBenchExchangeIsClean(t *testing.T) {
	v := vtNew(t)
	x := bnLoad(t)
	x.reset()
	if fs, err := v.Exchange(x.req, x.resp); err != nil || len(fs) != 0 {
		t.Fatalf("fixtures.CleanCreateExchange is not clean: %v %v", fs, err)
	}
}
