package wepaytest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzHandler builds one fake per fuzz run: the seeds and the fuzzed
// inputs share it, as a long-lived test server would be shared.
func fuzzHandler(f *testing.F) *Handler {
	v, err := sharedValidator()
	if err != nil {
		f.Fatal(err)
	}
	h, err := New(WithValidator(v), WithAdmin(true), WithClock(NewManualClock(epoch)), WithHTTPClient(&http.Client{Transport: noNet{}}))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Close)
	return h
}

type noNet struct{}

func (noNet) RoundTrip(*http.Request) (*http.Response, error) { return nil, http.ErrHandlerTimeout }

// FuzzHandler sends arbitrary calls to the fake: it must answer each with
// a status and, on a refusal, WePay's error body, never echoing the
// caller's token.
func FuzzHandler(f *testing.F) {
	h := fuzzHandler(f)
	u := h.NewUser("fuzz")
	f.Add("POST", "/v2/account/create", "application/json", true, `{"name":"Shop","description":"d"}`)
	f.Add("POST", "/v2/account/find", "application/json", true, `{"limit":1e400}`)
	f.Add("GET", "/v2/account;access_token=T", "text/plain", false, `access_token=T`)
	f.Add("POST", "/v2/account/modify", "application/json", true, `{"account_id":-1,"callback_uri":"http://x/?secret=1"}`)
	f.Add("POST", "/v2/account/settlement_setup", "application/json", true, `{"account_id":1,"settlement_method":{}}`)
	f.Fuzz(func(t *testing.T, method, path, ctype string, auth bool, body string) {
		if !validMethod(method) || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") {
			t.Skip()
		}
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/", strings.NewReader(body))
		r.Method = method
		var err error
		if r.URL, err = r.URL.Parse(path); err != nil {
			t.Skip()
		}
		r.RequestURI = path
		r.Header.Set("Content-Type", ctype)
		if auth {
			r.Header.Set("Authorization", "Bearer "+u.Token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code < 200 || w.Code > 599 {
			t.Fatalf("status %d", w.Code)
		}
		if w.Code >= 400 && !strings.Contains(w.Body.String(), `"error_code"`) {
			t.Fatalf("refusal %d without WePay's error body: %s", w.Code, w.Body)
		}
		if w.Code >= 400 && strings.Contains(w.Body.String(), u.Token) {
			t.Fatalf("the error body echoes the token: %s", w.Body)
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", c) {
			return false
		}
	}
	return true
}

// FuzzAdminBodies posts arbitrary bodies to every admin route with the
// admin token: each is answered (200 or WePay's error body), the clock
// never goes backwards.
func FuzzAdminBodies(f *testing.F) {
	h := fuzzHandler(f)
	routes := []string{"complete_kyc", "add_bank_account", "disable", "reinstate", "add_balance", "set_pending", "users", "revoke_token", "deliveries", "advance"}
	f.Add(uint8(9), `{"seconds":1e20}`)
	f.Add(uint8(9), `{"seconds":-1}`)
	f.Add(uint8(2), `{"account_id":1,"reasons":["fraud"]}`)
	f.Add(uint8(4), `{"account_id":1,"amount":1e308}`)
	f.Add(uint8(6), `{"name":"`+strings.Repeat("x", 300)+`"}`)
	f.Add(uint8(0), `{"account_id":1,"surprise":true}`)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		before := h.Clock().Now()
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/admin/"+routes[int(route)%len(routes)], strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+h.AdminToken())
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 && !strings.Contains(w.Body.String(), `"error_code"`) {
			t.Fatalf("%d without WePay's error body: %s", w.Code, w.Body)
		}
		if h.Clock().Now().Before(before) {
			t.Fatalf("the clock went back from %v to %v", before, h.Clock().Now())
		}
	})
}
