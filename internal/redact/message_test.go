package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

// A real-shaped stage token (64 hex digits), as `serve` prints them.
const stageTok = "STAGE_45e5704c391db9ba96a831643fb637cdeb4d41f00ef0511f50e47aad798c496c"

func TestMessageMasksQuotedSecrets(t *testing.T) {
	p := Default()
	for _, c := range []struct{ in, leak string }{
		{`answer has callback_uri = "https://x.example.com/ipn?access_token=RESPTOKENLEAK" but the request set "https://x.example.com/ipn?access_token=REQTOKENLEAK"`, "TOKENLEAK"},
		{`length must be <= 2083, but got 2140: new IPN address; got "https://x.example.com/ipn?token=AAAAAAAAAAAA...`, "AAAA"},
		{`answer has name = "Shop" but the request set "client_secret=NAMESECRETLEAK"`, "NAMESECRETLEAK"},
		{`expected integer, but got string: id of the account to change; got "STAGE_45e5704c391db9ba96a831643fb637cdeb4d41...`, "45e5704c"},
		{`got "STAGE_IDLEAK_as_string"`, "IDLEAK"},
		{`got "stage_45e5704c391db9ba96a831643fb637cd"`, "45e5704c"},
		{`got "STAGE%5F45e5704c391db9ba96a831643fb637cd"`, "45e5704c"},
		{`got "STAGE\u005f45e5704c391db9ba96a831643fb637cd"`, "45e5704c"},
		{`got "` + base64.StdEncoding.EncodeToString([]byte("Bearer "+stageTok)) + `"`, base64.StdEncoding.EncodeToString([]byte("Bearer " + stageTok))[:20]},
		{`got "https://h/ipn?access%5Ftoken=ENCLEAK1"`, "ENCLEAK1"},
		{`got "https://h/ipn?access\u005ftoken=JSONLEAK1"`, "JSONLEAK1"},
		{`got "https%3A%2F%2Fh%2Fipn%3Faccess_token%3DPCTLEAK1"`, "PCTLEAK1"},
		{`request set "Bearer CREDLEAK1"`, "CREDLEAK1"},
		{`sent to https://h/v2/account?client_secret=BARELEAK1&x=1`, "BARELEAK1"},
	} {
		got := p.Message(c.in)
		if strings.Contains(got, c.leak) {
			t.Errorf("Message(%q) = %q: %q leaks", c.in, got, c.leak)
		}
		if got := p.Text(c.in); strings.Contains(got, c.leak) {
			t.Errorf("Text(%q) = %q: %q leaks", c.in, got, c.leak)
		}
	}
}

func TestMessageKeepsProse(t *testing.T) {
	p := Default()
	for _, in := range []string{
		`Authorization is not "Bearer <access_token>"; WePay expects the Bearer scheme`,
		`query parameter "access_token": access tokens must never be sent as parameters, only in the Authorization header`,
		`Authorization: [REDACTED] carries no token`,
		`answer has name = "Shop" but the request set "Other Shop"`,
		`length must be <= 2083, but got 2140`,
		`tokens look like STAGE_ then hex`,
		`the request set "https://x.example.com/ipn?id=12"`,
	} {
		if got := p.Message(in); got != in {
			t.Errorf("Message(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestSecretsTextCutSecret(t *testing.T) {
	var s Secrets
	s.Add(stageTok)
	in := `Parameter 'account_id': got "` + stageTok[:44] + `...", details "` + stageTok[:20] + "\u2026"
	got := s.Text(in)
	if strings.Contains(got, stageTok[6:14]) {
		t.Errorf("Text(%q) = %q: the cut token leaks", in, got)
	}
	if !strings.HasSuffix(got, "[REDACTED]\u2026") || !strings.Contains(got, `got "[REDACTED]..."`) {
		t.Errorf("Text(%q) = %q", in, got)
	}
	// A short word before an ellipsis that only starts like a secret stays.
	if got := s.Text("wait STAGE_4..."); got != "wait STAGE_4..." {
		t.Errorf("short beginning masked: %q", got)
	}
	// base64 of the credential with its scheme.
	b := base64.StdEncoding.EncodeToString([]byte("Bearer " + stageTok))
	if got := s.Text("header was " + b); strings.Contains(got, b[:16]) {
		t.Errorf("base64 form leaks: %q", got)
	}
}

func TestBodyMasksSecretNamedInProse(t *testing.T) {
	p := Default()
	in := []byte(`{"name":"password: PROSELEAK1","callback_uri":"https://h/ipn","description":"at 10:30"}`)
	got := string(p.Body(in))
	if strings.Contains(got, "PROSELEAK1") || !strings.Contains(got, `"password: [REDACTED]"`) || !strings.Contains(got, `"at 10:30"`) || !strings.Contains(got, `"https://h/ipn"`) {
		t.Errorf("Body = %s", got)
	}
	var s Secrets
	p.Collect(&s, nil, "", in)
	if got := s.Text(`answer quotes "PROSELEAK1"`); strings.Contains(got, "PROSELEAK1") {
		t.Errorf("the value was not collected: %q", got)
	}
}

func TestTokensShapes(t *testing.T) {
	for in, want := range map[string]string{
		"sent " + stageTok:                          "sent [REDACTED]",
		"id=PRODUCTION_abc123":                      "id=[REDACTED]",
		"STAGE_ then hex":                           "STAGE_ then hex",
		"production_ready":                          "production_ready",
		"x production_0123456789abcdef0123 y":       "x [REDACTED] y",
		"q=STAGE%5F0123456789abcdef":                "[REDACTED]",
		`"STAGE\u005f0123456789abcdef"`:             `"[REDACTED]"`,
		"plain words with no token in them at all.": "plain words with no token in them at all.",
	} {
		if got := Tokens(in); got != want {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextProseAndValues: a sentence about a secret's name is left alone;
// a value after the name is masked, however many words it has, quoted or
// not.
func TestTextProseAndValues(t *testing.T) {
	p := Default()
	for in, want := range map[string]string{
		`query parameter "access_token": access tokens must never be sent`: `query parameter "access_token": access tokens must never be sent`,
		`password: hunter two`:                  `password: [REDACTED] two`,
		`client_secret: abc def`:                `client_secret: [REDACTED] def`,
		`"access_token": "abc def"`:             `"access_token": "[REDACTED] def"`,
		`got "password: hunter two"`:            `got "password: [REDACTED] two"`,
		`password: correcthorse battery staple`: `password: [REDACTED] battery staple`,
		`access_token: tokens are secret`:       `access_token: tokens are secret`,
		`access_token=access more`:              `access_token=[REDACTED] more`,
	} {
		if got := p.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	var found []string
	got := p.body([]byte(`{"error_description":"password: hunter two"}`), func(s string) { found = append(found, s) })
	if strings.Contains(string(got), "hunter") || len(found) != 1 || found[0] != "hunter" {
		t.Errorf("body: %s, found %q", got, found)
	}
}
