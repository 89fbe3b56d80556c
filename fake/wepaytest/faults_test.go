package wepaytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFaultErrorAnswers(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	other := s.NewUser("o")
	id := create(t, s, u.Token, nil)
	s.AddFault(Fault{Operation: "/account", Times: 2, AccountID: id, Status: 503, Error: "throttle_exceeded", ErrorCode: 1007})
	s.AddFault(Fault{Operation: "/account/find", Times: 1, Token: other.Token, Status: 500, Error: "processing_error", ErrorCode: 1008})
	for i := 0; i < 2; i++ {
		a := call(t, s, u.Token, "/account", idBody(id))
		a.wantError(t, 503, "throttle_exceeded", 1007)
		if !strings.Contains(string(a.Body), "throttle exceeded") {
			t.Errorf("description: %s", a.Body)
		}
	}
	call(t, s, u.Token, "/account", idBody(id)).wantOK(t) // used up
	if a := call(t, s, u.Token, "/account/find", map[string]any{}); a.Status != 200 {
		t.Fatalf("find by another token: %d", a.Status)
	}
	call(t, s, other.Token, "/account/find", map[string]any{}).wantError(t, 500, "processing_error", 1008)
	if len(s.Handler().Faults()) != 0 {
		t.Fatalf("faults left: %v", s.Handler().Faults())
	}
	// Revoked, through the one-off header.
	a := sendRaw(t, s, "/account", map[string]string{"Authorization": "Bearer " + u.Token, "Content-Type": "application/json",
		FaultHeader: `{"status":401,"error":"access_denied","error_code":1011}`}, `{"account_id":`+itoa(id)+`}`)
	a.wantError(t, 401, "access_denied", 1011)
}

func TestFaultRefusesNonsense(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var fe *FaultError
	for _, f := range []Fault{
		{Times: 1, Status: 503, Error: "throttle_exceeded", ErrorCode: 1007},
		{Operation: "/account/frobnicate", Times: 1, Status: 503, Error: "throttle_exceeded", ErrorCode: 1007},
		{Operation: "/account", Times: 0, Status: 503, Error: "throttle_exceeded", ErrorCode: 1007},
		{Operation: "/account", Times: 1, Status: 200, Error: "throttle_exceeded", ErrorCode: 1007},
		{Operation: "/account", Times: 1, Status: 503, Error: "slow_down", ErrorCode: 1007},
		{Operation: "/account", Times: 1, Status: 503, Error: "throttle_exceeded", ErrorCode: 9999},
		{Operation: "/account", Times: 1, Kind: "explode"},
		{Operation: "/account", Times: 1, Kind: "drop", Status: 500},
		{Operation: "/account", Times: 1},
		{Operation: "/account", Times: 1, LatencyMS: -1},
		{Operation: "ipn", Times: 1, Kind: "malformed"},
		{Operation: "ipn", Times: 1, Status: 200},
	} {
		if err := h.AddFault(f); !errors.As(err, &fe) {
			t.Errorf("%+v: %v", f, err)
		}
	}
}

func TestFaultDropMalformedLatency(t *testing.T) {
	h, err := New(WithClock(NewManualClock(time.Date(2019, 4, 3, 0, 0, 0, 0, time.UTC))))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	u := h.NewUser("u")
	post := func(path string, extra map[string]string) (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2"+path, strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+u.Token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "faults-test")
		for k, v := range extra {
			req.Header.Set(k, v)
		}
		return http.DefaultClient.Do(req)
	}
	if err := h.AddFault(Fault{Operation: "/account/find", Times: 1, Kind: FaultDrop}); err != nil {
		t.Fatal(err)
	}
	if resp, err := post("/account/find", nil); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped call answered %d", resp.StatusCode)
	}
	resp, err := post("/account/find", map[string]string{FaultHeader: `{"kind":"malformed"}`})
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err == nil || resp.StatusCode != 200 || resp.Header.Get(FaultAppliedHeader) == "" {
		t.Fatalf("malformed: %d %v %q", resp.StatusCode, err, resp.Header.Get(FaultAppliedHeader))
	}
	resp.Body.Close()
	start := time.Now()
	resp, err = post("/account/find", map[string]string{FaultHeader: `{"latency_ms":150}`})
	if err != nil || resp.StatusCode != 200 || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("latency: %v %v", err, time.Since(start))
	}
	resp.Body.Close()
	resp, err = post("/account/find", map[string]string{FaultHeader: `{"status":"soon"}`})
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("bad header: %v %d", err, resp.StatusCode)
	}
	resp.Body.Close()
}

