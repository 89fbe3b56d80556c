package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

// By default each input is its own recording: the same account id in two
// files is two accounts.
func TestStatePerRecording(t *testing.T) {
	a := har(lookup(t0), lookup(t0.Add(2*time.Minute)))
	b := har(del(t0.Add(time.Minute)))
	res := run(t, audit.Options{}, input("a.har", a), input("b.har", b))
	if len(res.Findings) != 0 {
		t.Fatalf("ids of two recordings were mixed: %v", rules(res))
	}
}

func TestScopeCounts(t *testing.T) {
	checkout := ex{url: stage + "/checkout/create", req: `{"account_id":1,"amount":"10"}`, resp: `{"checkout_id":1}`, noAuth: true}
	token := ex{url: stage + "/oauth2/token", req: `{"client_id":1,"client_secret":"s3cr3t"}`, resp: `{"access_token":"x"}`, noAuth: true}
	other := ex{url: "https://api.example.com/healthz", req: "", resp: "ok"}
	typo := ex{url: stage + "/acount/create", req: `{"name":"a","description":"b"}`, resp: "{}"}
	rec := har(lookup(t0), checkout, lookup(t0.Add(time.Minute)), checkout, token, other, typo)
	res := run(t, audit.Options{}, input("a.har", rec))
	if diff := cmp.Diff([]string{"a.har:6:route-unknown"}, rules(res)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if res.Entries != 7 || res.Validated != 3 || res.OutOfScope != 3 || res.Skipped != 1 {
		t.Fatalf("entries %d validated %d out of scope %d skipped %d", res.Entries, res.Validated, res.OutOfScope, res.Skipped)
	}
	want := []audit.Count{{Key: "/checkout/create", N: 2}, {Key: "/oauth2/token", N: 1}}
	if diff := cmp.Diff(want, res.OutOfScopeCalls); diff != "" {
		t.Fatalf("out of scope (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]audit.Count{{Key: "api.example.com", N: 1}}, res.OtherHosts); diff != "" {
		t.Fatalf("hosts (-want +got):\n%s", diff)
	}
	res = run(t, audit.Options{Scope: validate.ScopeAll}, input("a.har", rec))
	if diff := cmp.Diff([]string{"a.har:1:route-unknown", "a.har:3:route-unknown", "a.har:4:route-unknown", "a.har:6:route-unknown"}, rules(res)); diff != "" {
		t.Fatalf("scope all (-want +got):\n%s", diff)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "s3cr3t") {
			t.Fatal("secret in a message")
		}
	}
}

func TestVersionHints(t *testing.T) {
	old := func(x ex) ex { x.version = "2014-01-08"; return x }
	missing := ex{url: stage + "/account", req: `{"account_id":12345}`, status: 200, resp: `{"account_id":12345,"name":"x"}`}
	res := run(t, audit.Options{}, input("a.har", har(old(missing), old(lookup(t0)), old(missing), lookup(t0))))
	want := []audit.VersionHint{{File: "a.har", Version: "2014-01-08", Exchanges: 3, Contract: "2019-04-03"}}
	if diff := cmp.Diff(want, res.VersionHints); diff != "" {
		t.Fatalf("hints (-want +got):\n%s", diff)
	}
	if got := want[0].String(); got != "3 exchanges declare Api-Version 2014-01-08; the contract describes 2019-04-03: required-member findings may be version drift" {
		t.Fatalf("String: %s", got)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == validate.RuleSchemaRequired {
			n++
			if f.APIVersion != "2014-01-08" {
				t.Fatalf("finding without its version: %+v", f)
			}
		}
	}
	if n == 0 {
		t.Fatal("no schema.required finding")
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 entries", 1: "1 entry", 2: "2 entries"} {
		if got := audit.Plural(n, "entry", "entries"); got != want {
			t.Errorf("Plural(%d) = %q", n, got)
		}
	}
}

func TestNothingValidated(t *testing.T) {
	local := ex{url: "http://127.0.0.1:8080/v2/account", req: `{"account_id":1}`, resp: active}
	res := run(t, audit.Options{}, input("rec.har", har(local, local, local)))
	want := "all 3 entries were sent to 127.0.0.1:8080, which is not a WePay host: add --host 127.0.0.1:8080"
	if got := res.NothingValidated(); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	res = run(t, audit.Options{Hosts: []string{"127.0.0.1:8080"}}, input("rec.har", har(local, local, local)))
	if got := res.NothingValidated(); got != "" || res.Validated != 3 {
		t.Fatalf("with the host: %q, %d validated", got, res.Validated)
	}
	checkout := ex{url: stage + "/checkout/create", req: `{}`, resp: `{}`}
	res = run(t, audit.Options{}, input("rec.har", har(checkout)))
	if got := res.NothingValidated(); got != "the only entry is a WePay call outside /account (/checkout/create), which the contract does not cover (--scope all reports them as route-unknown)" {
		t.Fatalf("out of scope: %q", got)
	}
	res = run(t, audit.Options{}, input("rec.har", []byte(`{"log":{"entries":[]}}`)))
	if got := res.NothingValidated(); got != "rec.har holds no entries" {
		t.Fatalf("empty: %q", got)
	}
}
