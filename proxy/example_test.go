package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// A proxy in front of an upstream (here a stub that answers every delete
// with the wrong state), printing each call and its findings as it
// completes. Recording works the same way: Options.Recorder set to
// traffic.NewJSONLWriter(file).
func ExampleNew() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"account_id":12345,"state":"active"}`)
	}))
	defer upstream.Close()

	v, err := validate.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	clock := func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }
	p, err := proxy.New(v, upstream.URL, proxy.Options{OnEvent: proxy.TextPrinter(os.Stdout), Now: clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	front := httptest.NewServer(p) // or http.ListenAndServe("127.0.0.1:8081", p)
	defer front.Close()

	req, _ := http.NewRequest(http.MethodPost, front.URL+"/v2"+spec.OpDelete, strings.NewReader(`{"account_id":12345}`))
	req.Header.Set("Authorization", "Bearer STAGE_a1b2c3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := front.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("the client got %d %s\n", resp.StatusCode, body)
	// Output:
	// 12:00:00.000 POST /v2/account/delete 200 0s: 1 error, 0 warnings
	//   error /account/delete response body /state: a successful delete must report state deleted, not active [delete-reports-deleted]
	// the client got 200 {"account_id":12345,"state":"active"}
}

// With Reject, a request that breaks the contract is answered with WePay's
// error body and never reaches the upstream.
func ExampleOptions_reject() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("the upstream was called")
	}))
	defer upstream.Close()
	v, _ := validate.New()
	p, _ := proxy.New(v, upstream.URL, proxy.Options{Reject: true})
	front := httptest.NewServer(p)
	defer front.Close()

	req, _ := http.NewRequest(http.MethodPost, front.URL+"/v2"+spec.OpCreate, strings.NewReader(`{"name":"The WePay shop","description":"d"}`))
	req.Header.Set("Authorization", "Bearer STAGE_a1b2c3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := front.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	fmt.Println(p.Stats().Rejected, "rejected")
	// Output:
	// 400 {"error":"invalid_request","error_description":"Parameter 'name': the account name may not contain the word \"wepay\"","error_code":1003,"details":[{"target":["name"],"target_type":"HTTP_REQUEST_BODY","reason_code":"account-name-no-wepay","message":"the account name may not contain the word \"wepay\""}]}
	// 1 rejected
}

// JSONPrinter writes one JSON object per call, for machines.
func ExampleJSONPrinter() {
	print := proxy.JSONPrinter(os.Stdout)
	print(proxy.Event{Time: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), Method: "POST", Path: "/v2/account",
		Operation: spec.OpAccount, Status: 200, Duration: 1500 * time.Microsecond})
	// Output:
	// {"time":"2024-05-01T12:00:00Z","method":"POST","path":"/v2/account","operation":"/account","status":200,"duration_ms":1.5,"findings":[]}
}
