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
