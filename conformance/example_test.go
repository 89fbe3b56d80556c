package conformance_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// List names every check, with its category and what it needs.
func ExampleList() {
	checks, err := conformance.List()
	if err != nil {
		fmt.Println(err)
		return
	}
	count := map[string]int{}
	for _, c := range checks {
		count[c.Category]++
	}
	for _, cat := range conformance.Categories() {
		fmt.Printf("%-9s %d\n", cat, count[cat])
	}
	fmt.Println(checks[0].Check, checks[0].Needs)
	// Output:
	// responses 8
	// lengths   51
	// enums     10
	// required  38
	// types     52
	// rules     13
	// auth      7
	// find      4
	// states    16
	// errors    3
	// responses/account []
}

// Check returns every failure joined into one error; nil means the target
// honours the contract.
func ExampleCheck() {
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: noNetwork{}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	user := h.NewUser("owner")
	err = conformance.Check(context.Background(), conformance.Target{Handler: h, Token: user.Token})
	fmt.Println("conforms:", err == nil)
	// Output:
	// conforms: true
}

// Run makes one subtest per check, named after it; checks whose needs the
// target lacks are skipped with the reason.
func ExampleRun() {
	// In a _test.go file of a project with its own stand-in server:
	//
	//	func TestConformance(t *testing.T) {
	//		srv := httptest.NewServer(myStandIn)
	//		defer srv.Close()
	//		conformance.Run(t, conformance.Target{BaseURL: srv.URL + "/v2", Token: "STAGE_..."})
	//	}
	var _ func(*testing.T, conformance.Target) = conformance.Run
}
