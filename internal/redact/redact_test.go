package redact

import (
	"net/http"
	"strings"
	"testing"
)

const tok = "S3CRETtok"

func TestURLMasksEveryEncoding(t *testing.T) {
	p := Default()
	cases := []string{
		"http://h/v2/account?a=1;&access%5Ftoken=" + tok,
		"http://h/v2/account?access_token=" + tok + ";",
		"http://h/v2/account?access_token=" + tok + "%zz",
		"http://h/v2/account?x=1;access_token=" + tok,
		"http://h/v2/account;access_token=" + tok,
		"http://h/v2/account%3Baccess_token=" + tok,
		"http://h/v2/account?access%255Ftoken=" + tok,
		"http://h/v2/account?ACCESS-TOKEN=" + tok,
		"http://h/v2/account?access_token[]=" + tok,
		"http://h/v2/account?callback_uri=" + "https%3A%2F%2Fp.example%2Fipn%3Fsecret%3D" + tok,
		"http://h/v2/account#access_token=" + tok,
		"http://user:" + tok + "@h/v2/account",
		"/v2/account?client_secret=" + tok + "&x=1",
		"/v2/account?a=b&access_token%3D" + tok,
	}
	for _, c := range cases {
		got := p.URL(c)
		if strings.Contains(got, tok) {
			t.Errorf("URL(%q) = %q: the token is still there", c, got)
		}
		if !strings.Contains(got, Mask) && !strings.Contains(got, "%5BREDACTED%5D") {
			t.Errorf("URL(%q) = %q: nothing masked", c, got)
		}
	}
}

func TestURLKeepsInnocentBytes(t *testing.T) {
	p := Default()
	for _, c := range []string{
		"http://h/v2/account/find?name=a%20b&limit=5",
		"http://h/v2/account;v=1",
		"application/json; charset=utf-8",
		"http://h/v2/x?q=%zz&r=1+2",
	} {
		if got := p.URL(c); got != c {
			t.Errorf("URL(%q) = %q, want it unchanged", c, got)
		}
	}
}

func TestBodyMasksEscapedKeys(t *testing.T) {
	p := Default()
	for _, c := range []string{
		`{"access\u005ftoken":"` + tok + `"}`,
		`{"a":{"b":[{"Client_Secret":"` + tok + `"}]}}`,
		`{"callback_uri":"https://p.example/ipn?key=1&token=` + tok + `"}`,
		`access_token=` + tok + `&a=1`,
		`a=1;access%5Ftoken=` + tok,
		`{"access\u005ftoken":"` + tok + `"`, // broken JSON
		`{"password": 12345678901}`,
	} {
		got := string(p.Body([]byte(c)))
		if strings.Contains(got, tok) || strings.Contains(got, "12345678901") {
			t.Errorf("Body(%s) = %s: the secret is still there", c, got)
		}
	}
	in := `{"name":"x","n":1.50}`
	if got := string(p.Body([]byte(in))); got != in {
		t.Errorf("Body(%s) = %s, want it unchanged", in, got)
	}
}

func TestHeaderDenyList(t *testing.T) {
	p := New(Names("X-Partner-Sig"))
	h := http.Header{
		"Authorization":       {"Bearer " + tok},
		"Proxy-Authorization": {"Basic " + tok},
		"Cookie":              {"sid=" + tok},
		"Set-Cookie":          {"s=" + tok + "; Path=/"},
		"X-Api-Key":           {tok},
		"X-Partner-Sig":       {tok},
		"Referer":             {"http://h/?access_token=" + tok},
		"Content-Type":        {"application/json"},
	}
	out := p.Header(h)
	for name, vs := range out {
		for _, v := range vs {
			if strings.Contains(v, tok) {
				t.Errorf("%s: %q still holds the token", name, v)
			}
		}
	}
	if got := out.Get("Authorization"); got != "Bearer "+Mask {
		t.Errorf("Authorization = %q, want the scheme kept", got)
	}
	if got := out.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if h.Get("Authorization") != "Bearer "+tok {
		t.Error("Header changed its argument")
	}
	if Default().SecretHeader("X-Partner-Sig") {
		t.Error("Names leaked into the default policy")
	}
}

func TestSecretsShortTokenKeepsWords(t *testing.T) {
	var s Secrets
	Default().Collect(&s, http.Header{"Authorization": {"Bearer abc"}}, "", nil)
	got := s.Text("abcdef crabcake the abc token, 'abc'")
	if want := "abcdef crabcake the " + Mask + " token, '" + Mask + "'"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestSecretsFormsAndCollect(t *testing.T) {
	var s Secrets
	secret := "a+b/c=d\"e" + tok
	Default().Collect(&s, http.Header{"Authorization": {"Bearer " + secret}},
		"/v2/account;client_secret=other"+tok+"?q=1", []byte(`{"refresh_token":"third`+tok+`"}`))
	for _, in := range []string{
		"method " + secret, "url /x?y=" + strings.ReplaceAll(secret, "+", "%2B"),
		`json "a+b/c=d\"e` + tok + `"`, "other" + tok, "third" + tok,
	} {
		if got := s.Text(in); strings.Contains(got, tok) {
			t.Errorf("Text(%q) = %q", in, got)
		}
	}
	var zero *Secrets
	if zero.Text("x") != "x" || zero.Len() != 0 {
		t.Error("a nil set must mask nothing")
	}
}

func TestSecretKey(t *testing.T) {
	p := Default()
	for _, k := range []string{"access_token", "Access-Token", "accessToken", "client_secret", "webhook_secret", "x-api-key", "password", "api_key"} {
		if !p.SecretKey(k) {
			t.Errorf("SecretKey(%q) = false", k)
		}
	}
	for _, k := range []string{"name", "account_id", "callback_uri", "description", "tokens_count", ""} {
		if p.SecretKey(k) {
			t.Errorf("SecretKey(%q) = true", k)
		}
	}
}

func TestPolicyText(t *testing.T) {
	p := Default()
	for in, want := range map[string]string{
		"Authorization: Bearer s3cr3tvalue here":      "Authorization: Bearer [REDACTED] here",
		"call with access_token=abc&x=1":              "call with access_token=[REDACTED]&x=1",
		`{"client_secret": "zzz", "name": "Shop"}`:    `{"client_secret": "[REDACTED]", "name": "Shop"}`,
		"password: hunter2, then":                     "password: [REDACTED], then",
		"access%5Ftoken=abc":                          "access%5Ftoken=[REDACTED]",
		"name=Shop state=active; a call to recall it": "name=Shop state=active; a call to recall it",
		"already Bearer [REDACTED] masked":            "already Bearer [REDACTED] masked",
	} {
		if got := p.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