func TestFaultIPN(t *testing.T) {
	var logs bytes.Buffer
	s := NewServer(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewUser("u")
	url := cb.URL + "/ipn?s=1"
	id := create(t, s, u.Token, map[string]any{"callback_uri": url})
	s.AddFault(Fault{Operation: FaultIPN, Times: 2, CallbackURI: url, Status: 503})
	must(t, s.SetState(id, "active"))
	if rcv.count() != 0 {
		t.Fatal("a faulted delivery was sent")
	}
	s.Advance(15 * time.Minute)
	if rcv.count() != 0 {
		t.Fatal("the second faulted delivery was sent")
	}
	s.Advance(30 * time.Minute)
	if rcv.count() != 1 {
		t.Fatalf("%d deliveries after the faults ran out", rcv.count())
	}
	ds := s.Deliveries()
	if len(ds) != 3 || ds[0].Fault == "" || ds[0].Status != 503 || ds[1].Fault == "" || !ds[2].OK() || ds[2].Fault != "" {
		t.Fatalf("deliveries: %+v", ds)
	}
	if !strings.Contains(logs.String(), "fault=") || strings.Contains(logs.String(), "s=1") {
		t.Fatalf("log: %s", logs.String())
	}
}

// TestFaultIPNShowsWhatIsSet: the delivery log and Delivery.Fault name
// only what a fault sets: an IPN fault given a status alone is
// "ipn status=503", not "error= error_code=0"; a delivery that went
// through has no fault or error.
func TestFaultIPNShowsWhatIsSet(t *testing.T) {
	var logs bytes.Buffer
	s := NewServer(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewUser("u")
	url := cb.URL + "/ipn"
	id := create(t, s, u.Token, map[string]any{"callback_uri": url})
	s.AddFault(Fault{Operation: FaultIPN, Times: 1, CallbackURI: url, Status: 503})
	s.AddFault(Fault{Operation: FaultIPN, Times: 1, CallbackURI: url, Kind: FaultDrop})
	must(t, s.SetState(id, "active"))
	s.Advance(15 * time.Minute)
	s.Advance(30 * time.Minute)
	ds := s.Deliveries()
	if len(ds) != 3 || ds[0].Fault != "ipn status=503" || ds[1].Fault != "ipn kind=drop" || ds[1].Err == "" || !ds[2].OK() {
		t.Fatalf("deliveries: %+v", ds)
	}
	if d := (Fault{Operation: "/account", Status: 503, Error: "throttle_exceeded", ErrorCode: 1007, LatencyMS: 20}).describe(); d != "/account status=503 error=throttle_exceeded error_code=1007 latency_ms=20" {
		t.Errorf("call fault described as %q", d)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, "wepaytest: IPN") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 3 {
		t.Fatalf("%d IPN log lines:\n%s", len(lines), logs.String())
	}
	for _, bad := range []string{"error_code=0", "error= ", `error=""`, `fault=""`, "status=0"} {
		if strings.Contains(strings.Join(lines, "\n"), bad) {
			t.Errorf("the log shows %s:\n%s", bad, strings.Join(lines, "\n"))
		}
	}
	if !strings.Contains(lines[0], `status=503 fault="ipn status=503"`) || !strings.Contains(lines[1], "error=") || !strings.Contains(lines[1], `fault="ipn kind=drop"`) ||
		!strings.HasSuffix(lines[2], "status=200") {
		t.Errorf("log:\n%s", strings.Join(lines, "\n"))
	}
}

func TestFaultAdminRoutes(t *testing.T) {
	s := NewServer(t, WithAdmin(true))
	u := s.NewUser("u")
	root := strings.TrimSuffix(s.URL, "/v2")
	a := send(t, http.DefaultClient, root+"/admin/faults", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()},
		`{"operation":"/account/create","times":1,"token":"`+u.Token+`","status":429,"error":"throttle_exceeded","error_code":1007}`)
	if a.Status != 200 || strings.Contains(string(a.Body), u.Token) || !strings.Contains(string(a.Body), `"times":1`) {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	call(t, s, u.Token, "/account/create", map[string]any{"name": "N", "description": "d"}).wantError(t, 429, "throttle_exceeded", 1007)
	a = send(t, http.DefaultClient, root+"/admin/faults", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, `{"operation":"/account/create","times":3,"latency_ms":1}`)
	if a.Status != 200 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	a = send(t, http.DefaultClient, root+"/admin/faults/clear", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, `{}`)
	if a.Status != 200 || len(s.Handler().Faults()) != 0 {
		t.Fatalf("clear: %d %s", a.Status, a.Body)
	}
	a = send(t, http.DefaultClient, root+"/admin/faults", map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}, `{"operation":"/account","times":1,"status":503,"error":"nope","error_code":1007}`)
	if a.Status != 400 || !strings.Contains(string(a.Body), "category") {
		t.Fatalf("bad fault: %d %s", a.Status, a.Body)
	}
}
