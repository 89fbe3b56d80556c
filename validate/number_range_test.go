package validate_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// TestNumbersOutOfRangeBounded: every number out of range is reported at
// its place, up to 20, and one more finding counts the rest; a long number
// is cut in the message. Nothing else of the body is reported, as it is not
// validated further.
func TestNumbersOutOfRangeBounded(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	body := `{"name":"x","description":"d","bogus":1,"gaq_domains":[` + strings.Repeat(`1e999999,`, 24) + "9" + strings.Repeat("0", 150) + `]}`
	fs, err := v.Body(spec.OpCreate, spec.Request, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 21 {
		t.Fatalf("%d findings, want 20 and one that counts the rest: %v", len(fs), fs)
	}
	want := map[string]bool{"": true}
	for i := range 20 {
		want["/gaq_domains/"+strconv.Itoa(i)] = true
	}
	for _, f := range fs {
		if f.Rule != validate.RuleJSONNumberRange || !want[f.Pointer] {
			t.Errorf("unexpected finding %v", f)
		}
		delete(want, f.Pointer)
		if f.Pointer == "" && !strings.Contains(f.Message, "5 more numbers out of range") {
			t.Errorf("the finding that counts the rest: %v", f)
		}
	}

	fs, err = v.Body(spec.OpCreate, spec.Request, []byte(`{"name":"x","description":"d","fee_schedule_slot":9`+strings.Repeat("0", 150)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "number 9000") || !strings.Contains(fs[0].Message, "... is out of range: it is over 100 characters long") || len(fs[0].Message) > 200 {
		t.Errorf("a 151-digit number: %v", fs)
	}
}

// TestNumbersOutOfRangeSecrets: a request body that is not validated
// further for a number out of range is still looked at for secrets, and no
// other finding (a repeated member) is made of it.
func TestNumbersOutOfRangeSecrets(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	const secret = "tok_SECRET_in_body_41"
	fs, err := v.Body(spec.OpCreate, spec.Request, []byte(`{"name":"x","name":"y","description":"d","access_token":"`+secret+`","x":1e400}`))
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range fs {
		rules[f.Rule] = true
		if strings.Contains(f.Message, secret) {
			t.Errorf("the token in %v", f)
		}
	}
	if len(fs) != 2 || !rules["token-in-parameter"] || !rules[validate.RuleJSONNumberRange] {
		t.Errorf("findings %v, want token-in-parameter and json-number-range", fs)
	}
}
