package redact_test

import (
	"fmt"
	"net/http"

	"github.com/wepaykit/wepaykit/internal/redact"
)

func ExamplePolicy_URL() {
	p := redact.Default()
	fmt.Println(p.URL("https://h/v2/account;access_token=S1?a=1;&access%5Ftoken=S2&name=x"))
	// Output: https://h/v2/account;access_token=[REDACTED]?a=1;&access%5Ftoken=[REDACTED]&name=x
}

func ExamplePolicy_Body() {
	p := redact.Default()
	fmt.Println(string(p.Body([]byte(`{"access\u005ftoken":"S","name":"Shop"}`))))
	// Output: {"access_token":"[REDACTED]","name":"Shop"}
}

func ExamplePolicy_Header() {
	p := redact.New(redact.Names("X-Partner-Sig"))
	h := p.Header(http.Header{"Authorization": {"Bearer tok_123"}, "X-Partner-Sig": {"abc"}, "Accept": {"*/*"}})
	fmt.Println(h.Get("Authorization"), h.Get("X-Partner-Sig"), h.Get("Accept"))
	// Output: Bearer [REDACTED] [REDACTED] */*
}

func ExampleSecrets() {
	var s redact.Secrets
	redact.Default().Collect(&s, http.Header{"Authorization": {"Bearer tok_1234567"}}, "", nil)
	fmt.Println(s.Text("method tok_1234567 is not POST"))
	// Output: method [REDACTED] is not POST
}

func ExamplePolicy_Message() {
	p := redact.Default()
	fmt.Println(p.Message(`answer has callback_uri = "https://h/ipn?access_token=S1" but the request set "client_secret=S2"; WePay expects the Bearer scheme`))
	// Output: answer has callback_uri = "https://h/ipn?access_token=[REDACTED]" but the request set "client_secret=[REDACTED]"; WePay expects the Bearer scheme
}

func ExampleTokens() {
	fmt.Println(redact.Tokens(`got "STAGE_45e5704c391db9ba96a831643fb637cd..."`))
	fmt.Println(redact.TokenShaped("STAGE%5F45e5704c391db9ba"))
	// Output:
	// got "[REDACTED]..."
	// true
}

func ExampleSecrets_Text_cut() {
	var s redact.Secrets
	s.Add("STAGE_45e5704c391db9ba96a831643fb637cdeb4d41f00ef0511f50e47aad798c496c")
	// A writer that cut the secret short still does not print its start.
	fmt.Println(s.Text(`got "STAGE_45e5704c391db9ba...`))
	// Output: got "[REDACTED]...
}
