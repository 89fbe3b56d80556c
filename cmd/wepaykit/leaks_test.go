package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// leakTok is a real-shaped stage token (STAGE_ and 64 hex digits).
const leakTok = "STAGE_45e5704c391db9ba96a831643fb637cdeb4d41f00ef0511f50e47aad798c496c"

// leakLine is one JSON-lines exchange: a modify whose request carries
// reqBody (and headers) and whose answer is a full account with resp
// merged in.
func leakLine(t *testing.T, url string, headers map[string]string, reqBody, resp map[string]any) string {
	t.Helper()
	acct := map[string]any{"account_id": 77, "name": "Shop", "state": "active", "description": "d", "owner_user_id": 1,
		"type": "personal", "create_time": 1478291595, "disablement_time": nil, "country": "US", "currencies": []string{"USD"},
		"balances": []any{map[string]any{"currency": "USD", "balance": 1.5, "incoming_pending_amount": 0, "outgoing_pending_amount": 0, "reserved_amount": 0, "withdrawal_period": "monthly", "withdrawal_type": "ach", "withdrawal_next_time": 1370112217, "withdrawal_bank_name": "WellsFargo XXXXX3102"}},
		"statuses": []any{map[string]any{"currency": "USD", "incoming_payments_status": "ok", "outgoing_payments_status": "ok", "account_review_status": "not_requested"}}, "action_reasons": []any{}, "disabled_reasons": []any{},
		"country_options": map[string]any{"debit_opt_in": nil}}
	for k, v := range resp {
		acct[k] = v
	}
	h := map[string]string{"Content-Type": "application/json", "User-Agent": "x", "Authorization": "Bearer STAGE_OK"}
	for k, v := range headers {
		h[k] = v
	}
	line := map[string]any{
		"request":  map[string]any{"method": "POST", "url": url, "headers": h, "body": reqBody},
		"response": map[string]any{"status": 200, "headers": map[string]string{"Content-Type": "application/json"}, "body": acct},
	}
	b, err := json.Marshal(line)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestValidateReportsNeverPrintSecrets validates, in every report format,
// exchanges whose findings would quote a secret: an answer echoing a
// callback_uri with an access_token in its query, a name holding
// "client_secret=...", a token sent as an account_id (whole and cut by
// the message), the same in URL-escaped, JSON-escaped and base64 forms. No
// format may print any of them, and the findings must still be reported.
func TestValidateReportsNeverPrintSecrets(t *testing.T) {
	const u = "https://stage.wepayapi.com/v2/account/modify"
	b64 := base64.StdEncoding.EncodeToString([]byte("Bearer " + leakTok))
	lines := []string{
		leakLine(t, u, nil, map[string]any{"account_id": 77, "callback_uri": "https://x.example.com/ipn?access_token=REQTOKENLEAK"},
			map[string]any{"callback_uri": "https://x.example.com/ipn?access_token=RESPTOKENLEAK"}),
		leakLine(t, u, nil, map[string]any{"account_id": 77, "name": "client_secret=NAMESECRETLEAK"}, nil),
		leakLine(t, u, nil, map[string]any{"account_id": leakTok}, nil),
		leakLine(t, u, nil, map[string]any{"account_id": "STAGE_IDLEAK_as_string"}, nil),
		leakLine(t, u, nil, map[string]any{"account_id": 77, "callback_uri": "https://x.example.com/ipn?access%5Ftoken=PCTKEYLEAK&client_secret=CSLEAK"},
			map[string]any{"callback_uri": "https://x.example.com/ipn"}),
		leakLine(t, u, nil, map[string]any{"account_id": 77, "name": "https%3A%2F%2Fh%2Fi%3Faccess_token%3DNESTEDLEAK"}, nil),
		leakLine(t, u, nil, map[string]any{"account_id": b64}, nil),
		leakLine(t, u, nil, map[string]any{"account_id": "stage_45e5704c391db9ba96a831643fb637cd"}, nil),
		// A token-shaped member name lands in the pointer and the message.
		leakLine(t, u, nil, map[string]any{"account_id": 77, leakTok: 1}, nil),
		// A token in the path and the Authorization cut at a space.
		leakLine(t, u+"/"+leakTok, map[string]string{"Authorization": "Bearer STAGE_A SECONDWORDLEAK1"}, map[string]any{"account_id": 77}, nil),
	}
	// The JSON-escaped spelling of a member name is written raw.
	lines = append(lines, strings.Replace(leakLine(t, u, nil, map[string]any{"account_id": 77, "callback_uri": "https://x.example.com/ipn?ACCESSTOKEN=JSONESCLEAK"}, nil),
		"ACCESSTOKEN", `access\u005ftoken`, 1))
	dir := t.TempDir()
	rec := filepath.Join(dir, "leak.jsonl")
	if err := os.WriteFile(rec, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	leaks := []string{"TOKENLEAK", "NAMESECRETLEAK", "45e5704c", "IDLEAK", "PCTKEYLEAK", "CSLEAK", "NESTEDLEAK", b64[:24], "SECONDWORDLEAK1", "JSONESCLEAK"}
	for _, f := range []string{"text", "json", "sarif", "junit", "github"} {
		code, out, errb := runCLI("validate", "-f", f, rec)
		if code != exitFindings {
			t.Fatalf("-f %s: exit %d, want %d\n%s\n%s", f, code, exitFindings, out, errb)
		}
		for _, l := range leaks {
			if strings.Contains(out, l) || strings.Contains(errb, l) {
				t.Errorf("-f %s prints %q:\n%s", f, l, grepLines(out+errb, l))
			}
		}
		for _, rule := range []string{"response-echoes-request", "schema.type"} {
			if !strings.Contains(out, rule) {
				t.Errorf("-f %s lost the %s findings:\n%s", f, rule, out)
			}
		}
	}
}

// grepLines returns the lines of s that hold sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeErrorBodiesAndRecordingNeverQuoteTokens sends serve a user's
// token by mistake in a body field, in several spellings, and checks that
// neither the error body nor the --record file holds any part of it (the
// request side was redacted before; the answer quoted 38 of the 64 hex
// digits back).
func TestServeErrorBodiesAndRecordingNeverQuoteTokens(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "rec.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout lockedBuffer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := serve(ctx, serveOptions{addr: "127.0.0.1:0", seed: 7, users: 1, record: rec}, &stdout, io.Discard); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := waitFor(t, &stdout, regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/v2)\n`))[1]
	tok := waitFor(t, &stdout, regexp.MustCompile(`token=(STAGE_[0-9a-f]{64})\n`))[1]
	hex := tok[len("STAGE_"):]
	other := "STAGE_0123456789abcdef0123456789abcdef" // token-shaped, not this user's
	bodies := []string{
		`{"account_id":"` + tok + `"}`,
		`{"account_id":"` + other + `"}`,
		`{"account_id":"STAGE\u005f` + hex + `"}`,
		`{"account_id":"` + base64.StdEncoding.EncodeToString([]byte("Bearer "+tok)) + `"}`,
		// A query quoted cut short: the token in it is there in part.
		`{"account_id":"h?access_token=` + tok + `"}`,
		`{"account_id":"` + strings.Replace(tok, "_", "%5F", 1) + `"}`,
	}
	var answers []string
	for _, b := range bodies {
		for _, path := range []string{"/account", "/account/modify"} {
			req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(b))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "leak-test")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s %.80s: status %d, want 400: %s", path, b, resp.StatusCode, a)
			}
			answers = append(answers, string(a))
		}
	}
	cancel()
	wg.Wait()
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2*len(bodies) {
		t.Fatalf("%d recorded exchanges, want %d", n, 2*len(bodies))
	}
	for _, part := range []string{hex[:8], hex[20:28], "0123456789abcdef", "QmVhcmVyIFNUQUdF"} {
		for i, a := range answers {
			if strings.Contains(a, part) {
				t.Errorf("error body %d quotes %q: %s", i, part, a)
			}
		}
		if strings.Contains(string(data), part) {
			t.Errorf("recording holds %q:\n%s", part, grepLines(string(data), part))
		}
	}
	if !strings.Contains(answers[0], `"reason_code":"schema.type"`) || !strings.Contains(answers[0], "[REDACTED]") {
		t.Errorf("the error body no longer explains the refusal: %s", answers[0])
	}
}
