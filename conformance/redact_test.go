package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/validate"
)

// leak returns the first piece of secret, 8 characters or more, that text
// shows; "" when it shows none.
func leak(text, secret string) string {
	const n = 8
	for i := 0; i+n <= len(secret); i++ {
		if strings.Contains(text, secret[i:i+n]) {
			return secret[i : i+n]
		}
	}
	return ""
}

// failureText is everything a run reports about its failures.
func failureText(res []conformance.Result) string {
	var b strings.Builder
	for _, r := range res {
		b.WriteString(r.Reason + "\n")
		for _, f := range r.Failures {
			b.WriteString(f.Error() + "\n")
		}
	}
	return b.String()
}

// echoesToken refuses every /account/find with an error_description that
// starts with the caller's token, as a careless target might.
func echoesToken(h http.Handler, _ *knownTokens) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if r.URL.Path != "/v2/account/find" || !ok {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"error":             "invalid_request",
			"error_description": tok + " may not list these accounts: ask the account owner",
			"error_code":        1003,
		})
	})
}

// TestEchoedTokenIsRedacted: a token the target echoes in a long string is
// redacted before the string is shortened, so no part of it reaches a
// report.
func TestEchoedTokenIsRedacted(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, echoesToken)
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	text := failureText(res)
	if !strings.Contains(text, `"error_description":`) {
		t.Fatalf("no failure shows the refusal of /account/find:\n%s", text)
	}
	if s := leak(text, target.Token); s != "" {
		t.Errorf("the failures show %q of the token:\n%s", s, text)
	}
}

// queryBreaks is a transport to a fake server that fails every request with
// a query, and accepts a token with "+", "/" and "=" in it as the fake's
// own token.
type queryBreaks struct {
	h          http.Handler
	tok, local string
}

func (q queryBreaks) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.RawQuery != "" {
		return nil, errors.New("connection reset by peer")
	}
	in := r.Clone(r.Context())
	in.RequestURI = r.URL.RequestURI()
	if r.Header.Get("Authorization") == "Bearer "+q.tok {
		in.Header.Set("Authorization", "Bearer "+q.local)
	}
	rec := httptest.NewRecorder()
	q.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestTransportErrorRedactsEscapedToken: the token-in-query check sends the
// token query-escaped; a transport error that repeats the URL shows it in
// no form.
func TestTransportErrorRedactsEscapedToken(t *testing.T) {
	t.Parallel()
	local := fakeTarget(t, nil)
	const tok = "conf+Token/with=Chars+0123456789/abcdef=="
	target := conformance.Target{
		BaseURL: "http://127.0.0.1:9/v2",
		Client:  &http.Client{Transport: queryBreaks{h: local.Handler, tok: tok, local: local.Token}},
		Token:   tok,
	}
	res, err := conformance.Results(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, r := range res {
		if r.Check == conformance.CatAuth+"/token-in-query" {
			text = failureText([]conformance.Result{r})
		}
	}
	if !strings.Contains(text, "connection reset by peer") {
		t.Fatalf("the token-in-query check does not report the transport error:\n%s", text)
	}
	for _, form := range []string{tok, url.QueryEscape(tok), url.PathEscape(tok)} {
		if s := leak(text, form); s != "" {
			t.Errorf("the failure shows %q of the token (form %s):\n%s", s, form, text)
		}
	}
}

// TestRequestsStayOnLoopback backs the package's promise: every URL a
// request carries is a loopback URL and every callback_uri is on
// 127.0.0.1, so a target never calls out.
func TestRequestsStayOnLoopback(t *testing.T) {
	t.Parallel()
	var (
		mu        sync.Mutex
		bad       []string
		callbacks int
	)
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e, k)
			}
		case []any:
			for _, e := range x {
				walk(e, key)
			}
		case string:
			u, err := url.Parse(x)
			if err != nil || u.Host == "" {
				if key == "callback_uri" {
					bad = append(bad, key+"="+x)
				}
				return
			}
			host := u.Hostname()
			loop := host == "127.0.0.1" || host == "localhost" || strings.HasSuffix(host, ".localhost")
			if !loop || (key == "callback_uri" && host != "127.0.0.1") {
				bad = append(bad, key+"="+x)
			}
			if key == "callback_uri" {
				callbacks++
			}
		}
	}
	record := func(h http.Handler, _ *knownTokens) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			var v any
			if json.Unmarshal(body, &v) == nil {
				mu.Lock()
				walk(v, "")
				mu.Unlock()
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			h.ServeHTTP(w, r)
		})
	}
	target := fakeTarget(t, record)
	target.Environment = validate.EnvProduction // runs the callback_uri port rule too
	if _, err := conformance.Results(t.Context(), target); err != nil {
		t.Fatal(err)
	}
	if callbacks == 0 {
		t.Error("no request carried a callback_uri: the callback_uri checks did not run")
	}
	for _, b := range bad {
		t.Errorf("a request carried %s, not a loopback URL", b)
	}
}
