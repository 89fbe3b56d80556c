package wepaytest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestTransportHeaders(t *testing.T) {
	s := NewServer(t)
	u := s.NewUser("u")
	do := func(headers map[string]string, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/account/find", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+u.Token)
		req.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			if v == "" {
				req.Header[k] = nil // net/http then sends no User-Agent at all
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
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return resp.StatusCode, m
	}
	for _, tc := range []struct {
		name    string
		headers map[string]string
		body    string
		status  int
		code    float64
		details bool
	}{
		{"no user agent", map[string]string{"User-Agent": ""}, `{}`, 400, 1002, false},
		{"version from the future", map[string]string{"Api-Version": "2099-12-31"}, `{}`, 400, 1015, false},
		{"version before WePay", map[string]string{"Api-Version": "2010-01-01"}, `{}`, 400, 1015, false},
		{"version garbage", map[string]string{"Api-Version": "garbage"}, `{}`, 400, 1015, false},
		{"current version", map[string]string{"Api-Version": "2019-04-03"}, `{}`, 200, 0, false},
		{"old version, bad call", map[string]string{"Api-Version": "2018-03-21"}, `{"limit":51}`, 400, 1003, false},
		{"details version, bad call", map[string]string{"Api-Version": "2018-08-29"}, `{"limit":51}`, 400, 1003, true},
		{"no version, bad call", nil, `{"limit":51}`, 400, 1003, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, m := do(tc.headers, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, m)
			}
			if tc.code == 0 {
				return
			}
			if m["error_code"] != tc.code {
				t.Errorf("error_code %v, want %v: %v", m["error_code"], tc.code, m)
			}
			if _, has := m["details"]; has != tc.details {
				t.Errorf("details present %v, want %v: %v", has, tc.details, m)
			}
		})
	}
}
