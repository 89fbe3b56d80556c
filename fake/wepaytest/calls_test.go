package wepaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

func TestFind(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("kim")
	other := s.NewUser("lee")
	var ids []int64
	for i := range 5 {
		ids = append(ids, create(t, s, u.Token, map[string]any{"name": "Shop", "reference_id": "ref-" + itoa(int64(i))}))
		if i%2 == 0 {
			s.Advance(time.Minute) // pairs share a create_time: the id breaks the tie
		}
	}
	create(t, s, u.Token, map[string]any{"name": "Shop Two"})
	create(t, s, other.Token, map[string]any{"name": "Shop"})
	idsOf := func(l []map[string]any) []int64 {
		var out []int64
		for _, a := range l {
			out = append(out, int64(a["account_id"].(float64)))
		}
		return out
	}
	desc := []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}
	for _, c := range []struct {
		q    map[string]any
		want []int64
	}{
		{map[string]any{"name": "Shop"}, desc},
		{map[string]any{"name": "Shop", "sort_order": "desc"}, desc},
		{map[string]any{"name": "Shop", "sort_order": "asc"}, ids},
		{map[string]any{"name": "Shop", "sort_order": "asc", "start": 1, "limit": 2}, ids[1:3]},
		{map[string]any{"name": "Shop", "start": 4, "limit": 50}, ids[:1]},
		{map[string]any{"name": "Shop", "start": 9}, nil},
		{map[string]any{"reference_id": "ref-3"}, ids[3:4]},
		{map[string]any{"name": "Shop", "reference_id": "ref-9"}, nil},
	} {
		if got := idsOf(call(t, s, u.Token, "/account/find", c.q).list(t)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("find %v = %v, want %v", c.q, got, c.want)
		}
	}
	if n := len(call(t, s, u.Token, "/account/find", "").list(t)); n != 6 {
		t.Errorf("find with an empty body listed %d, want 6", n)
	}
	// reference ids are unique per user
	call(t, s, u.Token, "/account/create", map[string]any{"name": "x", "description": "y", "reference_id": "ref-1"}).
		wantError(t, 400, "invalid_request", CodeInvalidParameter)
	call(t, s, u.Token, "/account/modify", map[string]any{"account_id": ids[0], "reference_id": "ref-1"}).
		wantError(t, 400, "invalid_request", CodeInvalidParameter)
	call(t, s, u.Token, "/account/modify", map[string]any{"account_id": ids[1], "reference_id": "ref-1"}).wantOK(t)
}

