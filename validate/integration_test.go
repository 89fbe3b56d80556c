package validate_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// recTB records what the test integrations report.
type recTB struct {
	mu     sync.Mutex
	errors []string
	logs   []string
}

func (r *recTB) Helper() {}
func (r *recTB) Errorf(f string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
}
func (r *recTB) Logf(f string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(f, a...))
}

const goodAccount = `{"account_id":12345,"name":"Example account","state":"active","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[],"country_options":{"debit_opt_in":null}}`

func server(body string, status int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
}

func TestTransportFailsOnViolation(t *testing.T) {
	srv := server(strings.Replace(goodAccount, `"active"`, `"sleeping"`, 1), 200)
	defer srv.Close()
	tb := &recTB{}
	c := &http.Client{Transport: validate.Transport(tb, nil)}
	req, _ := http.NewRequest("POST", srv.URL+"/v2/account", strings.NewReader(`{"account_id":12345}`))
	req.Header.Set("Authorization", "Bearer tok_SECRET_abc123")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), "sleeping") {
		t.Fatalf("the caller did not get the body back: %q", b)
	}
	if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "/state") || !strings.Contains(tb.errors[0], "schema.enum") {
		t.Fatalf("want one schema.enum error at /state, got %q", tb.errors)
	}
	for _, e := range append(tb.errors, tb.logs...) {
		if strings.Contains(e, "tok_SECRET") {
			t.Fatalf("secret leaked: %s", e)
		}
	}
}

