package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// exchange is one benchmarked /account/create exchange.
type exchange struct {
	reqBody, respBody []byte
}

// valid is the reference's clean create exchange.
func valid(b *testing.B) exchange {
	b.Helper()
	req, resp, err := fixtures.CleanCreateExchange()
	if err != nil {
		b.Fatal(err)
	}
	return exchange{req, resp}
}

// invalid is the same exchange with one defect every validator sees: an
// account name of 300 characters (maxLength 255) in the request and its
// answer.
func invalid(b *testing.B) exchange {
	b.Helper()
	x := valid(b)
	long := bytes.Repeat([]byte("n"), 300)
	x.reqBody = bytes.Replace(x.reqBody, []byte(`"Example Account"`), append(append([]byte(`"`), long...), '"'), 1)
	x.respBody = bytes.Replace(x.respBody, []byte(`"Example Account"`), append(append([]byte(`"`), long...), '"'), 1)
	return x
}

// httpPair builds a fresh request and response over the bodies.
func (x exchange) httpPair() (*http.Request, *http.Response) {
	req, _ := http.NewRequest(http.MethodPost, "https://stage.wepayapi.com/v2/account/create", bytes.NewReader(x.reqBody))
	req.Header.Set("Authorization", "Bearer tok_stage_7f3a9c21")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wepaykit-bench/1.0") // WePay refuses a call without one (1002)
	req.Header.Set("Api-Version", "2019-04-03")
	resp := &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(x.respBody)), ContentLength: int64(len(x.respBody)), Request: req}
	return req, resp
}

func benchWepaykit(b *testing.B, x exchange, wantFindings bool) {
	v, err := validate.New()
	if err != nil {
		b.Fatal(err)
	}
	run := func() int {
		req, resp := x.httpPair()
		fs, err := v.Exchange(req, resp)
		if err != nil {
			b.Fatal(err)
		}
		return len(fs)
	}
	if n := run(); (n > 0) != wantFindings {
		b.Fatalf("wepaykit: %d findings", n)
	}
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}

func benchLibOpenAPI(b *testing.B, x exchange, wantFindings bool) {
	doc, err := libopenapi.NewDocument(spec.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	run := func() int {
		req, resp := x.httpPair()
		_, verrs := v.ValidateHttpRequestResponse(req, resp)
		return len(verrs)
	}
	if n := run(); (n > 0) != wantFindings {
		b.Fatalf("libopenapi-validator: %d errors", n)
	}
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}

func benchKinOpenAPI(b *testing.B, x exchange, wantFindings bool) {
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(spec.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		b.Fatal(err)
	}
	opts := &openapi3filter.Options{MultiError: true,
		AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil }}
	run := func() bool {
		req, resp := x.httpPair()
		route, params, err := router.FindRoute(req)
		if err != nil {
			b.Fatal(err)
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		rerr := openapi3filter.ValidateRequest(ctx, in)
		serr := openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Body: resp.Body, Options: opts})
		return rerr != nil || serr != nil
	}
	if got := run(); got != wantFindings {
		b.Fatalf("kin-openapi: findings %v", got)
	}
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}

func BenchmarkWepaykitValid(b *testing.B)         { benchWepaykit(b, valid(b), false) }
func BenchmarkPeerLibOpenAPIValid(b *testing.B)   { benchLibOpenAPI(b, valid(b), false) }
func BenchmarkPeerKinOpenAPIValid(b *testing.B)   { benchKinOpenAPI(b, valid(b), false) }
func BenchmarkWepaykitInvalid(b *testing.B)       { benchWepaykit(b, invalid(b), true) }
func BenchmarkPeerLibOpenAPIInvalid(b *testing.B) { benchLibOpenAPI(b, invalid(b), true) }
func BenchmarkPeerKinOpenAPIInvalid(b *testing.B) { benchKinOpenAPI(b, invalid(b), true) }

// BenchmarkDecodeOnly is the baseline: encoding/json decoding of both
// bodies into map[string]any, the least any validator does.
func BenchmarkDecodeOnly(b *testing.B) {
	x := valid(b)
	b.SetBytes(int64(len(x.reqBody) + len(x.respBody)))
	b.ReportAllocs()
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
