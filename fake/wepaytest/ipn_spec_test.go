package wepaytest

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

// TestIPNScheduleFromSpec: the fake reads the retry schedule from the
// contract's accountIPN webhook, not a copy of its own.
func TestIPNScheduleFromSpec(t *testing.T) {
	src := strings.Replace(string(spec.Embedded()), "retry_after_minutes: [15, 30, 60, 360, 720, 1440]", "retry_after_minutes: [1]", 1)
	sp, err := spec.Parse([]byte(src), "short-retries.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, WithSpec(sp))
	rcv := &ipnReceiver{statuses: []int{500, 500, 500}}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewUser("u")
	id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn?x=1"})
	must(t, s.SetState(id, spec.StateActive))
	s.Advance(time.Minute)
	s.Advance(24 * time.Hour)
	if rcv.count() != 2 {
		t.Fatalf("%d attempts, want 2 (the first and the one retry the spec allows)", rcv.count())
	}
	if r := rcv.got[0]; r.Method != "POST" || r.URL.RawQuery != "x=1" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("IPN %s ?%s %s", r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"))
	}
	noHook := strings.Replace(string(spec.Embedded()), "  accountIPN:\n", "  otherIPN:\n", 1)
	sp2, err := spec.Parse([]byte(noHook), "no-ipn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(WithSpec(sp2)); err == nil {
		t.Fatal("a spec without the accountIPN webhook was accepted")
	}
}
