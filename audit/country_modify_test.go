package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/audit"
)

// TestModifyCountryOptionsByEarlierAnswer: an /account/modify that sets
// country_options ("Used for Canadian accounts only.") names no country.
// When its own answer is an error, the country an earlier answer of the
// recording showed decides (rule country-options-canada-only, quirk
// modify-country-options-country); before any answer, or for a Canadian
// account, nothing is said.
func TestModifyCountryOptionsByEarlierAnswer(t *testing.T) {
	refused := `{"error":"invalid_request","error_description":"refused","error_code":1003}`
	modify := func(at time.Time) ex {
		return ex{url: stage + "/account/modify", req: `{"account_id":12345,"country_options":{"debit_opt_in":true}}`,
			status: 400, resp: refused, time: at}
	}
	canadian := strings.NewReplacer(`"country":"US"`, `"country":"CA"`, `"currencies":["USD"]`, `"currencies":["CAD"]`,
		`{"debit_opt_in":null}`, `{"debit_opt_in":true}`, `"currency":"USD"`, `"currency":"CAD"`).Replace(active)
	caLookup := ex{url: stage + "/account", req: `{"account_id":12345}`, status: 200, resp: canadian, time: t0}

	for _, tc := range []struct {
		name string
		xs   []ex
		want []string
	}{
		// The modify (entry 1) came after a lookup that showed a US account.
		{"us", []ex{lookup(t0), modify(t0.Add(time.Minute))}, []string{"r.har:1:country-options-canada-only"}},
		// Time order, not file order: the lookup came after the modify.
		{"before-any-answer", []ex{modify(t0), lookup(t0.Add(time.Minute))}, nil},
		{"canadian", []ex{caLookup, modify(t0.Add(time.Minute))}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, audit.Options{}, input("r.har", har(tc.xs...)))
			if d := cmp.Diff(tc.want, rules(res)); d != "" {
				t.Fatalf("findings (-want +got):\n%s", d)
			}
			for _, f := range res.Findings {
				if f.Side != "request" || f.Pointer != "/country_options" || f.Severity != "warning" || !strings.Contains(f.Message, "earlier answer") {
					t.Errorf("finding %+v", f)
				}
			}
		})
	}
}
