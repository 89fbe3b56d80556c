package conformance_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/conformance"
)

// fuzzChecks are the checks FuzzTargetAnswers runs: every category, but of
// lengths and enums only those of /account/find. The others send bodies at
// each length limit and every enum value (a hundred checks whose failures
// quote large bodies); with them an input took 3.5 s, and over the fuzzing
// engine's ten seconds per input under coverage instrumentation.
const fuzzChecks = `^(responses|required|types|rules|auth|find|states|ipn|errors)/|^(lengths|enums)/account/find/`

// FuzzTargetAnswers runs the suite against a target that answers every
// call with the same arbitrary status, content type and body: the suite
// must read any answer (no panic), and its results never show the token.
// The target's clock "moves" on request, so that the suite does not wait
// out a second between accounts: with fuzzChecks, each input then runs in
// well under the fuzzing engine's ten-second limit per input.
func FuzzTargetAnswers(f *testing.F) {
	const tok = "STAGE_fuzztoken0123456789"
	f.Add(200, "application/json", `{"account_id":1,"name":"x","state":"active"}`)
	f.Add(400, "application/json", `{"error":"invalid_request","error_description":"`+tok+`","error_code":1003}`)
	f.Add(200, "text/html", "<html>"+tok)
	f.Add(500, "application/json", `{"error":`)
	f.Add(200, "application/json", `[`+strings.Repeat(`[`, 5000))
	f.Add(302, "", "")
	f.Fuzz(func(t *testing.T, status int, ctype, body string) {
		if status < 200 || status > 599 {
			t.Skip()
		}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		})
		res, err := conformance.Results(context.Background(), conformance.Target{Handler: h, Token: tok, Clock: movedClock{},
			IPNWait: time.Millisecond, // no IPN comes: the ipn checks must not wait out the limit per input
			Run:     fuzzChecks})
		if err != nil {
			return // an unusable target is a setup error, as designed
		}
		for _, r := range res {
			text := r.Reason
			for _, e := range r.Failures {
				text += e.Error() + e.Sent + e.Got
			}
			if strings.Contains(text, tok) {
				t.Fatalf("%s shows the token: %s", r.Check, text)
			}
		}
	})
}

// movedClock is a [conformance.Clock] that always moves.
type movedClock struct{}

func (movedClock) Advance(context.Context, time.Duration) error { return nil }
