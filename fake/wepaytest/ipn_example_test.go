package wepaytest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
)

// What a partner's IPN handler receives: a POST of the form
// "account_id=N" (application/x-www-form-urlencoded) to the account's
// callback_uri, the callback's own query kept. Only a 200 answer counts;
// anything else is retried 15 minutes, 30 minutes, 1, 6, 12 and 24 hours
// after the attempt before.
func ExampleDelivery() {
	t := &exampleT{}
	defer t.finish()

	// The partner's handler: it parses the form and reads its own query.
	// It fails the first delivery, to show the retry.
	var mu sync.Mutex
	calls := 0
	partner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		fmt.Printf("IPN: %s %s account_id=%s shop=%s\n", r.Method, r.Header.Get("Content-Type"),
			r.PostForm.Get("account_id"), r.URL.Query().Get("shop"))
		mu.Lock()
		defer mu.Unlock()
		if calls++; calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer partner.Close()

	s := wepaytest.NewServer(t)
	u := s.NewUser("platform")
	body := fmt.Sprintf(`{"name":"Alice's Shop","description":"Soap","callback_uri":%q}`, partner.URL+"/ipn?shop=42")
	req, _ := http.NewRequest(http.MethodPost, s.URL+spec.OpCreate, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+u.Token)
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

	// WePay's part: KYC and a bank account make the account active, a
	// change of state, so an IPN goes out at once.
	_ = s.CompleteKYC(acc.AccountID)
	_ = s.AddBankAccount(acc.AccountID)
	s.Advance(15 * time.Minute) // the first retry falls due
	for _, d := range s.Deliveries() {
		fmt.Printf("attempt %d at +%s: status %d ok=%v\n", d.Attempt, d.At.Sub(s.Now().Add(-15*time.Minute)), d.Status, d.OK())
	}
	// Output:
	// IPN: POST application/x-www-form-urlencoded account_id=4244109 shop=42
	// IPN: POST application/x-www-form-urlencoded account_id=4244109 shop=42
	// attempt 1 at +0s: status 503 ok=false
	// attempt 2 at +15m0s: status 200 ok=true
}
