package validate_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

const policyText = `
strict: true
rules:
  currency-matches-country: off
  unknown-field: warning
ignore:
  - rule: account-name-no-wepay
    pointer: /name
    reason: our shop's legal name contains it; WePay accepted it in 2019
  - rule: schema.type
    files: "legacy/**"
    reason: only for recordings
`

func mustPolicy(t testing.TB, text string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("team.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const createBody = `{"name":"My WePay shop","description":"Cakes","country":"CA","currencies":["USD"],"extra":1,"callback_uri":5}`

func rules(fs []validate.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+string(f.Severity))
	}
	return out
}

func TestWithPolicyBody(t *testing.T) {
	plain, err := validate.New(validate.Strict(true))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := plain.Body("/account/create", spec.Request, []byte(createBody))
	want := []string{"currency-matches-country:error", "unknown-field:error", "account-name-no-wepay:error", "schema.type:error"}
	for _, w := range want {
		if !slices.Contains(rules(raw), w) {
			t.Fatalf("without a policy, %s missing from %v", w, rules(raw))
		}
	}
	v, err := validate.New(validate.WithPolicy(mustPolicy(t, policyText)))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.Body("/account/create", spec.Request, []byte(createBody))
	// off: gone; unknown-field lowered although strict is on; ignored by
	// pointer: gone; a files-only ignore does not apply without a recording.
	if r := rules(got); !slices.Equal(r, []string{"schema.type:error", "unknown-field:warning"}) {
		t.Errorf("with the policy: %v", r)
	}
	if v.Policy() == nil || v.WithoutPolicy().Policy() != nil {
		t.Error("Policy/WithoutPolicy")
	}
	again, _ := v.WithoutPolicy().Body("/account/create", spec.Request, []byte(createBody))
	if len(again) != len(raw) {
		t.Errorf("WithoutPolicy: %v, want %v", rules(again), rules(raw))
	}
}

func TestWithPolicySettings(t *testing.T) {
	bad := &policy.Policy{Config: policy.Config{Environment: "sideways"}}
	if _, err := validate.New(validate.WithPolicy(bad)); err == nil {
		t.Error("a policy with a bad environment built a validator")
	}
	p := mustPolicy(t, "strict: true\nmax-body: 10\n")
	v, err := validate.New(validate.WithPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.Body("/account/find", spec.Request, []byte(`{"zzz":1}`))
	if r := rules(got); !slices.Contains(r, "unknown-field:error") {
		t.Errorf("strict from the file not applied: %v", r)
	}
	// A later option overrides the file.
	v, _ = validate.New(validate.WithPolicy(p), validate.Strict(false))
	got, _ = v.Body("/account/find", spec.Request, []byte(`{"zzz":1}`))
	if r := rules(got); !slices.Contains(r, "unknown-field:warning") {
		t.Errorf("Strict(false) after the policy: %v", r)
	}
}

func TestRuleIDsKnowPolicyIds(t *testing.T) {
	v, _ := validate.New()
	p := mustPolicy(t, policyText)
	if err := p.CheckRules(v.RuleIDs()); err != nil {
		t.Error(err)
	}
	if err := mustPolicy(t, "rules: {unknown-feild: off}").CheckRules(v.RuleIDs()); err == nil || !strings.Contains(err.Error(), "unknown-field") {
		t.Errorf("typo: %v", err)
	}
}

type policyTB struct {
	mu         sync.Mutex
	errs, logs []string
}

func (r *policyTB) Helper() {}
func (r *policyTB) Errorf(f string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(f, a...))
}
func (r *policyTB) Logf(f string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(f, a...))
}

func TestWithPolicyTransportAndMiddleware(t *testing.T) {
	v, err := validate.New(validate.WithPolicy(mustPolicy(t, policyText)))
	if err != nil {
		t.Fatal(err)
	}
	answer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"account_id":1,"name":"My WePay shop","state":"action_required","description":"Cakes","country":"CA","currencies":["CAD"]}`))
	})
	srv := httptest.NewServer(answer)
	defer srv.Close()
	tb := &policyTB{}
	client := &http.Client{Transport: v.Transport(tb, nil)}
	req, _ := http.NewRequest("POST", srv.URL+"/v2/account/create", strings.NewReader(`{"name":"My WePay shop","description":"Cakes","country":"CA","currencies":["USD"]}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, e := range tb.errs {
		if strings.Contains(e, "account-name-no-wepay") || strings.Contains(e, "currency-matches-country") {
			t.Errorf("suppressed finding failed the test: %s", e)
		}
	}
	logged := strings.Join(tb.logs, "\n")
	if !strings.Contains(logged, "ignore by the policy (team.yaml:7: our shop's legal name contains it") || !strings.Contains(logged, "off by the policy") {
		t.Errorf("suppressed findings not logged with their reason:\n%s", logged)
	}

	var seen []validate.Finding
	h := v.Middleware(answer, validate.MiddlewareOptions{Mode: validate.Reject, OnFindings: func(_ *http.Request, fs []validate.Finding) { seen = append(seen, fs...) }})
	r := httptest.NewRequest("POST", "/v2/account/create", strings.NewReader(`{"name":"My WePay shop","description":"Cakes","country":"CA","currencies":["USD"]}`))
	r.Header.Set("Authorization", "Bearer tok")
	r.Header.Set("User-Agent", "wepaykit-tests/1.0")
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || len(seen) != 0 {
		t.Errorf("middleware: status %d, findings %v; want the suppressed findings not to reject", w.Code, rules(seen))
	}
}

// ExampleWithPolicy shows a team policy applied in go test: the same file
// CI passes to wepaykit validate.
func ExampleWithPolicy() {
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
rules:
  currency-matches-country: off
ignore:
  - rule: account-name-no-wepay
    reason: legal name, accepted by WePay in 2019
`))
	if err != nil {
		panic(err)
	}
	v, err := validate.New(validate.WithPolicy(p))
	if err != nil {
		panic(err)
	}
	findings, _ := v.Body("/account/create", spec.Request, []byte(`{"name":"My WePay shop","description":"Cakes","country":"CA","currencies":["USD"]}`))
	fmt.Println(len(findings), "findings")
	// Output:
	// 0 findings
}

func TestWithPolicyStateTracker(t *testing.T) {
	run := func(v *validate.Validator) []validate.Finding {
		tr := v.NewStateTracker()
		tr.ObserveStates("/account/delete", []validate.AccountState{{AccountID: 7, State: "deleted", Pointer: "/state"}})
		return tr.ObserveStates("/account", []validate.AccountState{{AccountID: 7, State: "active", Pointer: "/state"}})
	}
	plain, _ := validate.New()
	if got := rules(run(plain)); !slices.Equal(got, []string{"state-transition:error"}) {
		t.Fatalf("without a policy: %v", got)
	}
	v, err := validate.New(validate.WithPolicy(mustPolicy(t, "ignore:\n  - rule: state-transition\n    operation: /account\n    reason: replayed ids\n")))
	if err != nil {
		t.Fatal(err)
	}
	if got := run(v); len(got) != 0 {
		t.Errorf("with the ignore: %v", rules(got))
	}
}
