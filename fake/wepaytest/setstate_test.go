package wepaytest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestSetStateReachesEveryState drives a fresh account to each state but
// pending (made by a temporary token, see TestTemporaryUserCreatesPending),
// checks the account the API then answers against the contract (the
// validating client fails the test on a broken invariant) and counts the
// IPNs the path sent.
func TestSetStateReachesEveryState(t *testing.T) {
	for _, tc := range []struct {
		state   string
		reasons []string
		ipns    int
		action  string
	}{
		{spec.StateActionRequired, nil, 0, "kyc,bank_account"},
		{spec.StateActionRequired, []string{"document"}, 0, "document"},
		{spec.StateActive, nil, 1, ""},
		{spec.StateDisabled, []string{"tos_violation"}, 1, "kyc,bank_account"},
		{spec.StateDeleted, nil, 1, "kyc,bank_account"},
	} {
		t.Run(tc.state+strings.Join(tc.reasons, ","), func(t *testing.T) {
			s := NewServer(t)
			rcv := &ipnReceiver{}
			cb := httptest.NewServer(rcv)
			defer cb.Close()
			u := s.NewUser("u")
			id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn"})
			if err := s.SetState(id, tc.state, tc.reasons...); err != nil {
				t.Fatal(err)
			}
			if st, _ := s.AccountState(id); st != tc.state {
				t.Fatalf("state %s, want %s", st, tc.state)
			}
			if rcv.count() != tc.ipns {
				t.Errorf("%d IPNs, want %d", rcv.count(), tc.ipns)
			}
			if tc.state == spec.StateDeleted {
				return
			}
			m := call(t, s, u.Token, "/account", idBody(id)).wantOK(t)
			if got := joinAny(m["action_reasons"]); got != tc.action {
				t.Errorf("action_reasons %s, want %s", got, tc.action)
			}
			if tc.state == spec.StateDisabled && joinAny(m["disabled_reasons"]) != "tos_violation" {
				t.Errorf("disabled_reasons %v", m["disabled_reasons"])
			}
		})
	}
}

func joinAny(v any) string {
	arr, _ := v.([]any)
	var out []string
	for _, e := range arr {
		out = append(out, e.(string))
	}
	return strings.Join(out, ",")
}

// TestSetStateWalksAndRefuses checks multi-step paths, their IPNs and the
// table's refusals.
func TestSetStateWalksAndRefuses(t *testing.T) {
	s := NewServer(t)
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewTemporaryUser("u")
	id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn?k=1"})

	// pending (a temporary token's account), then active through the
	// table's pending -> active edge.
	must(t, s.SetState(id, spec.StatePending)) // the state it is in: nothing changes
	must(t, s.SetState(id, spec.StateActive))
	if rcv.count() != 1 {
		t.Fatalf("%d IPNs after pending -> active", rcv.count())
	}
	// Once moved, pending is out of reach: "nothing returns to it".
	var te *TransitionError
	if err := s.SetState(id, spec.StatePending); !errors.As(err, &te) || !strings.Contains(te.Why, "nothing returns") {
		t.Fatalf("pending again: %v", err)
	}
	// disabled for country_not_supported: re-establish, never reinstate.
	must(t, s.SetState(id, spec.StateDisabled, "country_not_supported"))
	for _, to := range []string{spec.StateActive, spec.StateActionRequired} {
		if err := s.SetState(id, to); !errors.As(err, &te) || !strings.Contains(te.Why, "re-established") {
			t.Fatalf("%s: %v", to, err)
		}
	}
	// A fraud disablement is lifted on appeal: disabled -> action_required.
	must(t, s.SetState(id, spec.StateDisabled, "fraud"))
	must(t, s.SetState(id, spec.StateActionRequired, "kyc"))
	if rcv.count() != 3 {
		t.Fatalf("%d IPNs, want 3 (active, disabled, action_required)", rcv.count())
	}
	for _, b := range rcv.bodies {
		if !strings.HasPrefix(b, "account_id=") {
			t.Errorf("IPN body %q", b)
		}
	}
	// Money keeps it from deletion, as /account/delete answers.
	must(t, s.AddBalance(id, 5))
	var api *APIError
	if err := s.SetState(id, spec.StateDeleted); !errors.As(err, &api) || api.Code != CodeInvalidParameter {
		t.Fatalf("delete with money: %v", err)
	}
	must(t, s.AddBalance(id, -5))
	must(t, s.SetState(id, spec.StateDeleted))
	if err := s.SetState(id, spec.StateActive); !errors.As(err, &te) {
		t.Fatalf("from deleted: %v", err)
	}
	// Bad arguments.
	var arg *ArgumentError
	for _, bad := range [][]string{{"frozen"}, {spec.StateActive, "kyc"}, {spec.StateDisabled, "kyc"}, {spec.StateActionRequired, "fraud"}} {
		if err := s.SetState(id, bad[0], bad[1:]...); !errors.As(err, &arg) {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSetStateAdminRoute(t *testing.T) {
	s := NewServer(t, WithAdmin(true))
	u := s.NewUser("u")
	id := create(t, s, u.Token, nil)
	root := strings.TrimSuffix(s.URL, "/v2")
	a := send(t, http.DefaultClient, root+"/admin/set_state", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, `{"account_id":`+itoa(id)+`,"state":"disabled","reasons":["reported_user"]}`)
	if a.Status != 200 || !strings.Contains(string(a.Body), `"disabled_reasons":["reported_user"]`) {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	a = send(t, http.DefaultClient, root+"/admin/set_state", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, `{"account_id":`+itoa(id)+`,"state":"pending"}`)
	if a.Status != http.StatusConflict || !strings.Contains(string(a.Body), "nothing returns to it") || !strings.Contains(string(a.Body), "/admin/temporary_users") {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	a.wantError(t, http.StatusConflict, CategoryInvalidRequest, CodeInvalidParameter)
	st, _ := s.AccountState(id)
	if st != spec.StateDisabled {
		t.Fatalf("state %s", st)
	}
}

// TestSettlementSetupRemediesNoSettlementPath: "This is remediated by
// adding a settlement method (e.g., a bank account) and completing the KYC
// process."
func TestSettlementSetupRemediesNoSettlementPath(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	id := create(t, s, u.Token, nil)
	must(t, s.CompleteKYC(id))
	must(t, s.Disable(id, "no_settlement_path"))
	call(t, s, u.Token, "/account/settlement_setup", map[string]any{"account_id": id,
		"settlement_method": map[string]any{"settlement_bank_id": 4321}, "frequency": "weekly"}).wantOK(t)
	if st, _ := s.AccountState(id); st != spec.StateActive {
		t.Fatalf("after settlement_setup: %s, want active", st)
	}
	// Another reason stays: the account stays disabled.
	id2 := create(t, s, u.Token, nil)
	must(t, s.CompleteKYC(id2))
	must(t, s.Disable(id2, "no_settlement_path", "fraud"))
	must(t, s.AddBankAccount(id2))
	m := call(t, s, u.Token, "/account", idBody(id2)).wantOK(t)
	if m["state"] != spec.StateDisabled || joinAny(m["disabled_reasons"]) != "fraud" {
		t.Fatalf("state %v reasons %v", m["state"], m["disabled_reasons"])
	}
}
