package proxy_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// TestStreamsLargeBodies: bodies far over MaxBody go through whole, both
// ways, and are reported as too large; the proxy keeps at most MaxBody
// bytes of each.
func TestStreamsLargeBodies(t *testing.T) {
	const size = 2 << 20
	payload := make([]byte, size)
	_, _ = rand.Read(payload)
	var got atomic.Int64
	upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		got.Store(n)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(payload)
	}))
	r := newRig(t, upstream.URL, proxy.Options{MaxBody: 64 << 10})
	req, _ := http.NewRequest(http.MethodPost, r.front.URL+"/v2"+spec.OpCreate, bytes.NewReader(payload))
	req.Header.Set("Authorization", "Bearer tok_abcdef")
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.front.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	back, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got.Load() != size || !bytes.Equal(back, payload) {
		t.Fatalf("upstream got %d bytes, client got %d identical=%v (%v)\n%s", got.Load(), len(back), bytes.Equal(back, payload), rerr, r.events.text())
	}
	evs := r.events.list()
	if len(evs) != 1 {
		t.Fatalf("events:\n%s", r.events.text())
	}
	var sides []string
	for _, f := range evs[0].Findings {
		if f.Rule == validate.RuleBodyTooLarge {
			sides = append(sides, f.Side)
		}
	}
	if strings.Join(sides, ",") != "request,response" {
		t.Fatalf("body-too-large on %v:\n%s", sides, r.events.text())
	}
	rec := lines(t, r.record)
	if len(rec) != 1 || len(rec[0]) > 4096 {
		t.Fatalf("recording holds %d lines, first of %d bytes", len(rec), len(rec[0]))
	}
}

