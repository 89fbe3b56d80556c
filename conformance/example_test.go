package conformance_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
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
	// rules     14
	// auth      7
	// find      5
	// states    18
	// ipn       2
	// errors    3
	// responses/account []
}

// Check returns every failure joined into one error; nil means the target
// honours the contract.
func ExampleCheck() {
	clock := wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC))
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}), wepaytest.WithClock(clock))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	user := h.NewUser("owner")
	// The fake's Driver moves its manual clock, so the accounts of the run
	// get distinct create_times without waiting.
	err = conformance.Check(context.Background(), conformance.Target{Handler: h, Token: user.Token, Clock: h.Driver()})
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

// ServerTarget examines the fake WePay server of package wepaytest with
// every capability, without admin routes.
func ExampleServerTarget() {
	// In a _test.go file:
	//
	//	func TestFakeConforms(t *testing.T) {
	//		srv := wepaytest.NewServer(t)
	//		conformance.Run(t, conformance.ServerTarget(srv))
	//	}
	var _ func(*wepaytest.Server) conformance.Target = conformance.ServerTarget
}

// Execute runs the checks and cleans up after them: a report of the run.
func ExampleExecute() {
	clock := wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC))
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}), wepaytest.WithClock(clock))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	user := h.NewUser("owner")
	rep, err := conformance.Execute(context.Background(), conformance.Target{Handler: h, Token: user.Token, Clock: h.Driver(),
		Ops: []string{spec.OpFind}, RunID: "example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	total, _ := conformance.Tallies(rep.Results)
	fmt.Printf("run %s: %d passed, %d failed, %d skipped; %d accounts left\n", rep.RunID, total.Pass, total.Fail, total.Skip, len(rep.Left))
	// Output:
	// run example: 21 passed, 0 failed, 1 skipped; 0 accounts left
}

// A driver that also issues temporary access tokens (a
// TemporaryTokenIssuer, as AdminDriver against `wepaykit serve --admin` is)
// lets the suite take the state table's edges out of pending: each check
// creates its account with such a token, in pending, and moves it on.
func ExampleAdmin_TemporaryToken() {
	h, err := wepaytest.New(wepaytest.WithAdmin(true), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	user := h.NewUser("owner")
	var d conformance.StateDriver = conformance.AdminDriver(srv.URL, srv.Client())
	d.(*conformance.Admin).Token = h.AdminToken()
	_, issues := d.(conformance.TemporaryTokenIssuer)
	fmt.Println("issues temporary tokens:", issues)

	rep, err := conformance.Execute(context.Background(), conformance.Target{BaseURL: srv.URL + "/v2", Client: srv.Client(),
		Token: user.Token, Driver: d, Run: "^states/pending->"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Check, r.Status)
	}
	// Output:
	// issues temporary tokens: true
	// states/pending->action_required pass
	// states/pending->active pass
	// states/pending->disabled pass
	// states/pending->deleted pass
}

// A driver that registers users and revokes tokens (a UserIssuer, as
// AdminDriver against `wepaykit serve --admin` is) gives a run that has
// neither OtherToken nor RevokedToken the tokens the auth checks need.
func ExampleAdmin_UserToken() {
	h, err := wepaytest.New(wepaytest.WithAdmin(true), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	var d conformance.StateDriver = conformance.AdminDriver(srv.URL, srv.Client())
	d.(*conformance.Admin).Token = h.AdminToken()
	_, issues := d.(conformance.UserIssuer)
	fmt.Println("registers users:", issues)

	rep, err := conformance.Execute(context.Background(), conformance.Target{BaseURL: srv.URL + "/v2", Client: srv.Client(),
		Token: h.NewUser("owner").Token, Driver: d, Run: "^auth/(other-users-account|revoked-token)$"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Check, r.Status)
	}
	// Output:
	// registers users: true
	// auth/other-users-account pass
	// auth/revoked-token pass
}
