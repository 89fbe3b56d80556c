package validate_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/validate"
)

// TestFindingsNeverQuoteSecrets plants a token where a request may carry
// it and checks that no finding (message or operation) shows it, and that
// the token-in-parameter rule sees through odd query encodings.
func TestFindingsNeverQuoteSecrets(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	const tok = "tokPLANT3D99"
	cases := []struct {
		name, method, target string
		auth                 string
		wantRule             string
	}{
		{"query ends in ;", "POST", "/v2/account?access_token=" + tok + ";", "Bearer x" + tok, "token-in-parameter"},
		{"query bad escape", "POST", "/v2/account?access_token=" + tok + "%zz", "Bearer x" + tok, "token-in-parameter"},
		{"query after ;", "POST", "/v2/account?x=1;access_token=" + tok, "Bearer x" + tok, "token-in-parameter"},
		{"encoded key", "POST", "/v2/account?a=1;&access%5Ftoken=" + tok, "Bearer x" + tok, "token-in-parameter"},
		{"path parameter", "POST", "/v2/account;access_token=" + tok, "Bearer x" + tok, "route-unknown"},
		{"token as method", tok, "/v2/account", "Bearer " + tok, "method-not-post"},
		{"token as path", "POST", "/v2/" + tok, "Bearer " + tok, "route-unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1"+c.target, strings.NewReader(`{"account_id":1}`))
			if err != nil {
				t.Fatal(err)
			}
			r.Method = c.method
			r.Header.Set("Authorization", c.auth)
			r.Header.Set("User-Agent", "wepaykit-tests/1.0")
			r.Header.Set("Content-Type", "application/json")
			fs, err := v.Request(r)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range fs {
				if strings.Contains(f.Message+f.Operation+f.String(), tok) {
					t.Errorf("finding quotes the token: %s", f)
				}
				found = found || f.Rule == c.wantRule
			}
			if !found {
				t.Errorf("no %s finding in %v", c.wantRule, fs)
			}
		})
	}
}

// TestShortTokenKeepsWords: a three-letter token is masked where it stands
// alone, not inside the words of a message.
func TestShortTokenKeepsWords(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	r, _ := http.NewRequest("GET", "http://127.0.0.1/v2/account", strings.NewReader(`{"account_id":1}`))
	r.Header.Set("Authorization", "Bearer all") // "every call is a POST"
	r.Header.Set("User-Agent", "wepaykit-tests/1.0")
	r.Header.Set("Content-Type", "application/json")
	fs, err := v.Request(r)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range fs {
		if strings.Contains(f.Message, "c[REDACTED]") {
			t.Errorf("a word was mangled: %s", f.Message)
		}
		seen = seen || strings.Contains(f.Message, "call")
	}
	if !seen {
		t.Fatalf("no finding says \"call\": %v", fs)
	}
}

// TestFindingsKeepTheWordBearer: the scheme is no credential, so a message
// of a Bearer exchange keeps the word (it was masked in every message of
// such an exchange, "Authorization: [REDACTED] carries no token"), while
// a token sent as a body field is masked even when the message cuts it.
func TestFindingsKeepTheWordBearer(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	const tok = "STAGE_45e5704c391db9ba96a831643fb637cdeb4d41f00ef0511f50e47aad798c496c"
	for _, c := range []struct{ auth, body, want, leak string }{
		{"Bearer", `{"account_id":1}`, "Authorization: Bearer carries no token", ""},
		{"Bearer " + tok, `{"account_id":1,"name":"Bearer and more"}`, "", "45e5704c"},
		{"Bearer " + tok, `{"account_id":"` + tok + `"}`, `got "[REDACTED]...`, "45e5704c"},
	} {
		r, _ := http.NewRequest(http.MethodPost, "https://stage.wepayapi.com/v2/account", strings.NewReader(c.body))
		r.Header.Set("Authorization", c.auth)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("User-Agent", "t")
		fs, err := v.Request(r)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, f := range fs {
			all.WriteString(f.Message + " " + f.Operation + " " + f.Pointer + "\n")
		}
		if c.want != "" && !strings.Contains(all.String(), c.want) {
			t.Errorf("%q: findings lack %q:\n%s", c.auth, c.want, all.String())
		}
		if c.leak != "" && strings.Contains(all.String(), c.leak) {
			t.Errorf("%q: findings quote the token:\n%s", c.auth, all.String())
		}
	}
}
