package conformance_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/validate"
)

// The mutation test: a proxy in front of a correct implementation (the
// fake server) plants one defect at a time, and the suite must catch each,
// with a state driver and without one, wherever the defect can be reached
// through the public API.

// exchange is what the proxy forwards and what came back.
type exchange struct {
	path   string
	req    map[string]any // the request body, decoded (nil when not a JSON object)
	status int
	body   []byte
}

// mutant plants one defect: in the request before the fake sees it, in
// the answer after, or both. Each hook may be nil.
type mutant struct {
	name string
	// request changes the request body (decoded) before it is forwarded;
	// it returns false to leave the raw body as it was.
	request func(m *memory, path string, body map[string]any) bool
	// answer changes the answer.
	answer func(m *memory, x *exchange)
	// driverOnly: the defect is reachable only through the state driver.
	driverOnly bool
	// want are checks that must be among the failures (with a driver when
	// listed in withDriver, else in both runs).
	want []string
	// minChecks is the least number of failing checks (0: 1).
	minChecks int
	// wantRules are rules that must be among the causes.
	wantRules []string
}

// memory is what a mutant remembers across calls.
type memory struct {
	mu      sync.Mutex
	deleted map[int64]map[string]any // the account as it was before its delete
}

// proxy forwards every call to the fake's handler with the mutant's
// defect.
func proxy(h http.Handler, mu mutant) http.Handler {
	m := &memory{deleted: map[int64]map[string]any{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&body) != nil {
			body = nil
		}
		if mu.request != nil && body != nil && mu.request(m, r.URL.Path, body) {
			raw, _ = json.Marshal(body)
		}
		// Remember a deleted account's last answer, for the mutants that
		// bring it back.
		if r.URL.Path == "/v2/account/delete" && body != nil {
			before := forward(h, r, "/v2/account", raw)
			x := forward(h, r, r.URL.Path, raw)
			var acct map[string]any
			if x.status == http.StatusOK && json.Unmarshal(before.body, &acct) == nil {
				id, _ := body["account_id"].(json.Number).Int64()
				m.mu.Lock()
				m.deleted[id] = acct
				m.mu.Unlock()
			}
			reply(w, mu, m, x)
			return
		}
		reply(w, mu, m, forward(h, r, r.URL.Path, raw))
	})
}

func forward(h http.Handler, r *http.Request, path string, raw []byte) *exchange {
	in := httptest.NewRequest(r.Method, path, bytes.NewReader(raw))
	in.Header = r.Header.Clone()
	in.URL.RawQuery = r.URL.RawQuery
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, in)
	var body map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	_ = dec.Decode(&body)
	return &exchange{path: path, req: body, status: rec.Code, body: rec.Body.Bytes()}
}

func reply(w http.ResponseWriter, mu mutant, m *memory, x *exchange) {
	if mu.answer != nil {
		mu.answer(m, x)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(x.status)
	_, _ = w.Write(x.body)
}

// editJSON decodes an answer, lets f change it and encodes it again.
func editJSON(x *exchange, f func(v any) any) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(x.body))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return
	}
	x.body, _ = json.Marshal(f(v))
}

// accountObjects calls f on every account object of an answer.
func accountObjects(v any, f func(map[string]any)) any {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["account_id"]; ok {
			if _, ok := x["state"]; ok {
				f(x)
			}
		}
	case []any:
		for _, e := range x {
			accountObjects(e, f)
		}
	}
	return v
}

func accountIDOf(body map[string]any) int64 {
	n, _ := body["account_id"].(json.Number)
	id, _ := n.Int64()
	return id
}

