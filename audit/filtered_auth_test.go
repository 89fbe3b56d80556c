package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// TestFilteredAuthorization: a recorded call without an Authorization
// header that WePay answered 200 lost the header in the recorder (vcrpy's
// filter_headers): a warning that says so, not an error. The same call
// answered with an error keeps the error.
func TestFilteredAuthorization(t *testing.T) {
	ok := lookup(t0)
	ok.noAuth = true
	refused := ex{url: stage + "/account", req: `{"account_id":12345}`, status: 401, noAuth: true,
		resp: `{"error":"invalid_request","error_description":"no access token","error_code":1002}`}
	res, err := audit.Run(context.Background(), newValidator(t), []audit.Input{input("py.har", har(ok, refused))}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == spec.RuleAuthBearerRequired {
			got = append(got, itoa(f.Entry)+":"+string(f.Severity))
			if f.Entry == 0 && !strings.Contains(f.Message, "filter_headers") {
				t.Errorf("message %q does not say why", f.Message)
			}
		}
	}
	if strings.Join(got, ",") != "0:"+string(validate.SeverityWarning)+",1:"+string(validate.SeverityError) {
		t.Errorf("auth-bearer-required findings %v, want entry 0 a warning, entry 1 an error", got)
	}
}
