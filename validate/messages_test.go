package validate_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

const activeAccount = `{"account_id":12345,"name":"Example account","state":"active","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","country_options":{"debit_opt_in":null},"currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[]}`

func TestMessagesShowValueAndHint(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(activeAccount, `"type":"personal"`, `"type":"personal","theme_object":{"theme_id":1,"name":"x","primary_color":"#3366CC"}`, 1)
	fs, err := v.Body(spec.OpAccount, spec.Response, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, f := range fs {
		if f.Pointer == "/theme_object/primary_color" {
			msg = f.Message
		}
	}
	want := `does not match pattern '^[0-9A-Fa-f]{6}$': a six-digit hex colour triplet without '#', for example 3C6E8F; got "#3366CC"`
	if msg != want {
		t.Fatalf("message\n got %s\nwant %s\nall %v", msg, want, fs)
	}
}

func TestOneFindingPerDefect(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(activeAccount, `"disablement_time":null`, `"disablement_time":"null"`, 1)
	fs, _ := v.Body(spec.OpAccount, spec.Response, []byte(body))
	if len(fs) != 1 || fs[0].Rule != validate.RuleSchemaType || !strings.Contains(fs[0].Message, `got "null"`) {
		t.Fatalf("want one schema.type finding, got %v", fs)
	}
	// An invariant still speaks when the schema has nothing to say.
	body = strings.Replace(activeAccount, `"disablement_time":null`, `"disablement_time":1367958263`, 1)
	fs, _ = v.Body(spec.OpAccount, spec.Response, []byte(body))
	if len(fs) != 1 || fs[0].Rule != "account-state-invariants" || !strings.Contains(fs[0].Message, "an active account") {
		t.Fatalf("want one invariant finding about an active account, got %v", fs)
	}
}

func TestSecretValuesNotShown(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2/account/create", strings.NewReader(`{"name":"tok_SECRET_123456","description":["tok_SECRET_123456"],"access_token":"tok_SECRET_123456"}`))
	req.Header.Set("Authorization", "Bearer tok_SECRET_123456")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	fs, err := v.Request(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if strings.Contains(f.Message, "SECRET") {
			t.Fatalf("secret in %v", f)
		}
	}
}

func TestAPIVersionUnknownDate(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	for av, want := range map[string]validate.Severity{"2019-04-03": "", "2014-01-08": "", "2016-01-01": validate.SeverityWarning, "04/03/2019": validate.SeverityError,
		"2099-12-31": validate.SeverityError, "2019-04-04": validate.SeverityError, "2010-01-01": validate.SeverityError} {
		req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2/account", strings.NewReader(`{"account_id":1}`))
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Api-Version", av)
		fs, _ := v.Request(req)
		var got validate.Severity
		for _, f := range fs {
			if f.Rule == "api-version-format" {
				got = f.Severity
			}
		}
		if got != want {
			t.Errorf("Api-Version %s: severity %q, want %q (%v)", av, got, want, fs)
		}
	}
	if !v.OlderVersion("2014-01-08") || v.OlderVersion("2019-04-03") || v.OlderVersion("junk") {
		t.Fatal("OlderVersion")
	}
}

// TestEnumNullWordedAsJSON: an enum that allows null lists it as null, as
// JSON writes it, not as Go's <nil>.
func TestEnumNullWordedAsJSON(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := v.Body("/account", "response", []byte(`{"balances":[{"currency":"USD","withdrawal_period":"null"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		if f.Pointer == "/balances/0/withdrawal_period" && f.Rule == validate.RuleSchemaEnum {
			found = true
			if strings.Contains(f.Message, "<nil>") || !strings.Contains(f.Message, `"monthly", null`) {
				t.Errorf("message %q", f.Message)
			}
		}
	}
	if !found {
		t.Fatalf("no enum finding: %v", fs)
	}
}
