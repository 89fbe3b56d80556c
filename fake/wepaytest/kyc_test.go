package wepaytest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestKYCPageOverHTTP checks the page without a browser: framing headers per
// mode, prefilled values escaped, refusals of a bad link and of a form
// missing required fields, and the redirect.
func TestKYCPageOverHTTP(t *testing.T) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	s, id, uri, rcv := kycSetup(t, "regular", "https://partner.example.com/done")
	resp, err := noRedirect.Get(uri)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("regular page: %d, X-Frame-Options %q", resp.StatusCode, resp.Header.Get("X-Frame-Options"))
	}
	_, _, iframeURI, _ := kycSetup(t, "iframe", "")
	resp, err = noRedirect.Get(iframeURI)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("X-Frame-Options") != "" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors") {
		t.Fatalf("iframe page headers: %v", resp.Header)
	}
	for _, bad := range []string{uri + "x", strings.Replace(uri, "/"+itoa(id)+"/", "/1/", 1)} {
		if resp, err := noRedirect.Get(bad); err != nil || resp.StatusCode != 404 {
			t.Errorf("%s: %v %v", bad, resp.StatusCode, err)
		}
	}
	form := url.Values{"first": {"Kevin"}, "last": {"Tester"}, "email": {"k@example.com"}, "address1": {"1 Main"},
		"postal_code": {"12345"}, "country": {"US"}}
	resp, err = noRedirect.PostForm(uri, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("without a date of birth: %d", resp.StatusCode)
	}
	form.Set("date_of_birth", "1980-07-04")
	resp, err = noRedirect.PostForm(uri, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "https://partner.example.com/done" {
		t.Fatalf("submit: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if st, _ := s.AccountState(id); st != spec.StateActionRequired || rcv.count() != 0 {
		t.Fatalf("KYC without a bank: %s, %d IPNs (KYC alone changes no state)", st, rcv.count())
	}
}

func TestKYCPageEscapesPrefill(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	id := create(t, s, u.Token, nil)
	req := map[string]any{"account_id": id, "prefill_info": map[string]any{"name": map[string]any{"first": `"><script>alert(1)</script>`, "last": "X"}}}
	uri, _ := call(t, s, u.Token, "/account/get_update_uri", req).wantOK(t)["uri"].(string)
	resp, err := http.Get(uri)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := new(strings.Builder)
	_, _ = io.Copy(buf, resp.Body)
	if strings.Contains(buf.String(), "<script>alert(1)") {
		t.Fatal("prefill is not escaped")
	}
}
