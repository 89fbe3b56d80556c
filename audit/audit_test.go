package audit_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

func run(t *testing.T, o audit.Options, in ...audit.Input) *audit.Result {
	t.Helper()
	res, err := audit.Run(context.Background(), newValidator(t), in, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestEntryIndexCountsSkipped(t *testing.T) {
	data := har(lookup(t0), ex{url: "https://api.example.com/x", req: "{}", resp: "{}"}, create("My WePay shop"))
	res := run(t, audit.Options{KeepExchanges: true}, input("rec.har", data))
	if res.Entries != 3 || res.Skipped != 1 || res.Files[0].Skipped != 1 || res.Files[0].Format != traffic.FormatHAR {
		t.Fatalf("entries=%d skipped=%d files=%+v", res.Entries, res.Skipped, res.Files)
	}
	if diff := cmp.Diff([]string{"rec.har:2:account-name-no-wepay"}, rules(res)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	f := res.Findings[0]
	if f.Line != 4 || f.Method != "POST" || f.Operation != "/account/create" {
		t.Fatalf("finding %+v", f)
	}
	if len(res.Exchanges) != 3 || res.Exchanges[1].Skipped != "api.example.com" || res.Exchanges[2].Operation != "/account/create" {
		t.Fatalf("exchanges %+v", res.Exchanges)
	}
}

func TestDeterministic(t *testing.T) {
	data := manyHAR(300)
	var first *audit.Result
	for _, w := range []int{1, 4, 8} {
		res := run(t, audit.Options{Workers: w}, input("a.har", data), input("b.har", data))
		if first == nil {
			first = res
			if len(res.Findings) == 0 {
				t.Fatal("no findings")
			}
			continue
		}
		if diff := cmp.Diff(first.Findings, res.Findings); diff != "" || first.Entries != res.Entries || first.Skipped != res.Skipped {
			t.Fatalf("workers=%d differs (-1 worker +%d):\n%s", w, w, diff)
		}
	}
}

func TestStateTransitionsInTimeOrderAcrossFiles(t *testing.T) {
	a := har(lookup(t0), lookup(t0.Add(2*time.Minute)))
	b := har(del(t0.Add(time.Minute)))
	res := run(t, audit.Options{Workers: 3, StateAcrossFiles: true}, input("a.har", a), input("b.har", b))
	if diff := cmp.Diff([]string{"a.har:1:state-transition"}, rules(res)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if f := res.Findings[0]; f.Pointer != "/state" || f.Operation != "/account" || !strings.Contains(f.Message, "deleted to active") {
		t.Fatalf("finding %+v", f)
	}
	// Within one file, time order wins over file order.
	res = run(t, audit.Options{}, input("c.har", har(lookup(t0), lookup(t0.Add(2*time.Minute)), del(t0.Add(time.Minute)))))
	if diff := cmp.Diff([]string{"c.har:1:state-transition"}, rules(res)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
}

func TestStateTransitionInFind(t *testing.T) {
	find := ex{url: stage + "/account/find", req: `{}`, status: 200, resp: "[" + active + "]", time: t0.Add(time.Minute)}
	res := run(t, audit.Options{}, input("f.har", har(del(t0), find)))
	var got *audit.EntryFinding
	for i, f := range res.Findings {
		if f.Rule == validate.RuleStateTransition {
			got = &res.Findings[i]
		}
	}
	if got == nil || got.Entry != 1 || got.Pointer != "/0/state" || got.Operation != "/account/find" {
		t.Fatalf("state finding %+v in %v", got, rules(res))
	}
}

func TestTruncatedFileKeepsEarlierEntries(t *testing.T) {
	data := har(create("My WePay shop"), lookup(t0))
	cut := data[:len(data)-40]
	res := run(t, audit.Options{}, input("cut.har", cut))
	if diff := cmp.Diff([]string{"cut.har:0:account-name-no-wepay"}, rules(res)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	var fe *traffic.FileError
	if len(res.Errors) != 1 || !errors.As(res.Errors[0], &fe) || fe.File != "cut.har" || fe.Line == 0 {
		t.Fatalf("errors %v", res.Errors)
	}
	if !res.Fatal() || res.Files[0].Err == nil {
		t.Fatal("not fatal")
	}
}

func TestDamagedEntryContinues(t *testing.T) {
	jsonl := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer t","Content-Type":"application/json"},"body":{"account_id":1}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"account_id":1}}}
{"request": broken
{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/create","headers":{"Authorization":"Bearer t","Content-Type":"application/json"},"body":{"name":"WePay fan","description":"d"}}}
`
	res := run(t, audit.Options{}, input("x.jsonl", []byte(jsonl)))
	var ee *traffic.EntryError
	if len(res.Errors) != 1 || !errors.As(res.Errors[0], &ee) || ee.Entry != 1 || ee.Line != 2 {
		t.Fatalf("errors %v", res.Errors)
	}
	if !res.Damaged() || res.Fatal() || res.Entries != 3 {
		t.Fatalf("damaged=%v fatal=%v entries=%d", res.Damaged(), res.Fatal(), res.Entries)
	}
	if !hasRule(res, "account-name-no-wepay") {
		t.Fatalf("entry after the damage not validated: %v", rules(res))
	}
}

func TestOpenAndFormatErrors(t *testing.T) {
	bad := audit.Input{Name: "gone.har", Open: func() (io.ReadCloser, error) { return nil, errors.New("permission denied") }}
	res := run(t, audit.Options{}, bad, input("junk.bin", []byte("\x00\x01\x02garbage")), input("ok.har", har(create("WePay"))))
	var oe *audit.OpenError
	var fe *traffic.FileError
	if len(res.Errors) != 2 || !errors.As(res.Errors[0], &oe) || oe.File != "gone.har" || !errors.As(res.Errors[1], &fe) || fe.File != "junk.bin" {
		t.Fatalf("errors %v", res.Errors)
	}
	if !hasRule(res, "account-name-no-wepay") {
		t.Fatal("the readable file was not validated")
	}
}

func TestBodyTooLarge(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", 500) + `","description":"d"}`
	x := ex{url: stage + "/account/create", req: big, status: 200, resp: strings.Repeat(" ", 300) + "{}"}
	res := run(t, audit.Options{MaxBody: 200}, input("big.har", har(x)))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Side+" "+f.Rule)
	}
	if diff := cmp.Diff([]string{"request body-too-large", "response body-too-large"}, got); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if !strings.Contains(res.Findings[0].Message, "over the 200-byte limit") {
		t.Fatal(res.Findings[0].Message)
	}
}

func TestInvalidUTF8Body(t *testing.T) {
	x := ex{url: stage + "/account", req: `{"account_id":12345}`, status: 200, resp: "BODY"}
	b64 := base64.StdEncoding.EncodeToString([]byte(`{"name":"caf` + "\xe9" + `"}`))
	data := strings.Replace(string(har(x)), `"text":"BODY"`, `"text":"`+b64+`","encoding":"base64"`, 1)
	res := run(t, audit.Options{}, input("utf.har", []byte(data)))
	if !hasRule(res, validate.RuleJSONInvalidUTF8) {
		t.Fatalf("no encoding finding: %v %v", rules(res), res.Errors)
	}
}

func TestProgressAndCancel(t *testing.T) {
	calls := 0
	res := run(t, audit.Options{Progress: func(n int, d time.Duration) { calls++ }}, input("m.har", manyHAR(50)))
	if calls == 0 || res.Entries != 50 {
		t.Fatalf("progress calls=%d entries=%d", calls, res.Entries)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := audit.Run(ctx, newValidator(t), []audit.Input{input("m.har", manyHAR(50))}, audit.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestSecretsNotInFindings(t *testing.T) {
	x := ex{url: stage + "/account?access_token=SECRET_abc_123", req: `{"account_id":12345,"client_secret":"SECRET_def_456"}`, status: 200, resp: active}
	res := run(t, audit.Options{}, input("s.har", har(x)))
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "SECRET_") || strings.Contains(f.Operation, "SECRET_") {
			t.Fatalf("secret in %+v", f)
		}
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
}
