package validate_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

func ExampleValidator_Body() {
	v, err := validate.New()
	if err != nil {
		panic(err)
	}
	findings, _ := v.Body(spec.OpCreate, spec.Request, []byte(`{"name":"My WePay shop","description":"Cakes","country":"CA","currencies":["USD"]}`))
	for _, f := range findings {
		fmt.Println(f.Pointer, f.Rule)
	}
	// Output:
	// /currencies/0 currency-matches-country
	// /name account-name-no-wepay
}

func ExampleValidator_Request() {
	v, _ := validate.New()
	req, _ := http.NewRequest("POST", "https://wepayapi.com/v2/account/modify?access_token=tok_live_123",
		strings.NewReader(`{"account_id":1,"callback_uri":"https://example.com:8443/ipn"}`))
	req.Header.Set("Content-Type", "application/json")
	findings, _ := v.Request(req)
	for _, f := range findings {
		fmt.Printf("%s %s %s\n", f.Location, f.Pointer, f.Rule)
	}
	// Output:
	// header  auth-bearer-required
	// header  user-agent-required
	// query  token-in-parameter
	// body /callback_uri callback-uri-no-port-in-production
}

func ExampleValidator_Exchange() {
	v, _ := validate.New()
	req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2/account/delete", strings.NewReader(`{"account_id":12345}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteString(`{"account_id":12345,"state":"active"}`)
	findings, _ := v.Exchange(req, rec.Result())
	for _, f := range findings {
		fmt.Println(f.Side, f.Pointer, f.Rule)
	}
	// Output:
	// response /state delete-reports-deleted
}

func ExampleValidator_Middleware() {
	v, _ := validate.New()
	stub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := v.Middleware(stub, validate.MiddlewareOptions{Mode: validate.Reject})
	req := httptest.NewRequest("POST", "/v2/account/create", strings.NewReader(`{"description":"no name"}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 400 {"error":"invalid_request","error_description":"Parameter 'name': required member \"name\" is missing","error_code":1004,"details":[{"target":["name"],"target_type":"HTTP_REQUEST_BODY","reason_code":"schema.required","message":"required member \"name\" is missing"}]}
}

func ExampleValidator_NewStateTracker() {
	v, _ := validate.New()
	tr := v.NewStateTracker()
	tr.Observe(spec.OpDelete, []byte(`{"account_id":7,"state":"deleted"}`))
	for _, f := range tr.Observe(spec.OpAccount, []byte(`{"account_id":7,"state":"active"}`)) {
		fmt.Println(f.Rule, f.Message)
	}
	// Output:
	// state-transition account 7 went from deleted to active; the state table allows no such transition
}
