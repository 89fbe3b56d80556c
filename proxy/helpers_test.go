package proxy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

var sharedValidator = sync.OnceValues(func() (*validate.Validator, error) { return validate.New() })

func newValidator(t testing.TB) *validate.Validator {
	t.Helper()
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// events collects what the proxy reports.
type events struct {
	mu  sync.Mutex
	all []proxy.Event
	txt bytes.Buffer
}

func (e *events) add(ev proxy.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, ev)
	proxy.TextPrinter(&e.txt)(ev)
}

func (e *events) list() []proxy.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]proxy.Event(nil), e.all...)
}

func (e *events) text() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.txt.String()
}

// rig is a proxy in front of an upstream, both on loopback.
type rig struct {
	proxy  *proxy.Proxy
	front  *httptest.Server
	events *events
	record string // the recording file
	rec    *os.File
}

func newRig(t *testing.T, upstream string, o proxy.Options) *rig {
	t.Helper()
	r := &rig{events: &events{}, record: filepath.Join(t.TempDir(), "rec.jsonl")}
	f, err := os.Create(r.record)
	if err != nil {
		t.Fatal(err)
	}
	r.rec = f
	t.Cleanup(func() { f.Close() })
	o.OnEvent = r.events.add
	o.Recorder = traffic.NewJSONLWriter(f)
	p, err := proxy.New(newValidator(t), upstream, o)
	if err != nil {
		t.Fatal(err)
	}
	r.proxy = p
	r.front = httptest.NewServer(p)
	t.Cleanup(r.front.Close)
	return r
}

// fakeUpstream is wepaytest as the upstream, with one user.
func fakeUpstream(t *testing.T) (*httptest.Server, *wepaytest.User, *wepaytest.Handler) {
	t.Helper()
	return fakeUpstreamWith(t, nil)
}

// fakeUpstreamWith lets config adjust the server before it starts.
func fakeUpstreamWith(t *testing.T, config func(*http.Server)) (*httptest.Server, *wepaytest.User, *wepaytest.Handler) {
	t.Helper()
	h, err := wepaytest.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	srv := httptest.NewUnstartedServer(h)
	if config != nil {
		config(srv.Config)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, h.NewUser("platform"), h
}

func call(t testing.TB, c *http.Client, url, token, body string) (int, []byte) {
	t.Helper()
	status, b, err := tryCall(context.Background(), c, url, token, body)
	if err != nil {
		t.Fatal(err)
	}
	return status, b
}

func tryCall(ctx context.Context, c *http.Client, url, token, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func accountID(t testing.TB, b []byte) int64 {
	t.Helper()
	var a struct {
		AccountID int64 `json:"account_id"`
	}
	if err := json.Unmarshal(b, &a); err != nil || a.AccountID == 0 {
		t.Fatalf("no account_id in %s (%v)", b, err)
	}
	return a.AccountID
}

// validateFile validates a recording as `wepaykit validate FILE` does,
// with no extra host.
func validateFile(t *testing.T, file string) *audit.Result {
	t.Helper()
	res, err := audit.Run(t.Context(), newValidator(t), []audit.Input{{Name: file, Open: func() (io.ReadCloser, error) { return os.Open(file) }}}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("reading the recording: %v", res.Errors)
	}
	return res
}

func lines(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type httpServer = httptest.Server

func newHTTPServer(t *testing.T, h http.Handler) *httpServer {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}
