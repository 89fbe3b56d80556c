package conformance_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/conformance"
)

// longRefusal refuses every /account/find with a long error_description
// that starts with a credential of no token the suite knows.
func longRefusal(h http.Handler, _ *knownTokens) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/account/find" {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"error":             "invalid_request",
			"error_description": "upstream said Authorization: Bearer PRODUCTION_9f8e7d6c5b4a39281706f5e4d3c2b1a0 was refused; " + strings.Repeat("more words ", 300),
			"error_code":        1003,
		})
	})
}

// TestJSONFailuresCarryExchange: each failure in the JSON report points
// at its own check's sent and got (among the check's exchanges), redacted
// and bounded, not only the example of its cause.
func TestJSONFailuresCarryExchange(t *testing.T) {
	t.Parallel()
	for name, wrap := range map[string]func(http.Handler, *knownTokens) http.Handler{"echoes-token": echoesToken, "long-refusal": longRefusal} {
		target := fakeTarget(t, wrap)
		target.Run = "^find/"
		rep, err := conformance.Execute(t.Context(), target)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := conformance.WriteReport(&b, rep, conformance.Output{Format: "json"}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Checks []struct {
				Check    string `json:"check"`
				Failures []struct {
					Exchange *int `json:"exchange"`
				} `json:"failures"`
				Exchanges []struct {
					Sent string `json:"sent"`
					Got  string `json:"got"`
				} `json:"exchanges"`
			} `json:"checks"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		want := map[string][]*conformance.CheckError{}
		for _, r := range rep.Results {
			want[r.Check] = r.Failures
		}
		n := 0
		for _, c := range doc.Checks {
			if len(c.Failures) != len(want[c.Check]) {
				t.Fatalf("%s: %s: %d failures in JSON, %d in the run", name, c.Check, len(c.Failures), len(want[c.Check]))
			}
			for _, x := range c.Exchanges {
				for _, s := range []string{x.Sent, x.Got} {
					if utf8.RuneCountInString(s) > 401 {
						t.Errorf("%s: %s: %d runes, more than the bound", name, c.Check, utf8.RuneCountInString(s))
					}
				}
			}
			for i, f := range c.Failures {
				e := want[c.Check][i]
				if f.Exchange == nil {
					if e.Sent != "" || e.Got != "" {
						t.Errorf("%s: %s failure %d points at no exchange, the check had sent %q got %q", name, c.Check, i, e.Sent, e.Got)
					}
					continue
				}
				x := c.Exchanges[*f.Exchange]
				if (e.Sent != "") != (x.Sent != "") || (e.Got != "") != (x.Got != "") {
					t.Errorf("%s: %s failure %d: sent %q got %q, the check had sent %q got %q", name, c.Check, i, x.Sent, x.Got, e.Sent, e.Got)
				}
				if x.Got != "" {
					n++
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no failure with its answer:\n%s", name, b.String())
		}
		out := b.String()
		for _, tok := range []string{target.Token, target.OtherToken, target.RevokedToken, "PRODUCTION_9f8e7d6c5b4a39281706f5e4d3c2b1a0"} {
			if s := leak(out, tok); s != "" {
				t.Errorf("%s: the JSON shows %q of a secret", name, s)
			}
		}
	}
}
