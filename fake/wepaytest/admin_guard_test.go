package wepaytest

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// adminCall posts body to an admin route with the given headers (Host
// among them) and returns the status.
func adminCall(t *testing.T, s *Server, route string, headers map[string]string, body string) (int, string) {
	t.Helper()
	root := strings.TrimSuffix(s.URL, "/v2")
	req, err := http.NewRequest(http.MethodPost, root+"/admin/"+route, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAdminGuard(t *testing.T) {
	s := newServer(t, WithAdmin(true))
	tok := s.Handler().AdminToken()
	if !strings.HasPrefix(tok, "wpk_admin_") {
		t.Fatalf("admin token %q", tok)
	}
	other := newServer(t, WithAdmin(true))
	if other.Handler().AdminToken() == tok {
		t.Fatal("two fakes drew the same admin token")
	}
	good := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, c := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"good", good, 200},
		{"good with own origin", with("Origin", "http://"+strings.TrimPrefix(strings.TrimSuffix(s.URL, "/v2"), "http://")), 200},
		{"localhost host", with("Host", "localhost:1"), 200},
		{"no token", with("Authorization", ""), 401},
		{"wrong token", with("Authorization", "Bearer "+tok+"x"), 401},
		{"basic scheme", with("Authorization", "Basic "+tok), 401},
		{"text/plain (CSRF)", with("Content-Type", "text/plain"), 415},
		{"form (CSRF)", with("Content-Type", "application/x-www-form-urlencoded"), 415},
		{"no content type", with("Content-Type", ""), 415},
		{"foreign origin", with("Origin", "https://evil.example"), 403},
		{"null origin", with("Origin", "null"), 403},
		{"cross-site fetch", with("Sec-Fetch-Site", "cross-site"), 403},
		{"rebound host", with("Host", "evil.example:8080"), 403},
		{"rebound host without port", with("Host", "evil.example"), 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, body := adminCall(t, s, "deliveries", c.headers, "{}"); got != c.want {
				t.Errorf("status %d, want %d: %s", got, c.want, body)
			}
		})
	}
	// The Go API needs no token.
	if u := s.NewUser("go"); u.Token == "" {
		t.Fatal("Go API refused")
	}
}

func TestAdminAllowedHostsAndFixedToken(t *testing.T) {
	s := newServer(t, WithAdmin(true), WithAdminToken("fixed-T"), WithAllowedHosts("fake.internal"))
	h := map[string]string{"Authorization": "Bearer fixed-T", "Content-Type": "application/json", "Host": "fake.internal:9"}
	if got, body := adminCall(t, s, "deliveries", h, "{}"); got != 200 {
		t.Fatalf("configured host: %d %s", got, body)
	}
	if _, err := New(WithAdminToken(" ")); err == nil {
		t.Fatal("a blank admin token was accepted")
	}
}

func TestAdminAdvanceRange(t *testing.T) {
	s := newServer(t, WithAdmin(true))
	h := map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken(), "Content-Type": "application/json"}
	before := s.Now()
	for _, sec := range []string{"1e20", "-1", "315360001", "1e400"} {
		if got, body := adminCall(t, s, "advance", h, `{"seconds": `+sec+`}`); got != 400 {
			t.Errorf("advance %s: %d %s", sec, got, body)
		}
	}
	if !s.Now().Equal(before) {
		t.Fatalf("the clock moved from %v to %v", before, s.Now())
	}
	if got, body := adminCall(t, s, "advance", h, `{"seconds": 315360000}`); got != 200 || !strings.Contains(body, `"now"`) {
		t.Fatalf("ten years: %d %s", got, body)
	}
	if !s.Now().After(before) {
		t.Fatal("the clock did not move")
	}
}

// TestServerDropsSlowBodies sends headers announcing a body, then one byte,
// and checks that the server closes the connection once its read deadline
// has passed instead of waiting for the rest.
func TestServerDropsSlowBodies(t *testing.T) {
	s := newServer(t, WithTimeouts(Timeouts{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Idle: 200 * time.Millisecond}))
	addr := strings.TrimPrefix(strings.TrimSuffix(s.URL, "/v2"), "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /v2/account HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second)) // a bound on the test, not the check
	_, err = io.ReadAll(bufio.NewReader(conn))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a slow body's connection open")
	}
}

// TestErrorBodiesNeverEchoSecrets sends calls with a token in the path and
// in the query and checks the fake's error bodies.
func TestErrorBodiesNeverEchoSecrets(t *testing.T) {
	s := newServer(t)
	u := s.NewUser("u")
	for _, path := range []string{
		"/account;access_token=" + u.Token,
		"/account%3Baccess_token=" + u.Token,
		"/" + u.Token,
		"/account?x=1;access_token=" + u.Token,
	} {
		a := send(t, http.DefaultClient, s.URL+path, map[string]string{"Authorization": "Bearer " + u.Token}, `{"account_id":1}`)
		if a.Status < 400 || strings.Contains(string(a.Body), u.Token) {
			t.Errorf("%s: %d %s", path, a.Status, a.Body)
		}
	}
}
