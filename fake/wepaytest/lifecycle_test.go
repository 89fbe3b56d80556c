package wepaytest

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

func TestDeleteRefusedWithMoney(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("gina")
	id := create(t, s, u.Token, nil)
	for _, tc := range []struct {
		name     string
		incoming float64
		outgoing float64
		balance  float64
	}{{"balance", 0, 0, 10}, {"incoming pending", 5, 0, 0}, {"outgoing pending", 0, 5, 0}} {
		if err := s.AddBalance(id, tc.balance); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPending(id, tc.incoming, tc.outgoing); err != nil {
			t.Fatal(err)
		}
		call(t, s, u.Token, "/account/delete", idBody(id)).wantError(t, 400, "invalid_request", CodeInvalidParameter)
		if st, _ := s.AccountState(id); st != "action_required" {
			t.Errorf("%s: a refused delete left the account %s", tc.name, st)
		}
		if err := s.AddBalance(id, -tc.balance); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPending(id, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	call(t, s, u.Token, "/account/delete", map[string]any{"account_id": id, "reason": "closing"}).wantOK(t)
	var arg *ArgumentError
	if err := s.AddBalance(create(t, s, u.Token, nil), -1); !errors.As(err, &arg) {
		t.Errorf("a negative balance: %v", err)
	}
}

func TestDeletedIsTerminal(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("hank")
	id := create(t, s, u.Token, map[string]any{"reference_id": "r-1"})
	keep := create(t, s, u.Token, map[string]any{"reference_id": "r-2"})
	call(t, s, u.Token, "/account/delete", idBody(id)).wantOK(t)

	for path, body := range map[string]any{
		"/account":                     idBody(id),
		"/account/modify":              map[string]any{"account_id": id, "name": "Back again"},
		"/account/delete":              idBody(id),
		"/account/get_update_uri":      idBody(id),
		"/account/get_reserve_details": idBody(id),
		"/account/settlement_setup":    map[string]any{"account_id": id, "settlement_method": map[string]any{"settlement_bank_id": 1}, "frequency": "daily"},
	} {
		call(t, s, u.Token, path, body).wantError(t, 400, "invalid_request", CodeAccountDeleted)
	}
	for _, q := range []map[string]any{{}, {"reference_id": "r-1"}, {"name": "Corner Bakery", "sort_order": "asc"}} {
		for _, a := range call(t, s, u.Token, "/account/find", q).list(t) {
			if a["account_id"] != float64(keep) {
				t.Errorf("find %v lists %v", q, a)
			}
		}
	}
	// The reference id of a deleted account is free again.
	create(t, s, u.Token, map[string]any{"reference_id": "r-1"})

	// The Go API cannot revive it either: leaving deleted is not an edge of
	// the state table, and changes that keep the state are 3003.
	var tr *TransitionError
	if err := s.Disable(id, "fraud"); !errors.As(err, &tr) || tr.From != "deleted" || tr.To != "disabled" || tr.AccountID != id {
		t.Errorf("Disable(deleted) = %v", err)
	}
	if err := s.CompleteKYC(id); !errors.As(err, &tr) || tr.From != "deleted" {
		t.Errorf("CompleteKYC(deleted) = %v", err)
	}
	if err := s.AddBalance(id, 1); !isCode(err, CodeAccountDeleted) {
		t.Errorf("AddBalance(deleted) = %v", err)
	}
	if st, _ := s.AccountState(id); st != "deleted" {
		t.Errorf("state %s", st)
	}
	if _, err := s.AccountState(424242); !isCode(err, CodeAccountNotFound) {
		t.Errorf("AccountState(unknown) = %v", err)
	}
}

func TestDisableAndReinstate(t *testing.T) {
	recv := &ipnReceiver{}
	hook := httptest.NewServer(recv)
	defer hook.Close()
	s := newServer(t)
	u := s.NewUser("ivy")
	id := create(t, s, u.Token, map[string]any{"callback_uri": hook.URL})

	s.Advance(time.Hour)
	if err := s.Disable(id, "fraud", "reported_user"); err != nil {
		t.Fatal(err)
	}
	a := call(t, s, u.Token, "/account", idBody(id)).wantOK(t)
	st := a["statuses"].([]any)[0].(map[string]any)
	if a["state"] != "disabled" || len(a["disabled_reasons"].([]any)) != 2 || st["incoming_payments_status"] != "paused" ||
		a["disablement_time"] != float64(epoch.Add(time.Hour).Unix()) {
		t.Errorf("disabled account: %v", a)
	}
	if err := s.Reinstate(id); err != nil {
		t.Fatal(err)
	}
	a = call(t, s, u.Token, "/account", idBody(id)).wantOK(t)
	if a["state"] != "action_required" || len(a["disabled_reasons"].([]any)) != 0 || a["disablement_time"] != nil {
		t.Errorf("reinstated account: %v", a)
	}
	if err := s.CompleteKYC(id); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteKYC(id); !isCode(err, CodeKYCProvided) {
		t.Errorf("second CompleteKYC = %v", err)
	}
	if err := s.AddBankAccount(id); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.AccountState(id); st != "active" {
		t.Errorf("after KYC and bank: %s", st)
	}
	if err := s.Reinstate(id); !isCode(err, CodeInvalidParameter) {
		t.Errorf("Reinstate(active) = %v", err)
	}
	if err := s.Disable(id, "high_risk_chargeback"); err != nil {
		t.Fatal(err)
	}
	var te *TransitionError
	if err := s.Reinstate(id); !errors.As(err, &te) || !strings.Contains(te.Why, "high_risk_chargeback") {
		t.Errorf("Reinstate(high_risk_chargeback) = %v; want the table's refusal", err)
	}
	var arg *ArgumentError
	if err := s.Disable(id); !errors.As(err, &arg) {
		t.Errorf("Disable without reasons = %v", err)
	}
	if err := s.Disable(id, "bored"); !errors.As(err, &arg) {
		t.Errorf("Disable(bored) = %v", err)
	}
	// disabled, action_required, active, disabled: four changes, four IPNs
	if n := recv.count(); n != 4 {
		t.Errorf("%d IPNs, want 4: %+v", n, s.Deliveries())
	}
}

// TestTransitionRefusedByTable runs the fake on a state table without the
// active -> disabled edge: Disable must refuse and change nothing.
func TestTransitionRefusedByTable(t *testing.T) {
	base, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	table := base.States()
	var kept []spec.Transition
	for _, tr := range table.Transitions {
		if tr.From != "active" || tr.To != "disabled" {
			kept = append(kept, tr)
		}
	}
	table.Transitions = kept
	custom, err := base.WithStates(table)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, WithSpec(custom))
	u := s.NewUser("jack")
	id := create(t, s, u.Token, nil)
	if err := s.CompleteKYC(id); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBankAccount(id); err != nil {
		t.Fatal(err)
	}
	var tr *TransitionError
	if err := s.Disable(id, "fraud"); !errors.As(err, &tr) || tr.From != "active" || tr.To != "disabled" {
		t.Fatalf("Disable(active) = %v", err)
	}
	a := call(t, s, u.Token, "/account", idBody(id)).wantOK(t)
	if a["state"] != "active" || len(a["disabled_reasons"].([]any)) != 0 || a["disablement_time"] != nil {
		t.Errorf("a refused transition changed the account: %v", a)
	}
}

func TestInitialStateRequired(t *testing.T) {
	base, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	table := base.States()
	for i := range table.States {
		table.States[i].Initial = table.States[i].Name == "pending"
	}
	custom, err := base.WithStates(table)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := sharedValidator()
	var oe *OptionError
	if _, err := New(WithSpec(custom), WithValidator(v)); !errors.As(err, &oe) {
		t.Errorf("New with no initial action_required = %v", err)
	}
}
