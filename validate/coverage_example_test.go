package validate_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/validate"
)

// A validator that counts what it validates: WithCollector shares the
// compiled contract, so a collector per run costs no second compilation.
func ExampleValidator_WithCollector() {
	v, err := validate.New()
	if err != nil {
		log.Fatal(err)
	}
	c, err := coverage.New(coverage.WithSpec(v.Spec()))
	if err != nil {
		log.Fatal(err)
	}
	counted := v.WithCollector(c)

	req := httptest.NewRequest(http.MethodPost, "https://wepayapi.com/v2/account/find", strings.NewReader(`{"reference_id":"r1"}`))
	req.Header.Set("Authorization", "Bearer T0KEN")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"error":"invalid_request","error_description":"no such account","error_code":3001}`))}
	if _, err := counted.Exchange(req, resp); err != nil {
		log.Fatal(err)
	}
	r := c.Report()
	fmt.Println(r.Operations.Covered, r.Environments.Missing, r.ErrorCodes.Covered)
	fmt.Println(v.Coverage() == nil, counted.Coverage() == c)
	// Output:
	// 1 [stage] 1
	// true true
}
