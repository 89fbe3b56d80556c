package wepaytest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
)

// SetState walks the state table's legal path to the state asked for,
// sending an IPN (a form POST of account_id, the callback's query kept) for
// each change, and refuses what the table refuses.
func ExampleServer_SetState() {
	t := &exampleT{}
	defer t.finish()
	var ipns []string
	partner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ipns = append(ipns, r.Method+" ?"+r.URL.RawQuery+" "+strings.Split(string(body), "=")[0])
	}))
	defer partner.Close()

	s := wepaytest.NewServer(t)
	alice := s.NewUser("alice")
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/account/create",
		strings.NewReader(`{"name":"Soap","description":"Handmade soap","callback_uri":"`+partner.URL+`/ipn?shop=7"}`))
	req.Header.Set("Authorization", "Bearer "+alice.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var acc struct {
		AccountID int64 `json:"account_id"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&acc)
	resp.Body.Close()

	// action_required -> active: one step, one IPN.
	fmt.Println(s.SetState(acc.AccountID, spec.StateActive))
	// active -> disabled for high_risk_chargeback: one step, one IPN.
	fmt.Println(s.SetState(acc.AccountID, spec.StateDisabled, "high_risk_chargeback"))
	// The table refuses to reinstate it, and says why.
	fmt.Println(s.SetState(acc.AccountID, spec.StateActive))
	state, _ := s.AccountState(acc.AccountID)
	fmt.Println(state, ipns)
	// Output:
	// <nil>
	// <nil>
	// wepaytest: account 4244109: the state table allows no transition from disabled to active: An account disabled for high_risk_chargeback is never reinstated, and one disabled for country_not_supported must be re-established as a new account.
	// disabled [POST ?shop=7 account_id POST ?shop=7 account_id]
}

// A temporary access token's /account/create answers pending ("The
// account was created using a temporary access token and needs to be
// confirmed by the account owner."), the one way to a pending account:
// SetState confirms it, and refuses to move any other account into
// pending, an initial state only.
func ExampleServer_NewTemporaryUser() {
	t := &exampleT{}
	defer t.finish()
	s := wepaytest.NewServer(t)
	create := func(token string) (id int64, state string) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/account/create", strings.NewReader(`{"name":"Soap","description":"Handmade soap"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.Client().Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var acc struct {
			AccountID int64  `json:"account_id"`
			State     string `json:"state"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&acc)
		return acc.AccountID, acc.State
	}

	tmp := s.NewTemporaryUser("bob")
	id, state := create(tmp.Token)
	fmt.Println(tmp.Temporary, state)
	// The owner confirms the account: pending -> active, one edge.
	fmt.Println(s.SetState(id, spec.StateActive))

	// An account that has moved is never put back into pending.
	err := s.SetState(id, spec.StatePending)
	var ise *wepaytest.InitialStateError
	fmt.Println(errors.As(err, &ise), ise.From, "->", ise.To)
	// Output:
	// true pending
	// <nil>
	// true active -> pending
}