func mutants() []mutant {
	errorBody := func(f func(m map[string]any)) func(*memory, *exchange) {
		return func(_ *memory, x *exchange) {
			if x.status < 400 {
				return
			}
			editJSON(x, func(v any) any {
				if m, ok := v.(map[string]any); ok {
					f(m)
				}
				return v
			})
		}
	}
	return []mutant{
		{name: "deleted-account-looks-up-active",
			// /account for a deleted account answers 200 and state active.
			answer: func(m *memory, x *exchange) {
				if x.path != "/v2/account" {
					return
				}
				m.mu.Lock()
				acct, ok := m.deleted[accountIDOf(x.req)]
				m.mu.Unlock()
				if ok {
					acct["state"], acct["action_reasons"], acct["disabled_reasons"], acct["disablement_time"] = "active", []any{}, []any{}, nil
					x.status, x.body = http.StatusOK, mustJSON(acct)
				}
			},
			want: []string{"states/deleted-is-terminal", "states/action_required->deleted"}},
		{name: "find-lists-deleted",
			answer: func(m *memory, x *exchange) {
				if x.path != "/v2/account/find" || x.status != http.StatusOK {
					return
				}
				name, _ := x.req["name"].(string)
				m.mu.Lock()
				defer m.mu.Unlock()
				editJSON(x, func(v any) any {
					list, _ := v.([]any)
					for _, acct := range m.deleted {
						if acct["name"] == name {
							list = append(list, acct)
						}
					}
					return list
				})
			},
			want: []string{"find/no-deleted", "states/deleted-is-terminal"}},
		{name: "modify-revives-deleted",
			answer: func(m *memory, x *exchange) {
				if x.path != "/v2/account/modify" || x.status < 400 {
					return
				}
				m.mu.Lock()
				acct, ok := m.deleted[accountIDOf(x.req)]
				m.mu.Unlock()
				if ok {
					x.status, x.body = http.StatusOK, mustJSON(acct)
				}
			},
			want: []string{"states/deleted-is-terminal"}},
		{name: "sort-order-reversed",
			answer: func(_ *memory, x *exchange) {
				if x.path == "/v2/account/find" && x.status == http.StatusOK {
					editJSON(x, func(v any) any {
						list, _ := v.([]any)
						slices.Reverse(list)
						return list
					})
				}
			},
			want: []string{"find/sort-order", "find/pagination", "find/limit"}, minChecks: 3,
			// The accounts of a run have distinct create_times, so the
			// contract's rule sees the order too.
			wantRules: []string{"find-sorted"}},
		{name: "limit-ignored",
			request: func(_ *memory, path string, body map[string]any) bool {
				if path != "/v2/account/find" {
					return false
				}
				if n, ok := body["limit"].(json.Number); ok && n.String() != "51" {
					delete(body, "limit")
					return true
				}
				return false
			},
			want: []string{"find/pagination", "find/limit"}, minChecks: 2, wantRules: []string{"find-within-limit"}},
		{name: "start-ignored",
			request: func(_ *memory, path string, body map[string]any) bool {
				if path == "/v2/account/find" {
					delete(body, "start")
					return true
				}
				return false
			},
			want: []string{"find/pagination"}},
		{name: "name-length-not-enforced",
			request: func(_ *memory, path string, body map[string]any) bool {
				if name, ok := body["name"].(string); ok && len([]rune(name)) > 255 && path != "/v2/account/find" {
					body["name"] = string([]rune(name)[:255])
					return true
				}
				return false
			},
			want: []string{"lengths/account/create/name", "lengths/account/modify/name"}},
		{name: "enum-not-enforced",
			request: func(_ *memory, path string, body map[string]any) bool {
				if t, ok := body["type"].(string); ok && path == "/v2/account/create" && t != "personal" && t != "nonprofit" && t != "business" {
					body["type"] = "personal"
					return true
				}
				return false
			},
			want: []string{"enums/account/create/type"}},
		{name: "required-not-enforced",
			request: func(_ *memory, path string, body map[string]any) bool {
				if _, ok := body["name"]; !ok && path == "/v2/account/create" {
					body["name"] = "Filled In"
					return true
				}
				return false
			},
			want: []string{"required/account/create/name"}},
		{name: "error-code-missing",
			answer: errorBody(func(m map[string]any) { delete(m, "error_code") }),
			want:   []string{"errors/unknown-account", "errors/unknown-call"}, minChecks: 20},
		{name: "wrong-error-code",
			answer: errorBody(func(m map[string]any) {
				if m["error_code"] == json.Number("1003") {
					m["error_code"] = 1004
				}
			}),
			want: []string{"lengths/account/create/name", "find/limit-over-maximum"}, minChecks: 20},
		{name: "unknown-account-wrong-code",
			answer: errorBody(func(m map[string]any) {
				if m["error_code"] == json.Number("3001") {
					m["error_code"] = 3002
				}
			}),
			want: []string{"errors/unknown-account"}},
		{name: "missing-balances-and-statuses",
			answer: func(_ *memory, x *exchange) {
				if x.status == http.StatusOK {
					editJSON(x, func(v any) any {
						return accountObjects(v, func(a map[string]any) { delete(a, "balances"); delete(a, "statuses") })
					})
				}
			},
			want: []string{"responses/account", "responses/account/create"}, minChecks: 20},
		{name: "auth-ignored", // see ignoreAuth
			want: []string{"auth/no-authorization", "auth/not-bearer", "auth/unknown-token", "auth/revoked-token"}},
		{name: "new-account-active",
			answer: func(_ *memory, x *exchange) {
				if x.path == "/v2/account/create" && x.status == http.StatusOK {
					editJSON(x, func(v any) any {
						return accountObjects(v, func(a map[string]any) { a["state"] = "active" })
					})
				}
			},
			want: []string{"responses/account/create"}},
		{name: "disabled-reports-active",
			driverOnly: true,
			answer: func(_ *memory, x *exchange) {
				if x.path == "/v2/account" && x.status == http.StatusOK {
					editJSON(x, func(v any) any {
						return accountObjects(v, func(a map[string]any) {
							if a["state"] == "disabled" {
								a["state"], a["disabled_reasons"], a["disablement_time"] = "active", []any{}, nil
							}
						})
					})
				}
			},
			want: []string{"states/action_required->disabled"}},
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// ignoreAuth is the auth-ignored mutant's handler: a request without a
// valid Bearer token gets the owner's.
func ignoreAuth(h http.Handler, valid ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !slices.Contains(valid, tok) {
			r.Header.Set("Authorization", "Bearer "+valid[0])
		}
		h.ServeHTTP(w, r)
	})
}

