package wepaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/validate"
)

// sharedValidator compiles the contract once for all tests of the package.
var sharedValidator = sync.OnceValues(func() (*validate.Validator, error) { return validate.New() })

var epoch = time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC)

func newServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(t, append([]Option{WithValidator(v)}, opts...)...)
}

// answer is a decoded answer of the fake.
type answer struct {
	Status int
	Body   []byte
}

func (a answer) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.Body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %s", a.Status, err, a.Body)
	}
	return m
}

func (a answer) list(t testing.TB) []map[string]any {
	t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(a.Body, &l); err != nil {
		t.Fatalf("answer %d is not a JSON array: %v: %s", a.Status, err, a.Body)
	}
	return l
}

// wantOK fails unless the answer is a 200 and returns its object.
func (a answer) wantOK(t testing.TB) map[string]any {
	t.Helper()
	if a.Status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", a.Status, a.Body)
	}
	return a.object(t)
}

// wantError fails unless the answer is WePay's error body with the given
// status, category and code.
func (a answer) wantError(t testing.TB, status int, category string, code int) map[string]any {
	t.Helper()
	m := a.object(t)
	if a.Status != status || m["error"] != category || m["error_code"] != float64(code) {
		t.Fatalf("got %d %s, want %d %s/%d", a.Status, a.Body, status, category, code)
	}
	return m
}

// call sends a call through the server's validating client.
func call(t testing.TB, s *Server, token, path string, body any) answer {
	t.Helper()
	return send(t, s.Client(), s.URL+path, map[string]string{"Authorization": "Bearer " + token}, body)
}

// send posts body (a string is sent as is, anything else as JSON) with the
// given headers and Content-Type application/json.
func send(t testing.TB, c *http.Client, url string, headers map[string]string, body any) answer {
	t.Helper()
	var b []byte
	switch x := body.(type) {
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{Status: resp.StatusCode, Body: out}
}

// sendRaw sends a request the validating client would (rightly) complain
// about, and checks only the answer against the contract.
func sendRaw(t testing.TB, s *Server, path string, headers map[string]string, body string) answer {
	t.Helper()
	a := send(t, http.DefaultClient, s.URL+path, headers, body)
	resp := &http.Response{StatusCode: a.Status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.Body))}
	op, _, _ := strings.Cut(path, "?")
	if _, known := s.Handler().Validator().Operation(op); known {
		findings, err := s.Handler().Validator().Response(op, resp)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(t, findings)
	}
	return a
}

// create makes an account for the token's user and returns its id.
func create(t testing.TB, s *Server, token string, body map[string]any) int64 {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	if _, ok := body["name"]; !ok {
		body["name"] = "Corner Bakery"
	}
	if _, ok := body["description"]; !ok {
		body["description"] = "Bread and pastries"
	}
	m := call(t, s, token, "/account/create", body).wantOK(t)
	return int64(m["account_id"].(float64))
}

func idBody(id int64) map[string]any { return map[string]any{"account_id": id} }

// ipnReceiver is a callback_uri that answers with the statuses it is given,
// then 200.
type ipnReceiver struct {
	mu       sync.Mutex
	statuses []int
	got      []*http.Request
	bodies   []string
}

func (r *ipnReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, req)
	r.bodies = append(r.bodies, string(b))
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	w.WriteHeader(status)
}

func (r *ipnReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}
