package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	localLookup = `{"request":{"method":"POST","url":"http://127.0.0.1:8080/v2/account","headers":{"Authorization":"Bearer t","Content-Type":"application/json","User-Agent":"wepaykit-tests/1.0"},"body":{"account_id":12345}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"account_id":12345,"name":"Example account","state":"active","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","country_options":{"debit_opt_in":null},"currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[]}}}`
	stageLookup = `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer t","Content-Type":"application/json","User-Agent":"wepaykit-tests/1.0"},"body":{"account_id":12345}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"account_id":12345,"name":"Example account","state":"%s","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","country_options":{"debit_opt_in":null},"currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[]}},"time":"%s"}`
	checkout    = `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/checkout/create","headers":{"Authorization":"Bearer t","Content-Type":"application/json","User-Agent":"wepaykit-tests/1.0"},"body":{"account_id":1,"amount":"10.00"}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"checkout_id":9}}}`
)

func writeRec(t *testing.T, dir, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNothingValidatedExits2(t *testing.T) {
	dir := t.TempDir()
	rec := writeRec(t, dir, "rec.jsonl", localLookup, localLookup)
	// Every format in one run (validators are costly under -race).
	args := []string{"validate", "-f", "text"}
	for _, f := range []string{"json", "junit", "github", "sarif"} {
		args = append(args, "-f", f+"="+filepath.Join(dir, "out."+f))
	}
	code, out, errs := wk(t, "", append(args, rec)...)
	want(t, code, 2, out, errs)
	msg := "all 2 entries were sent to 127.0.0.1:8080, which is not a WePay host: add --host 127.0.0.1:8080"
	if !strings.Contains(errs, msg) || !strings.Contains(out, msg) {
		t.Fatalf("stderr %q\nstdout %q", errs, out)
	}
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join(dir, "out."+f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if j := read("json"); !strings.Contains(j, `"validated": 0`) || !strings.Contains(j, msg) {
		t.Fatalf("json: %s", j)
	}
	if x := read("junit"); !strings.Contains(x, `errors="1"`) {
		t.Fatalf("junit is green: %s", x)
	}
	if g := read("github"); !strings.Contains(g, "::error title=nothing validated::"+msg) {
		t.Fatalf("github: %s", g)
	}
	if sa := read("sarif"); !strings.Contains(sa, `"executionSuccessful": false`) {
		t.Fatalf("sarif: %s", sa)
	}
	code, out, errs = wk(t, "", "validate", "--allow-empty", rec)
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "validate", "--host", "127.0.0.1:8080", rec)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "2 entries: 2 validated: 0 errors, 0 warnings") {
		t.Fatalf("with --host: %s", out)
	}
	empty := writeRec(t, t.TempDir(), "empty.har", `{"log":{"entries":[]}}`)
	code, out, errs = wk(t, "", "validate", empty)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "empty.har holds no entries") {
		t.Fatalf("0-entry recording: %q", errs)
	}
}

func TestScopeInTheSummary(t *testing.T) {
	lookup := strings.Replace(strings.Replace(stageLookup, "%s", "active", 1), "%s", "2024-05-01T12:00:00Z", 1)
	other := `{"request":{"method":"GET","url":"https://api.example.com/healthz"},"response":{"status":200,"body":"ok"}}`
	rec := writeRec(t, t.TempDir(), "rec.jsonl", lookup, checkout, lookup, checkout, other)
	code, out, errs := wk(t, "", "validate", rec)
	want(t, code, 0, out, errs)
	if strings.TrimSpace(out) != "5 entries: 2 validated, 2 outside /account (/checkout/create x2), 1 other host (api.example.com): 0 errors, 0 warnings" {
		t.Fatalf("summary %q", out)
	}
	code, out, errs = wk(t, "", "validate", "--scope", "all", rec)
	want(t, code, 1, out, errs)
	if strings.Count(out, "[route-unknown]") != 2 {
		t.Fatalf("--scope all: %s", out)
	}
	code, out, errs = wk(t, "", "validate", "--scope", "some", rec)
	want(t, code, 2, out, errs)
}

func TestDirectoryRecordingsOnly(t *testing.T) {
	dir := t.TempDir()
	at := func(state, tm string) string {
		return strings.Replace(strings.Replace(stageLookup, "%s", state, 1), "%s", tm, 1)
	}
	// Account 12345 of one recording is not account 12345 of another.
	writeRec(t, dir, "a.jsonl", at("deleted", "2024-05-01T12:00:00Z"))
	writeRec(t, dir, "b.jsonl", at("active", "2024-05-01T13:00:00Z"))
	writeRec(t, dir, "fixtures/account.json", `{"account_id":12345,"name":"x"}`)
	writeRec(t, dir, "notes.txt", "hello")
	code, out, errs := wk(t, "", "validate", dir)
	want(t, code, 0, out, errs)
	for _, s := range []string{"account.json: not a recording", "notes.txt: not a recording", "2 entries: 2 validated: 0 errors, 0 warnings"} {
		if !strings.Contains(out, s) {
			t.Fatalf("output lacks %q:\n%s", s, out)
		}
	}
	code, out, errs = wk(t, "", "validate", "--state-across-files", dir)
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "deleted to active") {
		t.Fatalf("--state-across-files: %s", out)
	}
	code, out, errs = wk(t, "", "validate", "--exclude", "b.jsonl", "--exclude", "fixtures", dir)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "1 entry: 1 validated") || strings.Contains(out, "account.json") && !strings.Contains(out, "excluded") {
		t.Fatalf("--exclude: %s", out)
	}
}
