package wepaytest

import (
	"net/http"
	"strings"
	"testing"
)

// TestFidelityOfCalls holds the fake to sentences an audit found it broke.
func TestFidelityOfCalls(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	a := create(t, s, u.Token, map[string]any{"name": "One", "reference_id": "r1"})
	b := create(t, s, u.Token, map[string]any{"name": "Two"})

	// "If both name and reference_id are blank, this will return an array
	// of all of the user's accounts."
	ans := call(t, s, u.Token, "/account/find", map[string]any{"name": "", "reference_id": ""})
	if n := countArray(t, ans); n != 2 {
		t.Errorf("find with blank filters listed %d accounts, want 2", n)
	}

	// A Canadian create without currencies, and currencies [], are legal.
	ca := call(t, s, u.Token, "/account/create", map[string]any{"name": "Maple", "description": "d", "country": "CA"}).wantOK(t)
	if cur := ca["currencies"].([]any)[0]; cur != "CAD" || ca["state"] != "action_required" {
		t.Errorf("Canadian account without currencies: %v %v", cur, ca["state"])
	}
	us := call(t, s, u.Token, "/account/create", map[string]any{"name": "Empty", "description": "d", "currencies": []any{}}).wantOK(t)
	if cur := us["currencies"].([]any)[0]; cur != "USD" {
		t.Errorf("currencies []: %v", cur)
	}

	// "Passing 0 will remove the custom fee schedule"; the slot then reads 0.
	m := call(t, s, u.Token, "/account/modify", map[string]any{"account_id": a, "fee_schedule_slot": 4}).wantOK(t)
	if slot := m["fee_schedule"].([]any)[0].(map[string]any)["slot"]; slot != float64(4) {
		t.Errorf("slot %v", slot)
	}
	m = call(t, s, u.Token, "/account/modify", map[string]any{"account_id": a, "fee_schedule_slot": 0}).wantOK(t)
	fs, _ := m["fee_schedule"].([]any)
	if len(fs) != 1 || fs[0].(map[string]any)["slot"] != float64(0) {
		t.Errorf("after slot 0: fee_schedule %v, want one entry with slot 0", m["fee_schedule"])
	}
	_ = b
}

func countArray(t *testing.T, a answer) int {
	t.Helper()
	if a.Status != 200 {
		t.Fatalf("status %d: %s", a.Status, a.Body)
	}
	n := 0
	depth := 0
	for _, c := range string(a.Body) {
		switch c {
		case '{':
			if depth == 0 {
				n++
			}
			depth++
		case '}':
			depth--
		}
	}
	return n
}

// TestErrorNamesParameter: WePay's error_description names the parameter
// ("Parameter 'account_id' expected integer, ...").
func TestErrorNamesParameter(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	a := sendRaw(t, s, "/account", map[string]string{"Authorization": "Bearer " + u.Token, "Content-Type": "application/json"}, `{"account_id":"abc"}`)
	a.wantError(t, 400, "invalid_request", CodeInvalidParameter)
	if !strings.Contains(string(a.Body), `"error_description":"Parameter 'account_id'`) {
		t.Fatalf("error_description does not name the parameter: %s", a.Body)
	}
}

// TestBodilessGETAnswered: WePay's PHP SDK sends a call without values as
// GET (quirk get-without-body); the fake answers it as the POST it stands
// for, and refuses a GET with a body.
func TestBodilessGETAnswered(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	create(t, s, u.Token, nil)
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/account/find", nil)
	req.Header.Set("Authorization", "Bearer "+u.Token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("bodiless GET: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/account/find", strings.NewReader(`{"limit":1}`))
	req.Header.Set("Authorization", "Bearer "+u.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Fatal("a GET with a body was answered")
	}
}
