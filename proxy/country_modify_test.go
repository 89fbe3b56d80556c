package proxy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
)

// TestModifyCountryOptionsAcrossCalls: a refused /account/modify that sets
// country_options is judged by the country the session's earlier answer
// showed (rule country-options-canada-only, quirk
// modify-country-options-country).
func TestModifyCountryOptionsAcrossCalls(t *testing.T) {
	const us = `{"account_id":7,"name":"Shop","state":"action_required","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":["kyc"],"disabled_reasons":[],"country_options":{"debit_opt_in":null}}`
	upstream := jsonServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, spec.OpModify) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"refused","error_code":1003}`))
			return
		}
		_, _ = w.Write([]byte(us))
	})
	r := newRig(t, upstream.URL, proxy.Options{})
	call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":7}`)
	call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpModify, "tok_abcdef", `{"account_id":7,"country_options":{"debit_opt_in":true}}`)
	evs := r.events.list()
	if len(evs) != 2 || hasRule(evs[0].Findings, spec.RuleCountryOptionsCanadaOnly) || !hasRule(evs[1].Findings, spec.RuleCountryOptionsCanadaOnly) {
		t.Fatalf("events:\n%s", r.events.text())
	}
}
