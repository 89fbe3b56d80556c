package wepaytest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wepaykit/wepaykit/spec"
)

// browser starts a headless Chromium for the test, or skips the test
// saying why when none can be started. WEPAYKIT_CHROMIUM names the binary;
// otherwise /usr/bin/chromium or one on PATH.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("WEPAYKIT_CHROMIUM")
	if path == "" {
		for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("SKIP: no Chromium found (/usr/bin/chromium, chromium on PATH or WEPAYKIT_CHROMIUM): the KYC page was not tested in a browser")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Skipf("SKIP: Chromium at %s could not be started (%v): the KYC page was not tested in a browser", path, err)
	}
	return ctx
}

// partnerSite is the platform's site: the page KYC redirects to, and a page
// that frames the KYC page.
type partnerSite struct {
	*httptest.Server
	mu     sync.Mutex
	landed []string // paths the browser was sent to
	frame  string   // the URI the framing page shows
}

func newPartnerSite(t *testing.T) *partnerSite {
	p := &partnerSite{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/frame" {
			p.mu.Lock()
			src := p.frame
			p.mu.Unlock()
			_, _ = w.Write([]byte(`<!DOCTYPE html><html><body><h1>Partner</h1><iframe id="kyc" width="600" height="900" src="` + src + `"></iframe></body></html>`))
			return
		}
		if r.URL.Path != "/favicon.ico" {
			p.mu.Lock()
			p.landed = append(p.landed, r.URL.RequestURI())
			p.mu.Unlock()
		}
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><body><p id="welcome">Welcome back</p></body></html>`))
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *partnerSite) lands() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.landed...)
}

// kycSetup makes an account with a callback and asks for its update URI.
func kycSetup(t *testing.T, mode, redirect string) (*Server, int64, string, *ipnReceiver) {
	t.Helper()
	s := NewServer(t)
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	t.Cleanup(cb.Close)
	u := s.NewUser("u")
	id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn"})
	req := map[string]any{"account_id": id, "mode": mode, "prefill_info": map[string]any{
		"name":          map[string]any{"first": "Kevin", "last": "Tester", "middle": "M"},
		"email":         "kevin@example.com",
		"phone":         map[string]any{"country_code": "+1", "phone_number": "5556667777"},
		"address":       map[string]any{"address1": "123 Main street", "postal_code": "12345", "country": "US"},
		"date_of_birth": map[string]any{"year": 1980, "month": 7, "day": 4},
	}}
	if redirect != "" {
		req["redirect_uri"] = redirect
	}
	uri, _ := call(t, s, u.Token, "/account/get_update_uri", req).wantOK(t)["uri"].(string)
	return s, id, uri, rcv
}

// TestKYCPageInBrowserRegular: a person opens the link, finds the form
// prefilled, adds a bank, submits, lands on redirect_uri, and the account is
// active with its IPN sent.
func TestKYCPageInBrowserRegular(t *testing.T) {
	ctx := browser(t)
	site := newPartnerSite(t)
	s, id, uri, rcv := kycSetup(t, "regular", site.URL+"/kyc-done?shop=7")

	if err := chromedp.Do(ctx, chromedp.Navigate(uri), chromedp.WaitVisible(chromedp.ID("kyc"))); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"first": "Kevin", "middle": "M", "last": "Tester", "email": "kevin@example.com",
		"address1": "123 Main street", "postal_code": "12345", "country": "US", "date_of_birth": "1980-07-04", "phone_number": "5556667777"} {
		got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(field)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("field %s prefilled with %q, want %q", field, got, want)
		}
	}
	mode, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.mode`))
	if err != nil || mode != "regular" {
		t.Errorf("mode %q (%v)", mode, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("city"), "Palo Alto"),
		chromedp.SetValue(chromedp.ID("routing_number"), "021000021"),
		chromedp.SetValue(chromedp.ID("account_number"), "000123456789"),
		chromedp.Click(chromedp.ID("submit")),
		chromedp.WaitVisible(chromedp.ID("welcome")),
	); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || loc != site.URL+"/kyc-done?shop=7" {
		t.Errorf("browser at %q (%v), want the redirect_uri", loc, err)
	}
	if st, _ := s.AccountState(id); st != spec.StateActive {
		t.Errorf("after the KYC page: %s, want active", st)
	}
	if rcv.count() != 1 {
		t.Errorf("%d IPNs, want 1", rcv.count())
	}
	// The link is spent: "Do not store the returned URI on your side as it can change."
	if err := chromedp.Do(ctx, chromedp.Navigate(uri)); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if !strings.Contains(body, "not valid") {
		t.Errorf("a used link shows %q", body)
	}
}

// TestKYCPageInBrowserIframe: the partner frames the page (mode iframe);
// submitting it inside the frame completes KYC and takes the whole window to
// redirect_uri. A page in regular mode refuses to be framed.
func TestKYCPageInBrowserIframe(t *testing.T) {
	ctx := browser(t)
	site := newPartnerSite(t)
	s, id, uri, _ := kycSetup(t, "iframe", site.URL+"/after-kyc")
	site.mu.Lock()
	site.frame = uri
	site.mu.Unlock()

	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/frame"), chromedp.WaitVisible(chromedp.ID("kyc"))); err != nil {
		t.Fatal(err)
	}
	frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe#kyc")))
	if err != nil || len(frames) != 1 {
		t.Fatalf("iframe: %v %d", err, len(frames))
	}
	in := chromedp.FromNode(frames[0])
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("first"), in)); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("first"), in))
	if err != nil || first != "Kevin" {
		t.Fatalf("framed form: first %q (%v)", first, err)
	}
	headers, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("header"), in, chromedp.AtLeast(0)))
	if err != nil || len(headers) != 0 {
		t.Errorf("iframe mode shows page chrome (%d headers, %v)", len(headers), err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("submit"), in), chromedp.WaitVisible(chromedp.ID("welcome"))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if loc != site.URL+"/after-kyc" {
		t.Errorf("top window at %q, want the redirect_uri", loc)
	}
	// KYC is done; the bank is still owed.
	if st, _ := s.AccountState(id); st != spec.StateActionRequired {
		t.Errorf("state %s, want action_required (bank_account still owed)", st)
	}
	if lands := site.lands(); len(lands) != 1 || lands[0] != "/after-kyc" {
		t.Errorf("partner saw %v", lands)
	}
}
