package proxy_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
)

const benchAccount = `{"account_id":12345,"name":"Example account","state":"active","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[]}`

// benchProxy sends /account calls through h to a stub upstream, one per
// iteration, over keep-alive connections.
func benchProxy(b *testing.B, build func(upstream string) http.Handler) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchAccount)
	}))
	defer upstream.Close()
	front := httptest.NewServer(build(upstream.URL))
	defer front.Close()
	c := front.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, front.URL+"/v2"+spec.OpAccount, strings.NewReader(`{"account_id":12345}`))
		req.Header.Set("Authorization", "Bearer STAGE_abcdef")
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkReverseProxyBaseline is net/http/httputil's proxy alone: the
// cost of forwarding, for the ratio with BenchmarkProxy.
func BenchmarkReverseProxyBaseline(b *testing.B) {
	benchProxy(b, func(upstream string) http.Handler {
		u, _ := url.Parse(upstream)
		return &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(u) }}
	})
}

// BenchmarkProxy forwards, validates and tracks states (no recorder).
func BenchmarkProxy(b *testing.B) {
	v := newValidator(b)
	benchProxy(b, func(upstream string) http.Handler {
		p, err := proxy.New(v, upstream, proxy.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return p
	})
}
