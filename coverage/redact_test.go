package coverage_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
)

// TestOtherCallsNeverHoldSecrets observes calls outside the contract whose
// paths carry a token (a path parameter, a token-shaped segment): the
// report's other_calls, written as is by the JSON format and read back by
// merge, must hold neither.
func TestOtherCallsNeverHoldSecrets(t *testing.T) {
	c, err := coverage.New()
	if err != nil {
		t.Fatal(err)
	}
	c.Observe(coverage.Exchange{Operation: "/account/modify;access_token=PATHPARAMLEAK"})
	c.Observe(coverage.Exchange{Operation: "/account/modify/STAGE_45e5704c391db9ba96a831643fb637cdeb4d41f00ef0511f50e47aad798c496c"})
	var b bytes.Buffer
	if err := coverage.Encode(&b, c.Report()); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"PATHPARAMLEAK", "45e5704c"} {
		if strings.Contains(b.String(), leak) {
			t.Errorf("coverage JSON holds %q:\n%s", leak, b.String())
		}
	}
	if !strings.Contains(b.String(), `"/account/modify;access_token=[REDACTED]": 1`) {
		t.Errorf("the call is no longer counted:\n%s", b.String())
	}
}
