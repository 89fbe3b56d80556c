package audit

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/spec"
)

func TestReasonsRoundTrip(t *testing.T) {
	for _, r := range []spec.Reasons{
		{},
		{Action: []string{"kyc", "bank_account"}},
		{Disabled: []string{"high_risk_chargeback"}},
		{Action: []string{"kyc"}, Disabled: []string{"fraud", "reported_user"}},
	} {
		if got := splitReasons(joinReasons(r)); !cmp.Equal(got, r) {
			t.Errorf("%+v came back as %+v", r, got)
		}
	}
}