func TestTransportQuietOnValid(t *testing.T) {
	srv := server(goodAccount, 200)
	defer srv.Close()
	tb := &recTB{}
	c := &http.Client{Transport: validate.Transport(tb, nil)}
	req, _ := http.NewRequest("POST", srv.URL+"/v2/account", strings.NewReader(`{"account_id":12345}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	if _, err := c.Do(req); err != nil {
		t.Fatal(err)
	}
	if len(tb.errors)+len(tb.logs) != 0 {
		t.Fatalf("valid exchange reported: %q %q", tb.errors, tb.logs)
	}
}

func TestMiddlewareRejects(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	called := false
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }), validate.MiddlewareOptions{Mode: validate.Reject})
	cases := []struct {
		body, auth string
		status     int
		code       string
	}{
		{`{"description":"x"}`, "Bearer t", 400, `"error_code":1004`},
		{`{"name":"x","description":"x","country":"FR"}`, "Bearer t", 400, `"error_code":1003`},
		{`{"name":`, "Bearer t", 400, `"error_code":1005`},
		{`{"name":"a","description":"b"}`, "", 400, `"error_code":1002`},
	}
	for _, c := range cases {
		called = false
		rr := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/v2/account/create", strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
			req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		}
		h.ServeHTTP(rr, req)
		if rr.Code != c.status || !strings.Contains(rr.Body.String(), c.code) || !strings.Contains(rr.Body.String(), `"invalid_request"`) || called {
			t.Errorf("%s: got %d %s (handler called %v), want %d with %s", c.body, rr.Code, rr.Body, called, c.status, c.code)
		}
	}
	rr := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/v2/account/create", strings.NewReader(`{"name":"a","description":"b"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	h.ServeHTTP(rr, req)
	if !called {
		t.Fatal("a valid request did not reach the handler")
	}
}

func TestMiddlewareValidatesResponses(t *testing.T) {
	v, _ := validate.New()
	var got []validate.Finding
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"account_id":1,"state":"active"}`)
	}), validate.MiddlewareOptions{ValidateResponses: true, OnFindings: func(r *http.Request, f []validate.Finding) { got = append(got, f...) }})
	rr := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/v2/account/delete", strings.NewReader(`{"account_id":1}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	h.ServeHTTP(rr, req)
	if rr.Body.String() != `{"account_id":1,"state":"active"}` {
		t.Fatalf("response body changed: %s", rr.Body)
	}
	if len(got) != 1 || got[0].Rule != "delete-reports-deleted" || got[0].Pointer != "/state" {
		t.Fatalf("want delete-reports-deleted at /state, got %+v", got)
	}
}

func TestStateTracker(t *testing.T) {
	v, _ := validate.New()
	tr := v.NewStateTracker()
	steps := []struct {
		op, body string
		bad      bool
	}{
		{"/account/create", `{"account_id":7,"state":"action_required"}`, false},
		{"/account", `{"account_id":7,"state":"active"}`, false},
		{"/account/delete", `{"account_id":7,"state":"deleted"}`, false},
		{"/account/find", `[{"account_id":7,"state":"active"},{"account_id":8,"state":"pending"}]`, true},
		{"/account", `{"account_id":8,"state":"pending"}`, false},
	}
	for i, s := range steps {
		fs := tr.Observe(s.op, []byte(s.body))
		if (len(fs) > 0) != s.bad {
			t.Fatalf("step %d: findings %+v, want bad=%v", i, fs, s.bad)
		}
		if s.bad && (fs[0].Rule != validate.RuleStateTransition || fs[0].Pointer != "/0/state") {
			t.Fatalf("step %d: %+v", i, fs[0])
		}
	}
}

func TestErrorBodyValidates(t *testing.T) {
	v, _ := validate.New()
	_, body := validate.ErrorBody([]validate.Finding{{Rule: "schema.maxLength", Severity: validate.SeverityError, Location: validate.InBody, Pointer: "/name", Message: "too long"}})
	resp := &http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(string(body)))}
	fs, err := v.Response("/account/create", resp)
	if err != nil || len(fs) != 0 {
		t.Fatalf("our own error body does not validate: %v %+v (%s)", err, fs, body)
	}
}

func TestUnknownSchemeIsNotEchoed(t *testing.T) {
	v, _ := validate.New()
	for _, auth := range []string{"SECRETTOKEN123 x", "SECRETTOKEN123", "Basic dXNlcjpwYXNz"} {
		req, _ := http.NewRequest("POST", "https://stage.wepayapi.com/v2/account", strings.NewReader(`{"account_id":1}`))
		req.Header.Set("Authorization", auth)
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		req.Header.Set("Content-Type", "application/json")
		fs, _ := v.Request(req)
		if len(fs) != 1 || fs[0].Rule != "auth-bearer-required" {
			t.Fatalf("%q: %+v", auth, fs)
		}
		if strings.Contains(fs[0].Message, "SECRETTOKEN") || strings.Contains(fs[0].Message, "dXNlcjpwYXNz") {
			t.Fatalf("%q: the credential is echoed: %s", auth, fs[0].Message)
		}
	}
}

func TestNilInputsAreErrors(t *testing.T) {
	v, _ := validate.New()
	var ie *validate.InputError
	if _, err := v.Request(nil); !errors.As(err, &ie) {
		t.Fatalf("Request(nil): %v", err)
	}
	if _, err := v.Request(&http.Request{Method: "POST"}); !errors.As(err, &ie) {
		t.Fatalf("Request without URL: %v", err)
	}
	if _, err := v.Response("/account", nil); !errors.As(err, &ie) {
		t.Fatalf("Response(nil): %v", err)
	}
	if _, err := v.Exchange(nil, nil); !errors.As(err, &ie) {
		t.Fatalf("Exchange(nil, nil): %v", err)
	}
}

func exchange(t *testing.T, v *validate.Validator, host, path, reqBody string, status int, respBody string) []validate.Finding {
	t.Helper()
	req := httptest.NewRequest("POST", "https://"+host+"/v2"+path, strings.NewReader(reqBody))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(status)
	rec.WriteString(respBody)
	fs, err := v.Exchange(req, rec.Result())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestFindLimitCappedAtTheSpecMaximum(t *testing.T) {
	v, _ := validate.New()
	items := make([]string, 51)
	for i := range items {
		items[i] = strings.Replace(goodAccount, `12345`, fmt.Sprint(51-i), 1)
	}
	fs := exchange(t, v, "stage.wepayapi.com", "/account/find", `{"limit":100}`, 200, "["+strings.Join(items, ",")+"]")
	found := false
	for _, f := range fs {
		found = found || f.Rule == "find-within-limit"
	}
	if !found {
		t.Fatalf("51 accounts for limit 100 (maximum 50) must break find-within-limit: %v", fs)
	}
}

func TestStateTrackerKeepsEnvironmentsApart(t *testing.T) {
	v, _ := validate.New()
	tr := v.NewStateTracker()
	stage := []validate.AccountState{{AccountID: 9, State: "deleted", Environment: validate.EnvStage}}
	prod := []validate.AccountState{{AccountID: 9, State: "pending", Environment: validate.EnvProduction}}
	if fs := append(tr.ObserveStates("/account", stage), tr.ObserveStates("/account", prod)...); len(fs) != 0 {
		t.Fatalf("the same id in stage and production is two accounts: %v", fs)
	}
	if fs := tr.ObserveStates("/account", []validate.AccountState{{AccountID: 9, State: "active", Environment: validate.EnvStage}}); len(fs) != 1 {
		t.Fatalf("deleted -> active in stage must be reported: %v", fs)
	}
}

func TestEchoAcceptsDigitStringAccountID(t *testing.T) {
	// quirk settlement-account-id-type: "12345" names account 12345, so a
	// string id is reported once (by the schema, where it is not allowed),
	// not again as an answer that contradicts its request.
	v, _ := validate.New()
	fs := exchange(t, v, "stage.wepayapi.com", "/account", `{"account_id":"12345"}`, 200, goodAccount)
	if len(fs) != 1 || fs[0].Rule != "schema.type" || fs[0].Side != "request" {
		t.Fatalf("want one schema.type finding on the request: %v", fs)
	}
}

// TestWithSpecUsesItsOwnSchemas: a partner's spec that tightens a limit is
// enforced on bodies without passing WithSchemas.
func TestWithSpecUsesItsOwnSchemas(t *testing.T) {
	src := strings.Replace(string(spec.Embedded()), "          maximum: 50\n          default: 50\n", "          maximum: 4\n          default: 3\n", 1)
	sp, err := spec.Parse([]byte(src), "partner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New(validate.WithSpec(sp))
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := v.Body("/account/find", spec.Request, []byte(`{"limit":5}`))
	if len(fs) != 1 || fs[0].Rule != "schema.maximum" || fs[0].Pointer != "/limit" {
		t.Fatalf("the partner's maximum of 4 is not enforced: %v", fs)
	}
}