// TestUpstreamFailures: a 5xx is passed on as it came and validated; an
// upstream that resets the connection, or breaks off mid-answer, or is
// not there, gets 502 and an event with the cause; a slow one runs into
// Timeout and gets 504.
func TestUpstreamFailures(t *testing.T) {
	t.Run("5xx", func(t *testing.T) {
		upstream := jsonServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":"processing_error","error_description":"down for maintenance","error_code":1008}`)
		})
		r := newRig(t, upstream.URL, proxy.Options{})
		status, b := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`)
		evs := r.events.list()
		if status != 503 || !strings.Contains(string(b), "maintenance") || len(evs) != 1 || evs[0].Err != nil || len(evs[0].Findings) != 0 {
			t.Fatalf("%d %s\n%s", status, b, r.events.text())
		}
	})
	t.Run("5xx with an HTML body", func(t *testing.T) {
		upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, `<html>bad gateway</html>`)
		}))
		r := newRig(t, upstream.URL, proxy.Options{})
		status, _ := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`)
		if evs := r.events.list(); status != 502 || len(evs) != 1 || !hasRule(evs[0].Findings, spec.RuleErrorBodyOnFailure) {
			t.Fatalf("%d\n%s", status, r.events.text())
		}
	})
	t.Run("reset before answering", func(t *testing.T) {
		upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // RST, not FIN
				}
				conn.Close()
			}
		}))
		r := newRig(t, upstream.URL, proxy.Options{})
		status, _ := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`)
		evs := r.events.list()
		if status != http.StatusBadGateway || len(evs) != 1 || evs[0].Err == nil || r.proxy.Stats().Failed != 1 {
			t.Fatalf("%d\n%s", status, r.events.text())
		}
		// The request was still validated, and recorded without an answer.
		if rec := lines(t, r.record); len(rec) != 1 || strings.Contains(rec[0], `"response"`) {
			t.Fatalf("recording %v", rec)
		}
	})
	t.Run("reset mid-answer", func(t *testing.T) {
		upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			_, _ = io.WriteString(w, `{"account_id":1,`)
			http.NewResponseController(w).Flush()
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		}))
		r := newRig(t, upstream.URL, proxy.Options{})
		_, _, err := tryCall(context.Background(), r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`)
		if err == nil {
			t.Error("the client did not see the answer break off")
		}
		waitEvents(t, r, 1)
		if evs := r.events.list(); evs[0].Err == nil || !strings.Contains(evs[0].Err.Error(), "broke off") {
			t.Fatalf("events:\n%s", r.events.text())
		}
	})
	t.Run("not there", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		r := newRig(t, "http://"+addr, proxy.Options{})
		status, _ := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount+"?access_token=tok_SECRET123", "tok_abcdef", `{"account_id":1}`)
		out := r.events.text()
		if status != http.StatusBadGateway || !strings.Contains(out, "refused") {
			t.Fatalf("%d\n%s", status, out)
		}
		if strings.Contains(out, "tok_SECRET123") || strings.Contains(strings.Join(lines(t, r.record), ""), "tok_SECRET123") {
			t.Fatalf("a token in the query reached the output or the recording:\n%s", out)
		}
	})
	t.Run("slow", func(t *testing.T) {
		release := make(chan struct{})
		upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer close(release)
		r := newRig(t, upstream.URL, proxy.Options{Timeout: 200 * time.Millisecond})
		status, _ := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`)
		if evs := r.events.list(); status != http.StatusGatewayTimeout || len(evs) != 1 || !errors.Is(evs[0].Err, context.DeadlineExceeded) {
			t.Fatalf("%d\n%s", status, r.events.text())
		}
	})
}

// TestClientCancelPropagates: a client that gives up cancels the upstream
// call.
func TestClientCancelPropagates(t *testing.T) {
	cancelled := make(chan struct{})
	upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // a server notices a closed connection once it has read the body
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(30 * time.Second):
		}
	}))
	r := newRig(t, upstream.URL, proxy.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := tryCall(ctx, r.front.Client(), r.front.URL+"/v2"+spec.OpAccount, "tok_abcdef", `{"account_id":1}`); err == nil {
		t.Fatal("the call did not fail")
	}
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the upstream call was not cancelled")
	}
	waitEvents(t, r, 1)
	if e := r.events.list()[0]; e.Status != 499 || e.Err == nil {
		t.Fatalf("event %+v", e)
	}
}

// TestConcurrentLoad runs many clients at once through the proxy to
// wepaytest (run with -race): every call is answered, reported and
// recorded once, the recording validates clean, and connections to the
// upstream are reused.
func TestConcurrentLoad(t *testing.T) {
	var conns atomic.Int64
	up, user, _ := fakeUpstreamWith(t, func(s *http.Server) {
		s.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
	})
	const clients, each = 16, 12
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	r := newRig(t, up.URL, proxy.Options{Transport: tr})
	c := r.front.Client()
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each / 3 {
				name := fmt.Sprintf("Shop %d-%d", i, j)
				status, b, err := tryCall(context.Background(), c, r.front.URL+"/v2"+spec.OpCreate, user.Token, fmt.Sprintf(`{"name":%q,"description":"d"}`, name))
				if err != nil || status != 200 {
					errs <- fmt.Errorf("create: %d %s %v", status, b, err)
					return
				}
				id := accountID(t, b)
				for _, op := range []string{spec.OpAccount, spec.OpDelete} {
					if status, b, err := tryCall(context.Background(), c, r.front.URL+"/v2"+op, user.Token, fmt.Sprintf(`{"account_id":%d}`, id)); err != nil || status != 200 {
						errs <- fmt.Errorf("%s: %d %s %v", op, status, b, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := r.proxy.Stats(); st.Calls != clients*each || st.Errors != 0 || st.Warnings != 0 || st.Failed != 0 {
		t.Fatalf("stats %+v\n%s", st, r.events.text())
	}
	if n := len(lines(t, r.record)); n != clients*each {
		t.Fatalf("%d recorded lines, want %d", n, clients*each)
	}
	if res := validateFile(t, r.record); res.Entries != clients*each || len(res.Findings) != 0 {
		t.Fatalf("recording: %d entries, findings %v", res.Entries, res.Findings)
	}
	// A transport may dial a spare connection when a call starts just
	// before another returns its connection; without keep-alive there
	// would be one per call.
	if n := conns.Load(); n > 2*clients {
		t.Errorf("%d connections to the upstream for %d calls of %d clients: not kept alive", n, clients*each, clients)
	}
}

func waitEvents(t *testing.T, r *rig, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(r.events.list()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d events, want %d:\n%s", len(r.events.list()), n, r.events.text())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCompressedAnswers: an answer gzip-compressed for a client that asked
// for it reaches the client as sent, and is validated and recorded
// decompressed.
func TestCompressedAnswers(t *testing.T) {
	upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Accept-Encoding") != "gzip" {
			_, _ = io.WriteString(w, `{"account_id":7,"state":"deleted"}`)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, `{"account_id":7,"state":"active"}`) // wrong: delete must say deleted
		_ = zw.Close()
	}))
	r := newRig(t, upstream.URL, proxy.Options{})
	// Go's client asks for gzip itself and decompresses transparently.
	status, b := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpDelete, "tok_abcdef", `{"account_id":7}`)
	if status != 200 || string(b) != `{"account_id":7,"state":"active"}` {
		t.Fatalf("%d %s", status, b)
	}
	evs := r.events.list()
	if len(evs) != 1 || evs[0].Err != nil || !hasRule(evs[0].Findings, spec.RuleDeleteReportsDeleted) || hasRule(evs[0].Findings, validate.RuleJSONSyntax) {
		t.Fatalf("events:\n%s", r.events.text())
	}
	rec := lines(t, r.record)
	if len(rec) != 1 || !strings.Contains(rec[0], `"body":{"account_id":7,"state":"active"}`) || strings.Contains(rec[0], "gzip\"]") && strings.Contains(rec[0], "Content-Encoding") {
		t.Fatalf("recording %v", rec)
	}
	if res := validateFile(t, r.record); len(res.Findings) != 1 || res.Findings[0].Rule != spec.RuleDeleteReportsDeleted {
		t.Fatalf("recording validates to %v", res.Findings)
	}
}

// TestRejectTooLarge: with Reject, a body over MaxBody is refused with
// 1005 after reading no more than MaxBody+1 bytes of it, and never
// forwarded.
func TestRejectTooLarge(t *testing.T) {
	var called atomic.Bool
	upstream := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called.Store(true) }))
	r := newRig(t, upstream.URL, proxy.Options{Reject: true, MaxBody: 1024})
	body := `{"name":"` + strings.Repeat("a", 4096) + `","description":"d"}`
	status, b := call(t, r.front.Client(), r.front.URL+"/v2"+spec.OpCreate, "tok_abcdef", body)
	if status != 400 || !strings.Contains(string(b), fmt.Sprintf(`"error_code":%d`, spec.ErrorCodeUnparseable)) || called.Load() {
		t.Fatalf("%d %s (upstream called: %v)", status, b, called.Load())
	}
	evs := r.events.list()
	if len(evs) != 1 || !evs[0].Rejected || !hasRule(evs[0].Findings, validate.RuleBodyTooLarge) {
		t.Fatalf("events:\n%s", r.events.text())
	}
}

// TestNotPostAndNoBody: a GET with no body is validated (method-get-without-body)
// and forwarded.
func TestNotPostAndNoBody(t *testing.T) {
	upstream := jsonServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":"invalid_request","error_description":"not found","error_code":1001}`)
	})
	r := newRig(t, upstream.URL, proxy.Options{})
	resp, err := r.front.Client().Get(r.front.URL + "/v2" + spec.OpAccount)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	evs := r.events.list()
	if resp.StatusCode != 404 || len(evs) != 1 || !hasRule(evs[0].Findings, spec.RuleMethodGetWithoutBody) {
		t.Fatalf("%d\n%s", resp.StatusCode, r.events.text())
	}
}
