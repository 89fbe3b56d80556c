package wepaytest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// In a test, pass the test's t to NewServer: the server closes when the
// test ends, and every exchange through s.Client() is checked against the
// contract, failing the test on a violation.
func ExampleNewServer() {
	t := &exampleT{} // stands in for the *testing.T of a test
	defer t.finish()

	s := wepaytest.NewServer(t)
	alice := s.NewUser("alice")

	req, _ := http.NewRequest(http.MethodPost, s.URL+"/account/create",
		strings.NewReader(`{"name":"Alice's Shop","description":"Handmade soap"}`))
	req.Header.Set("Authorization", "Bearer "+alice.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var acc struct {
		AccountID     int64    `json:"account_id"`
		State         string   `json:"state"`
		ActionReasons []string `json:"action_reasons"`
		OwnerUserID   int64    `json:"owner_user_id"`
		CreateTime    int64    `json:"create_time"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&acc)
	fmt.Println(resp.StatusCode, acc.State, acc.ActionReasons)
	fmt.Println("owner is alice:", acc.OwnerUserID == alice.ID)
	fmt.Println("created:", time.Unix(acc.CreateTime, 0).UTC().Format(time.DateOnly))

	// The test plays WePay's part: KYC and a bank make the account active.
	_ = s.CompleteKYC(acc.AccountID)
	_ = s.AddBankAccount(acc.AccountID)
	state, _ := s.AccountState(acc.AccountID)
	fmt.Println(state)
	// Output:
	// 200 action_required [kyc bank_account]
	// owner is alice: true
	// created: 2019-04-03
	// active
}

// New returns the fake as a plain http.Handler, to mount anywhere.
func ExampleNew() {
	h, err := wepaytest.New(wepaytest.WithClock(wepaytest.NewManualClock(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	bob := h.NewUser("bob")

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2/account/find", strings.NewReader(`{"limit":51}`))
	req.Header.Set("Authorization", "Bearer "+bob.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var e struct {
		Error     string `json:"error"`
		ErrorCode int    `json:"error_code"`
		Details   []struct {
			Target []string `json:"target"`
		} `json:"details"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	fmt.Println(resp.StatusCode, e.Error, e.ErrorCode, e.Details[0].Target)
	// Output:
	// 400 invalid_request 1003 [limit]
}

// exampleT is the part of testing.TB that NewServer and its client use.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                   {}
func (t *exampleT) Cleanup(f func())          { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Logf(string, ...any)       {}
func (t *exampleT) Errorf(f string, a ...any) { fmt.Printf("test error: "+f+"\n", a...) }
func (t *exampleT) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }
func (t *exampleT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