// mutantTarget starts a fake behind the mutant's proxy; withDriver gives
// the target the fake's driver. The fake runs on a manual clock that the
// target may move (an implementation's clock, not a state change).
func mutantTarget(t *testing.T, v *validate.Validator, mu mutant, withDriver bool) conformance.Target {
	t.Helper()
	return mutantTargetOn(t, v, mu, withDriver, wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC)))
}

// mutantTargetOn is mutantTarget on the given clock; the fakes share one
// validator, the expensive part of building one.
func mutantTargetOn(t *testing.T, v *validate.Validator, mu mutant, withDriver bool, clock wepaytest.Clock) conformance.Target {
	t.Helper()
	h, err := wepaytest.New(wepaytest.WithHTTPClient(noNetworkClient()), wepaytest.WithClock(clock), wepaytest.WithValidator(v))
	if err != nil {
		t.Fatal(err)
	}
	user, other, gone := h.NewUser("owner"), h.NewUser("other"), h.NewUser("revoked")
	if err := h.RevokeToken(gone.Token); err != nil {
		t.Fatal(err)
	}
	var front http.Handler = proxy(h, mu)
	if mu.name == "auth-ignored" {
		front = ignoreAuth(front, user.Token, other.Token)
	}
	t.Cleanup(h.Close)
	// In process: the proxy is an http.Handler in front of the fake's, so
	// the many runs of this test cost no sockets.
	target := conformance.Target{Handler: front, Token: user.Token, OtherToken: other.Token,
		RevokedToken: gone.Token, Clock: h.Driver()}
	if withDriver {
		target.Driver = h.Driver()
	}
	return target
}

// TestMutants: every single-defect mutant of a correct implementation is
// caught, with a state driver and, unless the defect is reachable only
// through the driver, without one; the unmutated proxy passes both ways.
func TestMutants(t *testing.T) {
	t.Parallel()
	v := sharedValidator(t)
	all := append([]mutant{{name: "none"}}, mutants()...)
	for _, mu := range all {
		for _, withDriver := range []bool{true, false} {
			if mu.driverOnly && !withDriver {
				continue
			}
			name := mu.name + "/without-driver"
			if withDriver {
				name = mu.name + "/with-driver"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				failed, _, res := outcome(t, mutantTarget(t, v, mu, withDriver))
				if mu.name == "none" {
					if len(failed) > 0 {
						t.Fatalf("the proxy without a defect fails %v", failed)
					}
					return
				}
				if len(failed) == 0 {
					t.Fatalf("mutant %s survived: no check failed", mu.name)
				}
				if min := max(mu.minChecks, 1); len(failed) < min {
					t.Errorf("mutant %s: %d checks failed (%v), want at least %d", mu.name, len(failed), failed, min)
				}
				for _, w := range mu.want {
					if !slices.Contains(failed, w) && (withDriver || !needsDriver(w)) {
						t.Errorf("mutant %s: %s did not fail; failed: %v", mu.name, w, failed)
					}
				}
				for _, rule := range mu.wantRules {
					if !hasRule(res, rule) {
						t.Errorf("mutant %s: no failure of rule %s", mu.name, rule)
					}
				}
				t.Logf("mutant %s caught by %d checks", mu.name, len(failed))
			})
		}
	}
}

func sharedValidator(t *testing.T) *validate.Validator {
	t.Helper()
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func hasRule(res []conformance.Result, rule string) bool {
	for _, r := range res {
		for _, f := range r.Failures {
			if f.Rule == rule {
				return true
			}
		}
	}
	return false
}

// TestMutantsWithoutClock: a target whose clock cannot be moved gets
// distinct create_times by waiting, so the order and limit mutants are
// caught by the contract's rules too (the find checks only: the waits are
// real seconds).
func TestMutantsWithoutClock(t *testing.T) {
	t.Parallel()
	v := sharedValidator(t)
	for _, mu := range mutants() {
		if mu.name != "sort-order-reversed" && mu.name != "limit-ignored" {
			continue
		}
		t.Run(mu.name, func(t *testing.T) {
			t.Parallel()
			target := mutantTargetOn(t, v, mu, false, wepaytest.RealClock{})
			target.Clock, target.Run = nil, "^find/"
			failed, _, res := outcome(t, target)
			for _, w := range mu.want {
				if !slices.Contains(failed, w) {
					t.Errorf("%s did not fail; failed: %v", w, failed)
				}
			}
			for _, rule := range mu.wantRules {
				if !hasRule(res, rule) {
					t.Errorf("no failure of rule %s", rule)
				}
			}
		})
	}
}

// needsDriver reports the checks that run only with a driver.
func needsDriver(check string) bool {
	switch check {
	case "states/action_required->disabled", "states/active->deleted", "states/disabled->deleted", "states/deleted-refuses-driver":
		return true
	}
	return false
}
