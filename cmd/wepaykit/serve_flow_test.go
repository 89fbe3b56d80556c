package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestServeFlowRecordedAndValidated runs the flow a new user would run
// against `wepaykit serve`, over real HTTP: create, look up, find, modify,
// complete KYC, set up settlement, receive IPNs (with retries) at a local
// listener, try another user's account, delete. The recording the server
// writes must then pass `wepaykit validate`.
func TestServeFlowRecordedAndValidated(t *testing.T) {
	var hits atomic.Int32
	ipn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("account_id") == "" || r.URL.Query().Get("shop") != "1" {
			t.Errorf("IPN without account_id or lost its query: %v %v", r.PostForm, r.URL)
		}
		if hits.Add(1) <= 2 {
			w.WriteHeader(http.StatusInternalServerError) // the first two attempts fail
		}
	}))
	defer ipn.Close()

	rec := filepath.Join(t.TempDir(), "flow.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		o := serveOptions{addr: "127.0.0.1:0", seed: 3, users: 2, admin: true, manual: true, record: rec}
		if err := serve(ctx, o, pw, io.Discard); err != nil {
			t.Errorf("serve: %v", err)
		}
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base, root string
	var tokens []string
	var adminTok string
	for lines.Scan() {
		l := lines.Text()
		switch {
		case strings.HasPrefix(l, "WePay /account fake at "):
			base = strings.TrimPrefix(l, "WePay /account fake at ")
			root = strings.TrimSuffix(base, "/v2")
		case strings.HasPrefix(l, "admin token="):
			adminTok = strings.TrimPrefix(l, "admin token=")
		case strings.HasPrefix(l, "user "):
			tokens = append(tokens, l[strings.Index(l, "token=")+6:])
		}
		if strings.HasPrefix(l, "recording") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || len(tokens) != 2 {
		t.Fatalf("serve printed no URL or tokens: %q %q", base, tokens)
	}

	call := func(token, path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		b, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(b, &out)
		return resp.StatusCode, out
	}
	admin := func(path string, body string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, root+"/admin/"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+adminTok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("admin %s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}

	code, acct := call(tokens[0], "/account/create", fmt.Sprintf(`{"name":"Cake Shop","description":"cakes","reference_id":"r1","callback_uri":"%s/ipn?shop=1"}`, ipn.URL))
	if code != 200 || acct["state"] != "action_required" {
		t.Fatalf("create: %d %v", code, acct)
	}
	id := int64(acct["account_id"].(float64))
	if code, a := call(tokens[0], "/account", fmt.Sprintf(`{"account_id":%d}`, id)); code != 200 || a["name"] != "Cake Shop" {
		t.Fatalf("lookup: %d %v", code, a)
	}
	call(tokens[0], "/account/find", `{"reference_id":"r1"}`)
	if code, a := call(tokens[0], "/account/modify", fmt.Sprintf(`{"account_id":%d,"description":"cakes and pies"}`, id)); code != 200 || a["description"] != "cakes and pies" {
		t.Fatalf("modify: %d %v", code, a)
	}
	admin("complete_kyc", fmt.Sprintf(`{"account_id":%d}`, id))
	if code, a := call(tokens[0], "/account/settlement_setup", fmt.Sprintf(`{"account_id":%d,"settlement_method":{"settlement_bank_id":77},"frequency":"weekly"}`, id)); code != 200 || a["method"] != "ach" {
		t.Fatalf("settlement_setup: %d %v", code, a)
	}
	if code, a := call(tokens[0], "/account", fmt.Sprintf(`{"account_id":%d}`, id)); code != 200 || a["state"] != "active" {
		t.Fatalf("after settlement the account should be active: %d %v", code, a)
	}
	admin("advance", `{"seconds": 900}`)  // first retry, 15 minutes on
	admin("advance", `{"seconds": 1800}`) // second retry, 30 minutes after it
	if n := hits.Load(); n != 3 {
		t.Fatalf("want 3 IPN attempts (two failures, one retry that succeeds), got %d", n)
	}
	if code, e := call(tokens[1], "/account", fmt.Sprintf(`{"account_id":%d}`, id)); code != 401 || e["error_code"] != 3002.0 {
		t.Fatalf("another user's access must be refused with 401/3002: %d %v", code, e)
	}
	if code, a := call(tokens[0], "/account/delete", fmt.Sprintf(`{"account_id":%d}`, id)); code != 200 || a["state"] != "deleted" {
		t.Fatalf("delete: %d %v", code, a)
	}
	if code, e := call(tokens[0], "/account", fmt.Sprintf(`{"account_id":%d}`, id)); code != 400 || e["error_code"] != 3003.0 {
		t.Fatalf("a deleted account answers 3003: %d %v", code, e)
	}
	cancel()
	wg.Wait()

	// The help text promises the recording is "ready for 'wepaykit validate
	// FILE'": run exactly that command, with no extra flag.
	var help, herr strings.Builder
	run([]string{"serve", "--help"}, strings.NewReader(""), &help, &herr)
	m := regexp.MustCompile(`'wepaykit (validate FILE)'`).FindStringSubmatch(strings.Join(strings.Fields(help.String()), " "))
	if m == nil {
		t.Fatalf("serve --help no longer names the validate command:\n%s", help.String())
	}
	args := strings.Fields(strings.Replace(m[1], "FILE", rec, 1))
	var out, errb strings.Builder
	vcode := run(args, strings.NewReader(""), &out, &errb)
	if vcode != exitOK || !strings.HasSuffix(out.String(), "9 entries: 9 validated: 0 errors, 0 warnings\n") {
		t.Fatalf("the recorded flow must pass %q: exit %d\n%s\n%s", args, vcode, out.String(), errb.String())
	}
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"url":"https://stage.wepayapi.com/v2/account/create"`) || !strings.Contains(string(data), `"sent_to":"`+root+`"`) {
		t.Fatalf("recording does not use the stage URL and keep the real address:\n%s", data)
	}
	// The recording keeps the client's User-Agent (Go's default here), so
	// that rule user-agent-required judges what the client really sent.
	if !strings.Contains(string(data), `"User-Agent":["Go-http-client/1.1"]`) {
		t.Fatalf("recording lost the client's User-Agent:\n%s", data)
	}
	out.Reset()
	vcode = run([]string{"validate", "--format", "json", rec}, strings.NewReader(""), &out, &errb)
	var rep struct {
		Entries, Validated, Skipped int
		Findings                    []map[string]any
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("validate output: %v\n%s\n%s", err, out.String(), errb.String())
	}
	if vcode != exitOK || rep.Entries != 9 || rep.Validated != 9 || rep.Skipped != 0 || len(rep.Findings) != 0 {
		t.Fatalf("the recorded flow must pass validate: exit %d, %d entries, %d validated, %d skipped, findings %v\n%s", vcode, rep.Entries, rep.Validated, rep.Skipped, rep.Findings, errb.String())
	}
}

// TestServePendingRecordedAndValidated: with --admin, a temporary access
// token from /admin/temporary_users creates an account in pending, which
// /admin/set_state then confirms; moving an action_required account into
// pending is refused (409), so the account keeps answering
// action_required. The recording passes `wepaykit validate` with no
// finding: no answer makes a transition the state table forbids.
func TestServePendingRecordedAndValidated(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "pending.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		o := serveOptions{addr: "127.0.0.1:0", seed: 5, users: 1, admin: true, manual: true, record: rec}
		if err := serve(ctx, o, pw, io.Discard); err != nil {
			t.Errorf("serve: %v", err)
		}
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base, adminTok, token string
	for lines.Scan() {
		l := lines.Text()
		switch {
		case strings.HasPrefix(l, "WePay /account fake at "):
			base = strings.TrimPrefix(l, "WePay /account fake at ")
		case strings.HasPrefix(l, "admin token="):
			adminTok = strings.TrimPrefix(l, "admin token=")
		case strings.HasPrefix(l, "user "):
			token = l[strings.Index(l, "token=")+6:]
		}
		if strings.HasPrefix(l, "recording") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || adminTok == "" || token == "" {
		t.Fatalf("serve printed no URL, admin token or user token: %q %q %q", base, adminTok, token)
	}
	root := strings.TrimSuffix(base, "/v2")
	post := func(url, auth, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+auth)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		b, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(b, &out)
		return resp.StatusCode, out
	}
	state := func(tok string, id int64) any {
		t.Helper()
		code, a := post(base+"/account", tok, fmt.Sprintf(`{"account_id":%d}`, id))
		if code != 200 {
			t.Fatalf("/account: %d %v", code, a)
		}
		return a["state"]
	}

	code, u := post(root+"/admin/temporary_users", adminTok, `{"name":"newcomer"}`)
	tmp, _ := u["access_token"].(string)
	if code != 200 || tmp == "" || u["temporary"] != true {
		t.Fatalf("/admin/temporary_users: %d %v", code, u)
	}
	code, a := post(base+"/account/create", tmp, `{"name":"Pie Shop","description":"pies"}`)
	if code != 200 || a["state"] != "pending" {
		t.Fatalf("create with a temporary token: %d %v", code, a)
	}
	id := int64(a["account_id"].(float64))
	if st := state(tmp, id); st != "pending" {
		t.Fatalf("/account answers %v, want pending", st)
	}
	if code, a := post(root+"/admin/set_state", adminTok, fmt.Sprintf(`{"account_id":%d,"state":"active"}`, id)); code != 200 || a["state"] != "active" {
		t.Fatalf("set_state active: %d %v", code, a)
	}
	if st := state(tmp, id); st != "active" {
		t.Fatalf("/account answers %v, want active", st)
	}

	// An account that has moved (create, then set_state active) is never
	// put back into pending.
	code, a = post(base+"/account/create", token, `{"name":"Cake Shop","description":"cakes"}`)
	if code != 200 || a["state"] != "action_required" {
		t.Fatalf("create: %d %v", code, a)
	}
	plain := int64(a["account_id"].(float64))
	if code, a := post(root+"/admin/set_state", adminTok, fmt.Sprintf(`{"account_id":%d,"state":"active"}`, plain)); code != 200 || a["state"] != "active" {
		t.Fatalf("set_state active: %d %v", code, a)
	}
	code, e := post(root+"/admin/set_state", adminTok, fmt.Sprintf(`{"account_id":%d,"state":"pending"}`, plain))
	if desc, _ := e["error_description"].(string); code != http.StatusConflict || e["error_code"] != 1003.0 ||
		!strings.Contains(desc, "only an initial state") || !strings.Contains(desc, "/admin/temporary_users") {
		t.Fatalf("set_state pending on an active account: %d %v, want 409 naming /admin/temporary_users", code, e)
	}
	if st := state(token, plain); st != "active" {
		t.Fatalf("after the refusal /account answers %v", st)
	}
	cancel()
	wg.Wait()

	var out, errb strings.Builder
	vcode := run([]string{"validate", rec}, strings.NewReader(""), &out, &errb)
	if vcode != exitOK || !strings.HasSuffix(out.String(), "5 entries: 5 validated: 0 errors, 0 warnings\n") {
		t.Fatalf("the recording must validate clean: exit %d\n%s\n%s", vcode, out.String(), errb.String())
	}
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `\"state\":\"pending\"`) && !strings.Contains(string(data), `"state":"pending"`) {
		t.Fatalf("the recording holds no pending answer:\n%s", data)
	}
	if strings.Contains(string(data), tmp) || strings.Contains(string(data), "temporary_users") {
		t.Fatalf("the recording shows the temporary token or an admin route:\n%s", data)
	}
}
