package validate_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// exampleTB stands in for a test's *testing.T and prints what it is told.
type exampleTB struct{}

func (exampleTB) Helper()                        {}
func (exampleTB) Errorf(format string, a ...any) { fmt.Printf("FAIL "+format+"\n", a...) }
func (exampleTB) Logf(format string, a ...any)   { fmt.Printf("LOG "+format+"\n", a...) }

// A partner's client sends /account/find's limit as a string. The finding
// fails the test at the partner's own line (the client.Do below), not at a
// line of wepaykit or net/http.
func ExampleTransport() {
	t := exampleTB{} // in a test: the test's t
	wepay := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `[]`)
	}))
	defer wepay.Close()

	client := &http.Client{Transport: validate.Transport(t, nil)}
	req, _ := http.NewRequest(http.MethodPost, wepay.URL+"/v2"+spec.OpFind, strings.NewReader(`{"limit":"5"}`))
	req.Header.Set("Authorization", "Bearer STAGE_a1b2c3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("the caller still gets the answer:", resp.StatusCode)
	// Output:
	// FAIL example_report_test.go:36: wepaykit: error /account/find request body /limit: expected integer, but got string: how many results at most ("The maximum allowed is 50 results."); got "5" [schema.type]
	// the caller still gets the answer: 200
}

// In a test of a stand-in (a stub of WePay behind the middleware), report
// the findings through the test's t: each fails the test at the line of
// the OnFindings function.
func ExampleValidator_Middleware_inTests() {
	t := exampleTB{} // in a test: the test's t
	v, _ := validate.New()
	stub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"account_id":12345,"state":"active"}`) // delete must answer "deleted"
	})
	h := v.Middleware(stub, validate.MiddlewareOptions{
		ValidateResponses: true,
		OnFindings: func(r *http.Request, findings []validate.Finding) {
			validate.Report(t, findings)
		},
	})
	req := httptest.NewRequest(http.MethodPost, "/v2"+spec.OpDelete, strings.NewReader(`{"account_id":12345}`))
	req.Header.Set("Authorization", "Bearer STAGE_a1b2c3")
	req.Header.Set("User-Agent", "partner-app/2.1")
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// FAIL example_report_test.go:61: wepaykit: error /account/delete response body /state: a successful delete must report state deleted, not active [delete-reports-deleted]
}
