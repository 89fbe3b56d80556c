package wepaytest

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestIPNRetrySchedule: a receiver that always fails gets the first attempt
// and exactly six retries, each counted from the attempt before it.
func TestIPNRetrySchedule(t *testing.T) {
	recv := &ipnReceiver{statuses: []int{500, 502, 503, 500, 404, 301, 500, 500}}
	hook := httptest.NewServer(recv)
	defer hook.Close()
	s := newServer(t)
	u := s.NewUser("nora")
	id := create(t, s, u.Token, map[string]any{"callback_uri": hook.URL})
	if err := s.Disable(id, "fraud"); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		s.Advance(12 * time.Hour)
	}
	d := s.Deliveries()
	gaps := []time.Duration{0, 15 * time.Minute, 30 * time.Minute, time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	if len(d) != len(gaps) {
		t.Fatalf("%d attempts, want 7: %+v", len(d), d)
	}
	at := epoch
	for i, x := range d {
		at = at.Add(gaps[i])
		if x.Attempt != i+1 || !x.At.Equal(at) || x.OK() {
			t.Errorf("attempt %d: %+v, want at %v", i+1, x, at)
		}
	}
	if n := s.Handler().Clock().(*ManualClock).Pending(); n != 0 {
		t.Errorf("%d calls still scheduled", n)
	}
}

func TestIPNTransportError(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("olga")
	id := create(t, s, u.Token, map[string]any{"callback_uri": "http://127.0.0.1:1/unreachable"})
	if err := s.CompleteKYC(id); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBankAccount(id); err != nil {
		t.Fatal(err)
	}
	s.Advance(15 * time.Minute)
	d := s.Deliveries()
	if len(d) != 2 || d[0].Err == "" || d[0].Status != 0 || d[1].Attempt != 2 {
		t.Errorf("deliveries: %+v", d)
	}
}

// TestIPNRealClock delivers on the wall clock, in the background, and Close
// drops the retries still waiting.
func TestIPNRealClock(t *testing.T) {
	var hits atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer hook.Close()
	s := newServer(t, WithClock(RealClock{}))
	u := s.NewUser("pia")
	id := create(t, s, u.Token, map[string]any{"callback_uri": hook.URL})
	if err := s.Disable(id, "fraud"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Deliveries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if d := s.Deliveries(); len(d) != 1 || d[0].Status != 500 {
		t.Fatalf("deliveries: %+v", d)
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the 15-minute retry")
	}
	if hits.Load() != 1 {
		t.Errorf("%d hits", hits.Load())
	}
}

// TestIPNReceiverCallsBack: a receiver looks the account up while the IPN is
// being delivered, as WePay expects ("The body carries no state").
func TestIPNReceiverCallsBack(t *testing.T) {
	var s *Server
	var u *User
	var seen atomic.Value // the body the lookup answered
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/account", strings.NewReader(`{"account_id":`+r.PostForm.Get("account_id")+`}`))
		req.Header.Set("Authorization", "Bearer "+u.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.Client().Do(req)
		if err != nil {
			seen.Store(err.Error())
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		seen.Store(string(b))
	}))
	defer hook.Close()
	s = newServer(t)
	u = s.NewUser("quinn")
	id := create(t, s, u.Token, map[string]any{"callback_uri": hook.URL})
	call(t, s, u.Token, "/account/delete", idBody(id)).wantOK(t)
	if got, _ := seen.Load().(string); !strings.Contains(got, `"error_code":3003`) {
		t.Errorf("after deletion the receiver saw %s", got)
	}
	if err := s.Disable(create(t, s, u.Token, map[string]any{"callback_uri": hook.URL}), "fraud"); err != nil {
		t.Fatal(err)
	}
	if got, _ := seen.Load().(string); !strings.Contains(got, `"state":"disabled"`) {
		t.Errorf("after disablement the receiver saw %s", got)
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(epoch)
	var order []string
	c.AfterFunc(2*time.Minute, func() { order = append(order, "b@"+c.Now().Sub(epoch).String()) })
	stopped := c.AfterFunc(time.Minute, func() { order = append(order, "stopped") })
	c.AfterFunc(time.Minute, func() {
		order = append(order, "a@"+c.Now().Sub(epoch).String())
		c.AfterFunc(30*time.Second, func() { order = append(order, "a2@"+c.Now().Sub(epoch).String()) })
	})
	c.AfterFunc(0, func() { order = append(order, "now") })
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop should succeed once")
	}
	c.Advance(5 * time.Minute)
	want := []string{"now", "a@1m0s", "a2@1m30s", "b@2m0s"}
	if len(order) != len(want) {
		t.Fatalf("ran %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("ran %v, want %v", order, want)
		}
	}
	if !c.Now().Equal(epoch.Add(5*time.Minute)) || c.Pending() != 0 {
		t.Errorf("now %v, pending %d", c.Now(), c.Pending())
	}
}

// TestManualClockConcurrentAdvance: concurrent Advances add up; none reads
// the time another is about to move.
func TestManualClockConcurrentAdvance(t *testing.T) {
	const goroutines, each = 16, 500
	c := NewManualClock(epoch)
	var ran atomic.Int32
	c.AfterFunc(goroutines*each*time.Hour/2, func() { ran.Add(1) })
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for range each {
				c.Advance(time.Hour)
			}
		}()
	}
	close(start)
	wg.Wait()
	if want := epoch.Add(goroutines * each * time.Hour); !c.Now().Equal(want) {
		t.Errorf("after %d concurrent Advance(1h) the clock reads %v, want %v", goroutines*each, c.Now(), want)
	}
	if ran.Load() != 1 || c.Pending() != 0 {
		t.Errorf("the call due half-way ran %d times; %d pending", ran.Load(), c.Pending())
	}
}

// TestIPNLogHidesQuery: the log shows a callback_uri without its query,
// also inside a transport error; Deliveries keeps it whole.
func TestIPNLogHidesQuery(t *testing.T) {
	const secret = "s3cr3t-callback-value"
	var logged syncBuffer
	s := newServer(t, WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
	u := s.NewUser("rhea")
	hook := httptest.NewServer(&ipnReceiver{statuses: []int{500}})
	defer hook.Close()
	for _, cb := range []string{"http://127.0.0.1:1/unreachable?key=" + secret, hook.URL + "/ipn?key=" + secret} {
		if err := s.Disable(create(t, s, u.Token, map[string]any{"callback_uri": cb}), "fraud"); err != nil {
			t.Fatal(err)
		}
	}
	d := s.Deliveries()
	if len(d) != 2 || !strings.Contains(d[0].URL, secret) || !strings.Contains(d[0].Err, "connect") || d[1].Status != 500 {
		t.Fatalf("deliveries: %+v", d)
	}
	out := logged.String()
	if strings.Contains(out, secret) || strings.Contains(out, "key=") {
		t.Errorf("the log shows the callback query:\n%s", out)
	}
	for _, want := range []string{"url=http://127.0.0.1:1/unreachable ", "url=" + hook.URL + "/ipn ", "connect"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
}

// syncBuffer is a bytes.Buffer for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
