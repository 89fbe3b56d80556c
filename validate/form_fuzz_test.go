package validate_test

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// FuzzFormBody checks the form decoder and the validation of form bodies on
// any input: no panic, a JSON-encodable value, and a token planted in the
// body never reaches a message.
func FuzzFormBody(f *testing.F) {
	v, err := validate.New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"account_id=1723052&name=Sunrise+Bakery&theme_object%5Bprimary_color%5D=%233366CC&gaq_domains%5B%5D=x",
		"rbits[0][type]=website_uri&rbits[0][properties][uri]=https://x.example&rbits[1][receive_time]=12",
		"a=1&a=2&a[]=3&a[x]=4&%zz=1&b=%",
		"name=[[[]]]&description=&fee_schedule_slot=-1e400",
		"account_id=1+&theme_object[theme_id]=-0%0A",        // valid JSON, but not a number math/big reads
		"account_id=1e9999999&theme_object[theme_id]=1e400", // numbers beyond binary64
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		val, _ := validate.DecodeForm(body, nil)
		if _, err := json.Marshal(val); err != nil {
			t.Fatalf("decoded value is not JSON: %v", err)
		}
		const secret = "tok_FUZZ_SECRET_9"
		req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2"+spec.OpModify, strings.NewReader(body+"&access_token="+secret+"&x[access_token]="+secret))
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		fs, err := v.Request(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range fs {
			if strings.Contains(fd.Message, secret) {
				t.Fatalf("secret in %v", fd)
			}
		}
	})
}

func TestDecodeForm(t *testing.T) {
	got, err := validate.DecodeForm("a[b]=1&a[c][]=x&a[c][]=y&d=2&d=3&e[1]=q&e[0]=p&f=%zz", nil)
	if err == nil {
		t.Fatal("a malformed escape was not reported")
	}
	b, _ := json.Marshal(got)
	if string(b) != `{"a":{"b":"1","c":["x","y"]},"d":["2","3"],"e":["p","q"]}` {
		t.Fatalf("decoded %s", b)
	}
}

// formModify validates an /account/modify request with a form body.
func formModify(t *testing.T, v *validate.Validator, body string) []validate.Finding {
	t.Helper()
	req := httptest.NewRequest("POST", "https://stage.wepayapi.com/v2"+spec.OpModify, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	fs, err := v.Request(req)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestFormNumberWithSpace: a form value that is valid JSON only with the
// space around it ("1+" decodes to "1 ") is not a number, nor is one beyond
// binary64's range; each is reported as the wrong type, where it used to
// reach the schema library as a json.Number that math/big cannot read, and
// panic.
func TestFormNumberWithSpace(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	for body, want := range map[string]bool{"account_id=1+": true, "account_id=%0A7": true, "account_id=-0%09": true, "account_id=1e9999999": true, "account_id=12": false} {
		fs := formModify(t, v, body)
		found := false
		for _, fd := range fs {
			found = found || fd.Pointer == "/account_id" && fd.Rule == validate.RuleSchemaType
		}
		if found != want {
			t.Errorf("%s: a schema.type finding at /account_id: %v, want %v (%v)", body, found, want, fs)
		}
	}
}

// TestDecodeFormDepth: the body is one level and each bracket of a key one
// more, as in JSON; a key nested deeper than DefaultMaxDepth is left out
// with an error, and one at the limit is decoded.
func TestDecodeFormDepth(t *testing.T) {
	deep := "a" + strings.Repeat("[b]", validate.DefaultMaxDepth) + "=1&c=2"
	got, err := validate.DecodeForm(deep, nil)
	var fe *validate.FormError
	if !errors.As(err, &fe) || !fe.TooDeep || !strings.Contains(err.Error(), "nests 65 levels deep, over the limit of 64") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := json.Marshal(got); string(b) != `{"c":"2"}` {
		t.Fatalf("decoded %s", b)
	}
	// A key of many brackets that do not nest is one level.
	if _, err := validate.DecodeForm(strings.Repeat("[", 100)+"=1", nil); err != nil {
		t.Fatalf("a flat key: %v", err)
	}
	got, err = validate.DecodeForm("a"+strings.Repeat("[b]", validate.DefaultMaxDepth-1)+"=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	v := any(got)
	for range validate.DefaultMaxDepth {
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			t.Fatalf("not %d levels: %v", validate.DefaultMaxDepth, got)
		}
		for _, x := range m {
			v = x
		}
	}
	if v != "1" {
		t.Fatalf("the leaf is %v", v)
	}
	// The JSON body of the same depth is accepted, and one level more is
	// not, for both.
	vd, err := validate.New(validate.WithMaxDepth(2))
	if err != nil {
		t.Fatal(err)
	}
	for body, deep := range map[string]bool{"theme_object[name]=t": false, "theme_object[a][b]=t": true} {
		fs := formModify(t, vd, "account_id=1&"+body)
		found := false
		for _, f := range fs {
			found = found || f.Rule == validate.RuleJSONTooDeep
		}
		if found != deep {
			t.Errorf("%s under a limit of 2: json-depth %v, want %v (%v)", body, found, deep, fs)
		}
	}
}

// TestDecodeFormRootIsObject: a body whose keys are all numbers is still
// an object, also past the parameter limit (it used to panic there), and
// every problem is returned.
func TestDecodeFormRootIsObject(t *testing.T) {
	got, err := validate.DecodeForm("0=a&1=b", nil)
	if b, _ := json.Marshal(got); err != nil || string(b) != `{"0":"a","1":"b"}` {
		t.Fatalf("decoded %s, %v", b, err)
	}
	for _, body := range []string{
		strings.Repeat("%&", 10001),
		strings.Repeat("a"+strings.Repeat("[", 65)+"=1&", 10001),
		"%zz=1&" + strings.Repeat("0=x&", 10001),
	} {
		got, err := validate.DecodeForm(body, nil)
		if got == nil || err == nil || !strings.Contains(err.Error(), "more than 10000 parameters") {
			t.Errorf("%.20q...: %v, %v", body, got, err)
		}
	}
	if _, err := validate.DecodeForm("%zz=1&"+strings.Repeat("0=x&", 10001), nil); !strings.Contains(err.Error(), "malformed %-escape") {
		t.Errorf("the escape error is lost: %v", err)
	}
}