// TestAnswersPassContract checks answers of every kind with the validator
// directly, warnings included, on top of the validating client.
func TestAnswersPassContract(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("mia")
	v := s.Handler().Validator()
	full := map[string]any{
		"name": "Maple Goods", "description": "Syrup", "country": "CA", "currencies": []string{"CAD"}, "type": "business",
		"callback_uri": "http://127.0.0.1:1/ipn", "reference_id": "maple", "mcc": "5499", "fee_schedule_slot": 3,
		"country_options":        map[string]any{"debit_opt_in": true},
		"support_contact_number": map[string]any{"country_code": "+1", "phone_number": "4165550100"},
		"theme_object":           map[string]any{"name": "Maple", "primary_color": "AA0000", "button_color": "FFFFFF"},
		"image_uri":              "https://example.com/logo.png", "gaq_domains": []string{"example.com"},
		"rbits": []any{map[string]any{"receive_time": 1367958263, "type": "website_uri", "source": "user", "properties": map[string]any{"uri": "https://example.com"}}},
	}
	checkAll := func(path string, req any, a answer) {
		t.Helper()
		b, _ := json.Marshal(req)
		httpReq, _ := http.NewRequest(http.MethodPost, s.URL+path, bytes.NewReader(b))
		httpReq.Header.Set("Authorization", "Bearer "+u.Token)
		httpReq.Header.Set("Content-Type", "application/json")
		httpReq.Header.Set("User-Agent", "wepaykit-tests/1.0") // as call sends it
		resp := &http.Response{StatusCode: a.Status, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(a.Body))}
		findings, err := v.Exchange(httpReq, resp)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			t.Errorf("%s: %s", path, f)
		}
	}
	a := call(t, s, u.Token, "/account/create", full)
	checkAll("/account/create", full, a)
	m := a.wantOK(t)
	id := int64(m["account_id"].(float64))
	if m["country_options"].(map[string]any)["debit_opt_in"] != true || m["type"] != "business" || len(m["rbit_ids"].([]any)) != 1 ||
		m["theme_object"].(map[string]any)["theme_id"] == nil || m["fee_schedule"] == nil {
		t.Errorf("full create: %s", a.Body)
	}
	ca := create(t, s, u.Token, map[string]any{"country": "CA", "currencies": []string{"CAD"}})
	if got := call(t, s, u.Token, "/account", idBody(ca)).wantOK(t)["country_options"]; !reflect.DeepEqual(got, map[string]any{"debit_opt_in": false}) {
		t.Errorf("CA default debit_opt_in: %v", got)
	}
	mod := map[string]any{"account_id": id, "name": "Maple Goods Ltd", "gaq_domains": []string{}, "theme_object": map[string]any{"name": "Dark"},
		"country_options": map[string]any{"debit_opt_in": false}, "image_uri": "https://example.com/2.png", "callback_uri": "http://127.0.0.1:1/other"}
	a = call(t, s, u.Token, "/account/modify", mod)
	checkAll("/account/modify", mod, a)
	m = a.wantOK(t)
	if len(m["gaq_domains"].([]any)) != 0 || m["country_options"].(map[string]any)["debit_opt_in"] != false || m["theme_object"].(map[string]any)["name"] != "Dark" {
		t.Errorf("modify: %s", a.Body)
	}

	// an active account, a disabled one, a check payout
	if err := s.CompleteKYC(id); err != nil {
		t.Fatal(err)
	}
	check := map[string]any{"account_id": itoa(id), "frequency": "monthly", "settlement_method": map[string]any{"send_check_to_address": map[string]any{
		"address1": "1 King St W", "city": "Toronto", "region": "ON", "postal_code": "M5H 1A1", "country": "CA"}}}
	a = call(t, s, u.Token, "/account/settlement_setup", check)
	checkAll("/account/settlement_setup", check, a)
	if m := a.wantOK(t); m["method"] != "check" || m["frequency"] != "monthly" {
		t.Errorf("check settlement: %s", a.Body)
	}
	a = call(t, s, u.Token, "/account", idBody(id))
	checkAll("/account", idBody(id), a)
	bal := a.wantOK(t)["balances"].([]any)[0].(map[string]any)
	if bal["withdrawal_type"] != "check" || bal["withdrawal_bank_name"] != nil || bal["withdrawal_next_time"] != float64(time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC).Unix()) {
		t.Errorf("check payout: %v", bal)
	}
	if err := s.Disable(id, "tos_violation"); err != nil {
		t.Fatal(err)
	}
	a = call(t, s, u.Token, "/account/find", map[string]any{"reference_id": "maple"})
	checkAll("/account/find", map[string]any{"reference_id": "maple"}, a)
	for _, req := range []map[string]any{{"account_id": id, "mode": "iframe"}, idBody(id)} {
		a = call(t, s, u.Token, "/account/get_update_uri", req)
		checkAll("/account/get_update_uri", req, a)
	}
	if uri, _ := a.wantOK(t)["uri"].(string); !strings.HasPrefix(uri, s.URL+"/account_update_uri/"+itoa(id)+"/") {
		t.Errorf("uri %v", uri)
	}
	a = call(t, s, u.Token, "/account/get_reserve_details", idBody(id))
	checkAll("/account/get_reserve_details", idBody(id), a)
	// reference: "currency ... Default: USD", whatever the account's.
	if cur := a.wantOK(t)["currency"]; cur != "USD" {
		t.Errorf("reserve currency %v, want the reference's default USD", cur)
	}
	cad := map[string]any{"account_id": id, "currency": "CAD"}
	if cur := call(t, s, u.Token, "/account/get_reserve_details", cad).wantOK(t)["currency"]; cur != "CAD" {
		t.Errorf("reserve currency %v", cur)
	}
	// quirk image-uri-length: the request table allows 2083 characters.
	long := "https://example.com/" + string(bytes.Repeat([]byte("a"), 300))
	if got := call(t, s, u.Token, "/account/create", map[string]any{"name": "x", "description": "y", "image_uri": long}).wantOK(t)["image_uri"]; got != long {
		t.Errorf("image_uri of 320 characters not kept: %v", got)
	}
	a = call(t, s, u.Token, "/account/delete", idBody(id))
	checkAll("/account/delete", idBody(id), a)
}

// TestFindLimitsFromContract: /account/find's default and maximum limit
// are the contract's, not a copy in the fake.
func TestFindLimitsFromContract(t *testing.T) {
	const from = "          minimum: 1\n          maximum: 50\n          default: 50\n"
	yaml := string(spec.Embedded())
	if strings.Count(yaml, from) != 1 {
		t.Fatal("the contract's /account/find limit is not where the test looks")
	}
	custom, err := spec.Parse([]byte(strings.Replace(yaml, from, "          minimum: 1\n          maximum: 4\n          default: 3\n", 1)), "custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, WithSpec(custom))
	u := s.NewUser("mia")
	for range 5 {
		create(t, s, u.Token, nil)
	}
	if n := len(call(t, s, u.Token, "/account/find", map[string]any{}).list(t)); n != 3 {
		t.Errorf("find without a limit listed %d, want the contract's default 3", n)
	}
	// A trailing slash names the same call.
	if n := len(call(t, s, u.Token, "/account/find/", map[string]any{"limit": 4}).list(t)); n != 4 {
		t.Errorf("find with limit 4 listed %d, want 4", n)
	}
	// The validator compiles the custom spec's own schemas, so limit 5 is
	// refused before it reaches the fake.
	sendRaw(t, s, "/account/find", map[string]string{"Authorization": "Bearer " + u.Token, "Content-Type": "application/json"}, `{"limit":5}`).
		wantError(t, 400, "invalid_request", CodeInvalidParameter)
}
