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

// TestFilteredAuthorizationOnlyForWePay: a stand-in's 200 proves nothing
// (it may not check auth), nor does a 200 to a call that sent its token as
// a parameter: both keep the error.
func TestFilteredAuthorizationOnlyForWePay(t *testing.T) {
	standIn := lookup(t0)
	standIn.noAuth, standIn.url = true, "http://127.0.0.1:8080/v2/account"
	param := lookup(t0)
	param.noAuth, param.url = true, stage+"/account?access_token=STAGE_0123456789abcdef0123456789abcdef"
	res, err := audit.Run(context.Background(), newValidator(t), []audit.Input{input("r.har", har(standIn, param))}, audit.Options{Hosts: []string{"127.0.0.1:8080"}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == spec.RuleAuthBearerRequired {
			n++
			if f.Severity != validate.SeverityError {
				t.Errorf("entry %d: %s %s", f.Entry, f.Severity, f.Message)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d auth-bearer-required findings, want 2", n)
	}
}
