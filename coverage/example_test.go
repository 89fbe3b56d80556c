package coverage_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// A test binary shares one collector: the validating transport of the
// partner's client (or wepaytest.WithCoverage on a fake) feeds it, and
// TestMain writes it after m.Run, as -coverprofile does:
//
//	var contractCoverage, _ = coverage.New()
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		if err := contractCoverage.WriteFile("contract-coverage.json"); err != nil {
//			fmt.Fprintln(os.Stderr, err)
//		}
//		os.Exit(code)
//	}
//
// Then "wepaykit coverage merge -f html -o coverage.html *.json" joins the
// files of several packages or CI jobs.
func Example() {
	c, err := coverage.New()
	if err != nil {
		log.Fatal(err)
	}
	v, err := validate.New(validate.WithCoverage(c))
	if err != nil {
		log.Fatal(err)
	}
	// The fake stands in for WePay; a partner's test points at stage.
	fake, err := wepaytest.New()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client := &http.Client{Transport: v.Transport(exampleTB{}, nil)}

	tok := fake.NewUser("alice").Token
	for _, body := range []string{`{"name":"Alice's Soap","description":"Soap","country":"CA","currencies":["CAD"],"country_options":{"debit_opt_in":true}}`, `{"name":"WePay Fan Shop","description":"refused"}`} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2"+spec.OpCreate, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
	}

	r := c.Report()
	fmt.Println("operations:", r.Operations)
	fmt.Println("answers:", r.Responses)
	fmt.Println("states seen:", r.States.Covered, "missing:", r.States.Missing)
	for _, op := range r.Detail.Operations {
		if op.Operation == spec.OpCreate {
			fmt.Println(op.Operation, "calls", op.Calls, "statuses", op.Statuses)
			for _, f := range op.Request {
				if f.Pointer == "/country_options/debit_opt_in" || f.Pointer == "/rbits" {
					fmt.Println(" ", f.Pointer, "seen", f.Seen)
				}
			}
		}
	}

	path := filepath.Join(os.TempDir(), "example-contract-coverage.json")
	defer os.Remove(path)
	if err := c.WriteFile(path); err != nil {
		log.Fatal(err)
	}
	back, err := coverage.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("read back:", back.Detail.Exchanges, "exchanges")
	// Output:
	// test error: wepaykit: error /account/create request body /name: the account name may not contain the word "wepay" [account-name-no-wepay]
	// operations: 1/8 (12.5%)
	// answers: 2/16 (12.5%)
	// states seen: 1 missing: [pending active disabled deleted]
	// /account/create calls 2 statuses map[200:1 400:1]
	//   /country_options/debit_opt_in seen 1
	//   /rbits seen 0
	// read back: 2 exchanges
}

// exampleTB stands in for the *testing.T of a test.
type exampleTB struct{}

func (exampleTB) Helper() {}
func (exampleTB) Errorf(format string, args ...any) {
	// The finding, without the caller's file:line that leads it (the
	// line differs between builds with and without -race).
	msg := fmt.Sprintf(format, args...)
	if i := strings.Index(msg, "wepaykit:"); i > 0 {
		msg = msg[i:]
	}
	fmt.Println("test error: " + msg)
}
func (exampleTB) Logf(string, ...any) {}

func ExampleParseThresholds() {
	ths, err := coverage.ParseThresholds("operations=100,fields=60,transitions=50")
	if err != nil {
		log.Fatal(err)
	}
	r := &coverage.Report{
		Operations:  coverage.Dimension{Covered: 8, Total: 8, Missing: []string{}},
		Fields:      coverage.Dimension{Covered: 150, Total: 371, Missing: []string{"/account/create request /rbits"}},
		Transitions: coverage.Dimension{Covered: 7, Total: 13, Missing: []string{"disabled -> active"}},
	}
	for _, s := range r.Check(ths) {
		fmt.Printf("%s %.1f%% < %g%%: %v\n", s.Dimension, s.Got, s.Percent, s.Missing)
	}
	// Output:
	// fields 40.4% < 60%: [/account/create request /rbits]
}

func ExampleMerge() {
	unit, _ := coverage.New()
	unit.Observe(coverage.Exchange{Operation: spec.OpFind, Environment: coverage.EnvStage, Status: 200, Response: []any{}})
	e2e, _ := coverage.New()
	e2e.Observe(coverage.Exchange{Operation: spec.OpDelete, Environment: coverage.EnvProduction, Status: 400,
		Response: map[string]any{"error": "invalid_request", "error_description": "gone", "error_code": 3003.0}})
	all, err := coverage.Merge([]*coverage.Report{unit.Report(), e2e.Report()})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(all.Operations.Covered, all.Environments.Covered, all.ErrorCodes.Covered)
	// Output:
	// 2 2 1
}
