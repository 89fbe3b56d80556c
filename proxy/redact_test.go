package proxy_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/spec"
)

// TestPlantedTokenNeverLeaves plants a token in each secret-bearing place
// of a call through the proxy (headers, an encoded query key, a path
// parameter, an escaped JSON key, a form body, a callback_uri's query) and
// checks that neither the recording nor the printed events (text and
// JSON) hold it: both go through internal/redact.
func TestPlantedTokenNeverLeaves(t *testing.T) {
	const tok = "Pl4ntedTok3nQ"
	up, user, _ := fakeUpstream(t)
	for _, c := range []struct {
		name, path, ct, body string
		header               map[string]string
	}{
		{name: "authorization", path: spec.OpFind, body: `{}`, header: map[string]string{"Authorization": "Bearer " + tok}},
		{name: "cookie", path: spec.OpFind, body: `{}`, header: map[string]string{"Cookie": "sid=" + tok, "X-Api-Key": tok, "Proxy-Authorization": "Basic " + tok}},
		{name: "encoded query key", path: spec.OpFind + "?a=1;&access%5Ftoken=" + tok, body: `{}`},
		{name: "query ends in ;", path: spec.OpFind + "?access_token=" + tok + ";", body: `{}`},
		{name: "bad escape", path: spec.OpFind + "?x=1;access_token=" + tok + "%zz", body: `{}`},
		{name: "path parameter", path: spec.OpFind + ";access_token=" + tok, body: `{}`},
		{name: "escaped json key", path: spec.OpFind, body: `{"access\u005ftoken":"` + tok + `"}`},
		{name: "callback_uri", path: spec.OpCreate, body: `{"name":"S","description":"d","callback_uri":"https://example.com/cb?access_token=` + tok + `"}`},
		{name: "form body", path: spec.OpFind, ct: "application/x-www-form-urlencoded", body: "name=x&access_token=" + tok},
	} {
		t.Run(c.name, func(t *testing.T) {
			var js bytes.Buffer
			r := newRig(t, up.URL, proxy.Options{})
			jp := proxy.JSONPrinter(&js)
			req, err := http.NewRequest(http.MethodPost, r.front.URL+"/v2"+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+user.Token)
			req.Header.Set("Content-Type", "application/json")
			if c.ct != "" {
				req.Header.Set("Content-Type", c.ct)
			}
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			resp, err := r.front.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			waitEvents(t, r, 1)
			for _, e := range r.events.list() {
				jp(e)
			}
			out := strings.Join(lines(t, r.record), "\n") + "\n" + r.events.text() + "\n" + js.String()
			if strings.Contains(out, tok) || strings.Contains(out, user.Token) {
				t.Errorf("the token reached the recording or the events:\n%s", out)
			}
			if len(lines(t, r.record)) != 1 {
				t.Errorf("%d recorded lines", len(lines(t, r.record)))
			}
		})
	}
}

// TestTokenShapedValueNeverLeaves sends a token-shaped value that no
// header names as a secret (in a body field, a path segment, a query, JSON-
// escaped) and the user's own token where it does not belong (a body
// field): the validator quotes such values cut short, and neither the
// recording nor the events may hold any part of them.
func TestTokenShapedValueNeverLeaves(t *testing.T) {
	const hex = "0f1e2d3c4b5a69788796a5b4c3d2e1f0aa55"
	shaped := "STAGE_" + hex
	up, user, _ := fakeUpstream(t)
	for _, c := range []struct{ name, path, body string }{
		{name: "body field", path: spec.OpAccount, body: `{"account_id":"` + shaped + `"}`},
		{name: "json escape", path: spec.OpAccount, body: `{"account_id":"STAGE\u005f` + hex + `"}`},
		{name: "path segment", path: spec.OpAccount + "/" + shaped, body: `{"account_id":1}`},
		{name: "query", path: spec.OpAccount + "?x=" + shaped, body: `{"account_id":1}`},
		{name: "own token in a field", path: spec.OpAccount, body: `{"account_id":"` + user.Token + `"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var js bytes.Buffer
			r := newRig(t, up.URL, proxy.Options{})
			jp := proxy.JSONPrinter(&js)
			req, err := http.NewRequest(http.MethodPost, r.front.URL+"/v2"+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+user.Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := r.front.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			waitEvents(t, r, 1)
			for _, e := range r.events.list() {
				jp(e)
			}
			out := strings.Join(lines(t, r.record), "\n") + "\n" + r.events.text() + "\n" + js.String()
			own := strings.TrimPrefix(user.Token, "STAGE_")
			if strings.Contains(out, hex[:12]) || strings.Contains(out, own[:12]) {
				t.Errorf("the token reached the recording or the events:\n%s", out)
			}
		})
	}
}
