package wepaytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestAuth(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("carol")
	gone := s.NewUser("dave")
	if err := s.RevokeToken(gone.Token); err != nil {
		t.Fatal(err)
	}
	body := `{"name":"Carol Cakes","description":"cakes"}`
	json := map[string]string{"Content-Type": "application/json"}
	with := func(auth string) map[string]string {
		return map[string]string{"Content-Type": "application/json", "Authorization": auth}
	}
	cases := []struct {
		name     string
		path     string
		headers  map[string]string
		body     string
		status   int
		category string
		code     int
		reason   string // a details reason_code the answer must carry
	}{
		{"no header", "/account/create", json, body, 400, "invalid_request", CodeMissingHeader, "auth-bearer-required"},
		{"basic scheme", "/account/create", with("Basic Y2Fyb2w6cHc="), body, 400, "invalid_request", CodeMissingHeader, "auth-bearer-required"},
		{"bearer without token", "/account/create", with("Bearer "), body, 400, "invalid_request", CodeMissingHeader, "auth-bearer-required"},
		{"unknown token", "/account/create", with("Bearer STAGE_nosuchtoken"), body, 401, "access_denied", CodeUnknownToken, ""},
		{"revoked token", "/account/create", with("Bearer " + gone.Token), body, 401, "access_denied", CodeTokenRevoked, ""},
		{"token in query too", "/account/create?access_token=" + u.Token, with("Bearer " + u.Token), body, 400, "invalid_request", CodeInvalidParameter, "token-in-parameter"},
		{"token in body too", "/account/create", with("Bearer " + u.Token), `{"name":"Carol Cakes","description":"cakes","access_token":"` + u.Token + `"}`, 400, "invalid_request", CodeInvalidParameter, "token-in-parameter"},
		// Without a header the missing header (1002) outranks the parameter
		// (1003) in validate.ErrorBody; the details still name both.
		{"token only in query", "/account/create?access_token=" + u.Token, json, body, 400, "invalid_request", CodeMissingHeader, "token-in-parameter"},
		{"unknown call", "/account/explode", with("Bearer " + u.Token), "{}", 404, "invalid_request", CodeUnknownCall, "route-unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := sendRaw(t, s, c.path, c.headers, c.body)
			m := a.wantError(t, c.status, c.category, c.code)
			if c.reason != "" && !strings.Contains(string(a.Body), `"reason_code":"`+c.reason+`"`) {
				t.Errorf("details do not name %s: %s", c.reason, a.Body)
			}
			if strings.Contains(string(a.Body), u.Token) || strings.Contains(string(a.Body), gone.Token) {
				t.Errorf("the answer repeats a token: %s", a.Body)
			}
			if c.status == 401 && m["error_description"] == "" {
				t.Errorf("no description: %s", a.Body)
			}
		})
	}
	if l := call(t, s, u.Token, "/account/find", "").list(t); len(l) != 0 {
		t.Errorf("a refused create made an account: %v", l)
	}
	if err := s.RevokeToken("STAGE_unknown"); !isCode(err, CodeUnknownToken) {
		t.Errorf("RevokeToken(unknown) = %v", err)
	}
}

func TestInvalidBodiesNameTheField(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("erin")
	auth := map[string]string{"Authorization": "Bearer " + u.Token}
	cases := []struct {
		path, body string
		code       int
		target     string
	}{
		{"/account/create", `{"name":"My WePay Shop","description":"x"}`, CodeInvalidParameter, "name"},
		{"/account/create", `{"name":"Shop"}`, 1004, ""},
		{"/account/create", `{"name":"Shop","description":"x","country":"CA","currencies":["USD"]}`, CodeInvalidParameter, "currencies/0"},
		{"/account/create", `{"name":`, 1005, ""},
		{"/account/find", `{"limit":51}`, CodeInvalidParameter, "limit"},
		{"/account/settlement_setup", `{"account_id":1,"settlement_method":{"send_check_to_address":{"address1":"1 Main St","city":"Austin","region":"TX","postal_code":"78701","country":"US"}},"frequency":"daily"}`, CodeInvalidParameter, "frequency"},
	}
	for _, c := range cases {
		a := sendRaw(t, s, c.path, auth, c.body)
		m := a.wantError(t, 400, "invalid_request", c.code)
		if c.target == "" {
			continue
		}
		var found bool
		for _, d := range m["details"].([]any) {
			for _, tg := range d.(map[string]any)["target"].([]any) {
				found = found || tg == c.target
			}
		}
		if !found {
			t.Errorf("%s %s: details do not name %s: %s", c.path, c.body, c.target, a.Body)
		}
	}
}

func isCode(err error, code int) bool {
	e, ok := err.(*APIError)
	return ok && e.Code == code
}

// TestErrorBodiesAreWePays checks an error answer of each kind against the
// Error schema field by field (the validating client checks them too).
func TestErrorBodiesAreWePays(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("frank")
	a := call(t, s, u.Token, "/account", idBody(1))
	a.wantError(t, 404, "invalid_request", CodeAccountNotFound)
	var e map[string]json.RawMessage
	if err := json.Unmarshal(a.Body, &e); err != nil {
		t.Fatal(err)
	}
	for k := range e {
		switch k {
		case "error", "error_description", "error_code":
		default:
			t.Errorf("unexpected member %s in %s", k, a.Body)
		}
	}
}

// recTB records what the validating client reports.
type recTB struct {
	mu     sync.Mutex
	errors []string
}

func (r *recTB) Helper()             {}
func (r *recTB) Logf(string, ...any) {}
func (r *recTB) Errorf(f string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
}

// TestClientValidates shows that Client() reports a broken exchange: a test
// whose requests break the contract fails.
func TestClientValidates(t *testing.T) {
	rec := &recTB{}
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, rec, []Option{WithValidator(v)})
	resp, err := s.Client().Post(s.URL+"/account", "application/json", strings.NewReader(`{"account_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "auth-bearer-required") {
		t.Errorf("status %d, reported %q", resp.StatusCode, rec.errors)
	}
}

// TestSeed: the same seed hands out the same ids and tokens, another seed
// others.
func TestSeed(t *testing.T) {
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	draw := func(seed int64) (int64, string) {
		h, err := New(WithValidator(v), WithSeed(seed))
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		u := h.NewUser("x")
		return u.ID, u.Token
	}
	id1, tok1 := draw(42)
	id2, tok2 := draw(42)
	id3, tok3 := draw(43)
	if id1 != id2 || tok1 != tok2 {
		t.Errorf("seed 42 twice: %d %s, %d %s", id1, tok1, id2, tok2)
	}
	if tok1 == tok3 || id1 == id3 {
		t.Errorf("seeds 42 and 43 agree: %d %s", id3, tok3)
	}
}

// TestSeedConcurrentUsers: users made from many goroutines get the same
// (id, token) pairs as users made one after another with the same seed.
func TestSeedConcurrentUsers(t *testing.T) {
	const goroutines, each = 8, 50
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	fresh := func() *Handler {
		h, err := New(WithValidator(v), WithSeed(42))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(h.Close)
		return h
	}
	want := map[User]bool{}
	h := fresh()
	for range goroutines * each {
		u := h.NewUser("x")
		want[*u] = true
	}
	h = fresh()
	got := make(chan User, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				got <- *h.NewUser("x")
			}
		}()
	}
	wg.Wait()
	close(got)
	for u := range got {
		if !want[u] {
			t.Fatalf("concurrent NewUser gave id %d token %s, a pair the sequential run with the same seed did not", u.ID, u.Token)
		}
	}
}
