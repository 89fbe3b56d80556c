package conformance

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedactorEscapedForms(t *testing.T) {
	const tok = "abc+def/ghi=jkl"
	r := newRedactor(tok, "", "abc+def") // the second token is part of the first
	for _, form := range []string{tok, url.QueryEscape(tok), url.PathEscape(tok)} {
		if got := r.apply("x " + form + " y"); got != "x "+redacted+" y" {
			t.Errorf("apply(%q) = %q", form, got)
		}
	}
}

func TestSummarizeRedactsBeforeCutting(t *testing.T) {
	const tok = "STAGE_0123456789abcdef0123456789abcdef"
	r := newRedactor(tok)
	got := r.summarize([]byte(`{"error_description":"` + tok + ` is not a token this server knows","access_token":"x"}`))
	if strings.Contains(got, tok[:8]) || !strings.Contains(got, redacted) {
		t.Errorf("summarize = %s", got)
	}
}

// TestErrorOnce: conformance.Run reports each failure of a check, but
// the sent and got of an answer only with the first failure found in it.
func TestErrorOnce(t *testing.T) {
	one := func(msg, sent string) *CheckError {
		return &CheckError{Check: "enums/x", Call: "/account/create", Msg: msg, Sent: sent, Got: "HTTP 200 {}"}
	}
	seen := map[[2]string]bool{}
	var out []string
	for _, e := range []*CheckError{one("a", "POST 1"), one("b", "POST 1"), one("c", "POST 2"), {Check: "enums/x", Msg: "d"}, {Check: "enums/x", Msg: "e"}} {
		out = append(out, e.errorOnce(seen))
	}
	all := strings.Join(out, "\n")
	if strings.Count(all, "sent: POST 1") != 1 || strings.Count(all, "sent: POST 2") != 1 || strings.Count(all, "got:  HTTP 200") != 2 {
		t.Errorf("sent and got not once per answer:\n%s", all)
	}
	if !strings.Contains(out[1], "enums/x: b\n\tcall: /account/create\n\t(sent and got as above)") || out[3] != "conformance: enums/x: d" || out[4] != "conformance: enums/x: e" {
		t.Errorf("failures:\n%s", all)
	}
}
