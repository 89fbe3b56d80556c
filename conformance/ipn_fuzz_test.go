package conformance

import (
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// FuzzCheckDelivery: whatever a target delivers to the ipn checks'
// listener (method, content type, path, query, body) is judged without a
// panic, and a delivery that is the webhook's is never failed.
func FuzzCheckDelivery(f *testing.F) {
	sp, err := spec.Load()
	if err != nil {
		f.Fatal(err)
	}
	desc, err := sp.IPN()
	if err != nil {
		f.Fatal(err)
	}
	const path, query = "/ipn/run/7", "n=7&run=run"
	f.Add("POST", "application/x-www-form-urlencoded", path, query, "account_id=42")
	f.Add("GET", "application/json", "/", "account_id=42", `{"account_id":42}`)
	f.Add("POST", "application/x-www-form-urlencoded; charset=utf-8", path, "n=7&run=run&x=%zz", "account_id=42&state=active")
	f.Add("POST", "multipart/form-data; boundary=\"", path, ";;;", "%ff=%")
	f.Fuzz(func(t *testing.T, method, ctype, p, q, body string) {
		pr := &probe{s: &session{red: newRedactor("STAGE_fuzz")}, c: &check{name: CatIPN + "/fuzz", category: CatIPN}}
		pr.checkDelivery(desc, ipnDelivery{method: method, contentType: ctype, path: p, rawQuery: q, body: []byte(body)}, 42, path, query)
		webhook := method == desc.Method && ctype == desc.ContentType && p == path && q == query && body == "account_id=42"
		if webhook && len(pr.failures) > 0 {
			t.Fatalf("the webhook's own delivery failed: %v", pr.failures[0])
		}
		for _, e := range pr.failures {
			if e.Rule != RuleIPN || len(e.Msg) > 2000 || strings.Contains(e.Msg, "STAGE_fuzz") {
				t.Fatalf("failure %+v", e)
			}
		}
	})
}
