package proxy_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/traffic"
)

// FuzzProxy sends arbitrary paths, bodies and answers (some claiming gzip)
// through the proxy: the client always gets the upstream's answer byte for
// byte, the proxy reports each in-scope call once and records it once, and
// nothing panics.
func FuzzProxy(f *testing.F) {
	f.Add("/v2/account/create", []byte(`{"name":"Shop","description":"d"}`), []byte(`{"account_id":1,"state":"action_required"}`), false, false)
	f.Add("/v2/account", []byte(`{"account_id":"x"}`), []byte(`not json`), true, false)
	f.Add("/v2/account/find", []byte{0xff, 0xfe}, []byte(`[{"account_id":1,"state":"deleted"}]`), false, true)
	f.Add("/v2/checkout", []byte(``), []byte(``), true, true)
	f.Add("/account/../account/delete", []byte(`{"access_token":"STAGE_x"}`), []byte("\x1f\x8b garbage"), true, false)
	var (
		mu     sync.Mutex
		answer []byte
		gz     bool
	)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		a, z := answer, gz
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if z {
			w.Header().Set("Content-Encoding", "gzip")
		}
		_, _ = w.Write(a)
	}))
	defer upstream.Close()
	var events []proxy.Event
	var rec bytes.Buffer
	p, err := proxy.New(newValidator(f), upstream.URL, proxy.Options{MaxBody: 4096,
		OnEvent:  func(e proxy.Event) { events = append(events, e) },
		Recorder: traffic.NewJSONLWriter(&rec)})
	if err != nil {
		f.Fatal(err)
	}
	front := httptest.NewServer(p)
	defer front.Close()
	// No transparent decompression: the client must get the bytes as sent.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	f.Fuzz(func(t *testing.T, path string, body, respBody []byte, compress, reject bool) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#% \t\r\n") || len(path) > 200 {
			t.Skip()
		}
		sent := respBody
		if compress {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			_, _ = zw.Write(respBody)
			_ = zw.Close()
			sent = b.Bytes()
		}
		mu.Lock()
		answer, gz = sent, compress
		mu.Unlock()
		events, rec = nil, bytes.Buffer{}
		req, err := http.NewRequest(http.MethodPost, front.URL+path, bytes.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.Header.Set("Authorization", "Bearer STAGE_fuzz")
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, sent) {
			t.Fatalf("the client got %q, the upstream sent %q", got, sent)
		}
		if len(events) != 1 {
			t.Fatalf("%d events", len(events))
		}
		lines := strings.Count(rec.String(), "\n")
		if events[0].Skipped != (lines == 0) || lines > 1 {
			t.Fatalf("skipped=%v, %d recorded lines", events[0].Skipped, lines)
		}
		if strings.Contains(rec.String(), "STAGE_fuzz") {
			t.Fatal("the token was recorded")
		}
	})
}
