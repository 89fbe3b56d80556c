package wepaytest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestNewUserFlow runs the calls as a new integrator would: create, look up,
// find, modify, KYC, settlement, IPNs with retries, delete, and a try at
// another user's account. Every exchange goes through the validating client.
func TestNewUserFlow(t *testing.T) {
	recv := &ipnReceiver{statuses: []int{500, 500}}
	hook := httptest.NewServer(recv)
	defer hook.Close()
	s := newServer(t)
	alice := s.NewUser("alice")

	// create
	acc := call(t, s, alice.Token, "/account/create", map[string]any{
		"name": "Alice's Shop", "description": "Handmade soap", "reference_id": "shop-1",
		"callback_uri": hook.URL + "/ipn?src=wepay", "gaq_domains": []string{""},
	}).wantOK(t)
	id := int64(acc["account_id"].(float64))
	checks := map[string]any{
		"state": "action_required", "owner_user_id": float64(alice.ID), "create_time": float64(epoch.Unix()),
		"type": "personal", "country": "US", "referrer_type": "api", "disablement_time": nil,
		"action_reasons": []any{"kyc", "bank_account"}, "disabled_reasons": []any{}, "currencies": []any{"USD"},
		"gaq_domains": []any{""}, "country_options": map[string]any{"debit_opt_in": nil},
		"supported_card_types": []any{"visa", "mastercard", "american_express", "discover", "jcb", "diners_club"},
		"statuses":             []any{map[string]any{"currency": "USD", "incoming_payments_status": "ok", "outgoing_payments_status": "paused", "account_review_status": "not_requested"}},
		"balances": []any{map[string]any{"currency": "USD", "balance": 0.0, "incoming_pending_amount": 0.0, "outgoing_pending_amount": 0.0,
			"reserved_amount": 0.0, "withdrawal_period": nil, "withdrawal_type": nil, "withdrawal_next_time": nil, "withdrawal_bank_name": nil}},
	}
	for k, want := range checks {
		if !reflect.DeepEqual(acc[k], want) {
			t.Errorf("new account %s = %#v, want %#v", k, acc[k], want)
		}
	}

	// lookup and find
	if got := call(t, s, alice.Token, "/account", idBody(id)).wantOK(t); !reflect.DeepEqual(got, acc) {
		t.Errorf("lookup differs from create:\n%v\n%v", got, acc)
	}
	for _, q := range []map[string]any{{}, {"name": "Alice's Shop"}, {"reference_id": "shop-1"}} {
		if l := call(t, s, alice.Token, "/account/find", q).list(t); len(l) != 1 || l[0]["account_id"] != float64(id) {
			t.Errorf("find %v = %v", q, l)
		}
	}
	if l := call(t, s, alice.Token, "/account/find", map[string]any{"name": "Alice"}).list(t); len(l) != 0 {
		t.Errorf("find matched a partial name: %v", l)
	}

	// modify
	mod := call(t, s, alice.Token, "/account/modify", map[string]any{"account_id": id, "description": "Soap and candles"}).wantOK(t)
	if mod["description"] != "Soap and candles" || mod["name"] != "Alice's Shop" {
		t.Errorf("modify answered %v", mod)
	}

	// get_update_uri
	uri := call(t, s, alice.Token, "/account/get_update_uri", idBody(id)).wantOK(t)
	if want, got := s.URL+"/account_update_uri/"+itoa(id)+"/", uri["uri"].(string); !strings.HasPrefix(got, want) {
		t.Errorf("uri = %v, want %s...", got, want)
	}

	// settlement_setup needs KYC first
	setup := map[string]any{"account_id": id, "settlement_method": map[string]any{"settlement_bank_id": 98763102}, "frequency": "weekly"}
	call(t, s, alice.Token, "/account/settlement_setup", setup).wantError(t, 400, "invalid_request", CodeKYCRequired)
	if err := s.CompleteKYC(id); err != nil {
		t.Fatal(err)
	}
	if len(s.Deliveries()) != 0 {
		t.Fatalf("IPN without a change of state: %v", s.Deliveries())
	}
	got := call(t, s, alice.Token, "/account/settlement_setup", setup).wantOK(t)
	if got["method"] != "ach" || got["frequency"] != "weekly" {
		t.Errorf("settlement_setup answered %v", got)
	}

	// the account is active, and its IPN failed once at once
	acc = call(t, s, alice.Token, "/account", idBody(id)).wantOK(t)
	bal := acc["balances"].([]any)[0].(map[string]any)
	st := acc["statuses"].([]any)[0].(map[string]any)
	monday := time.Date(2019, time.April, 8, 0, 0, 0, 0, time.UTC) // epoch is a Wednesday
	if acc["state"] != "active" || len(acc["action_reasons"].([]any)) != 0 || bal["withdrawal_period"] != "weekly" ||
		bal["withdrawal_type"] != "ach" || bal["withdrawal_next_time"] != float64(monday.Unix()) ||
		bal["withdrawal_bank_name"] != "Bank XXXXX3102" || st["outgoing_payments_status"] != "ok" {
		t.Errorf("after KYC and settlement: %v", acc)
	}
	if d := s.Deliveries(); len(d) != 1 || d[0].Status != 500 || !d[0].At.Equal(epoch) || d[0].Attempt != 1 {
		t.Fatalf("first IPN attempt: %+v", d)
	}

	// retries: +15m after the first attempt, +30m after the first retry
	s.Advance(15 * time.Minute)
	s.Advance(30 * time.Minute)
	s.Advance(48 * time.Hour) // nothing more: the third attempt succeeded
	d := s.Deliveries()
	wantAt := []time.Time{epoch, epoch.Add(15 * time.Minute), epoch.Add(45 * time.Minute)}
	if len(d) != 3 {
		t.Fatalf("deliveries: %+v", d)
	}
	for i, x := range d {
		if x.Attempt != i+1 || !x.At.Equal(wantAt[i]) || x.AccountID != id || x.URL != hook.URL+"/ipn?src=wepay" {
			t.Errorf("delivery %d: %+v, want attempt %d at %v", i, x, i+1, wantAt[i])
		}
	}
	if d[0].OK() || d[1].OK() || !d[2].OK() {
		t.Errorf("statuses: %+v", d)
	}
	recv.mu.Lock()
	for i, r := range recv.got {
		form, _ := url.ParseQuery(recv.bodies[i])
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
			form.Get("account_id") != itoa(id) || r.URL.Query().Get("src") != "wepay" || r.URL.Query().Get("account_id") != "" {
			t.Errorf("IPN %d: %s %s %v %q", i, r.Method, r.URL, r.Header, recv.bodies[i])
		}
	}
	recv.mu.Unlock()

	// reserve details; delete refused with a balance, then allowed
	res := call(t, s, alice.Token, "/account/get_reserve_details", idBody(id)).wantOK(t)
	if res["currency"] != "USD" || res["reserved_amount"] != 0.0 || len(res["withdrawals_schedule"].([]any)) != 0 {
		t.Errorf("reserve details: %v", res)
	}
	if err := s.AddBalance(id, 25.5); err != nil {
		t.Fatal(err)
	}
	res = call(t, s, alice.Token, "/account/get_reserve_details", map[string]any{"account_id": id, "currency": "USD"}).wantOK(t)
	if sched := res["withdrawals_schedule"].([]any); len(sched) != 1 || sched[0].(map[string]any)["amount"] != 25.5 {
		t.Errorf("reserve details with a balance: %v", res)
	}
	call(t, s, alice.Token, "/account/delete", idBody(id)).wantError(t, 400, "invalid_request", CodeInvalidParameter)
	if err := s.AddBalance(id, -25.5); err != nil {
		t.Fatal(err)
	}

	// another user may neither see nor change Alice's account
	bob := s.NewUser("bob")
	for _, path := range []string{"/account", "/account/modify", "/account/delete", "/account/get_update_uri"} {
		call(t, s, bob.Token, path, idBody(id)).wantError(t, 401, "access_denied", CodeAccountNotAllowed)
	}
	if l := call(t, s, bob.Token, "/account/find", map[string]any{}).list(t); len(l) != 0 {
		t.Errorf("bob finds alice's accounts: %v", l)
	}

	del := call(t, s, alice.Token, "/account/delete", idBody(id)).wantOK(t)
	if del["state"] != "deleted" || del["account_id"] != float64(id) || len(del) != 2 {
		t.Errorf("delete answered %v", del)
	}
	if d := s.Deliveries(); len(d) != 4 || !d[3].OK() || d[3].Attempt != 1 {
		t.Errorf("deletion IPN: %+v", d)
	}
	call(t, s, alice.Token, "/account", idBody(id)).wantError(t, 400, "invalid_request", CodeAccountDeleted)
	call(t, s, bob.Token, "/account", idBody(id)).wantError(t, 401, "access_denied", CodeAccountNotAllowed)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
