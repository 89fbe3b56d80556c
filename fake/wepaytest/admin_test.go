package wepaytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestAdminRoutes(t *testing.T) {
	s := newServer(t, WithAdmin(true))
	root := strings.TrimSuffix(s.URL, "/v2")
	admin := func(path string, body any) answer {
		t.Helper()
		return send(t, http.DefaultClient, root+"/admin"+path, map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, body)
	}
	var nu adminUser
	if err := json.Unmarshal(admin("/users", map[string]any{"name": "sam"}).Body, &nu); err != nil || nu.Name != "sam" || !strings.HasPrefix(nu.AccessToken, "STAGE_") {
		t.Fatalf("new user %+v: %v", nu, err)
	}
	id := create(t, s, nu.AccessToken, nil)
	if a := call(t, s, nu.AccessToken, "/account", idBody(id)).wantOK(t); a["owner_user_id"] != float64(nu.UserID) {
		t.Errorf("owner %v, want %d", a["owner_user_id"], nu.UserID)
	}

	steps := []struct {
		path  string
		body  map[string]any
		state string
	}{
		{"/complete_kyc", idBody(id), "action_required"},
		{"/add_bank_account", idBody(id), "active"},
		{"/add_balance", map[string]any{"account_id": id, "amount": 12.5}, "active"},
		{"/set_pending", map[string]any{"account_id": id, "incoming": 3, "outgoing": 1}, "active"},
		{"/disable", map[string]any{"account_id": id, "reasons": []string{"fraud"}}, "disabled"},
		{"/reinstate", idBody(id), "active"},
	}
	for _, st := range steps {
		a := admin(st.path, st.body)
		if m := a.wantOK(t); m["state"] != st.state {
			t.Errorf("%s: state %v, want %s", st.path, m["state"], st.state)
		}
	}
	a := call(t, s, nu.AccessToken, "/account", idBody(id)).wantOK(t)
	bal := a["balances"].([]any)[0].(map[string]any)
	if bal["balance"] != 12.5 || bal["incoming_pending_amount"] != 3.0 || bal["outgoing_pending_amount"] != 1.0 || bal["withdrawal_type"] != "ach" {
		t.Errorf("balances after admin: %v", bal)
	}

	admin("/complete_kyc", idBody(id)).wantError(t, 400, "invalid_request", CodeKYCProvided)
	admin("/complete_kyc", idBody(99)).wantError(t, 404, "invalid_request", CodeAccountNotFound)
	admin("/disable", map[string]any{"account_id": id, "reasons": []string{"bored"}}).wantError(t, 400, "invalid_request", CodeInvalidParameter)
	admin("/nothing", "{}").wantError(t, 404, "invalid_request", CodeUnknownCall)
	admin("/disable", `{"account_id":1,"surprise":true}`).wantError(t, 400, "invalid_request", CodeInvalidParameter)
	if l := admin("/deliveries", "").Body; !strings.HasPrefix(string(l), "[]") {
		t.Errorf("deliveries: %s", l)
	}
	admin("/revoke_token", map[string]any{"access_token": nu.AccessToken}).wantOK(t)
	sendRaw(t, s, "/account", map[string]string{"Authorization": "Bearer " + nu.AccessToken}, `{"account_id":1}`).
		wantError(t, 401, "access_denied", CodeTokenRevoked)

	admin("/revoke_token", map[string]any{"access_token": "nope"}).wantError(t, 401, "access_denied", CodeUnknownToken)

	// an illegal transition over HTTP
	tok := s.NewUser("uma")
	id2 := create(t, s, tok.Token, nil)
	call(t, s, tok.Token, "/account/delete", idBody(id2)).wantOK(t)
	e := admin("/disable", map[string]any{"account_id": id2, "reasons": []string{"fraud"}}).wantError(t, 400, "invalid_request", CodeInvalidParameter)
	if !strings.Contains(e["error_description"].(string), "deleted to disabled") {
		t.Errorf("illegal transition described as %v", e["error_description"])
	}
	if a := admin("/users", ""); a.Status != 200 {
		t.Errorf("an empty admin body: %d %s", a.Status, a.Body)
	}
	req, _ := http.NewRequest(http.MethodGet, root+"/admin/deliveries", nil)
	req.Header.Set("Authorization", "Bearer "+s.Handler().AdminToken())
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET admin: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

func TestAdminRoutesOffByDefault(t *testing.T) {
	s := newServer(t)
	a := send(t, http.DefaultClient, strings.TrimSuffix(s.URL, "/v2")+"/admin/users", nil, `{"name":"x"}`)
	a.wantError(t, 404, "invalid_request", CodeUnknownCall)
}
