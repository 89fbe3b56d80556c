package conformance_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// pendingChecks are the checks of the state table's edges out of pending.
var pendingChecks = []string{
	"states/pending->action_required",
	"states/pending->active",
	"states/pending->disabled",
	"states/pending->deleted",
}

// statuses runs the pending checks and returns each one's result.
func pendingResults(t *testing.T, target conformance.Target) (map[string]conformance.Result, *conformance.Report) {
	t.Helper()
	target.Run = "^states/pending->"
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]conformance.Result{}
	for _, r := range rep.Results {
		out[r.Check] = r
	}
	for _, c := range pendingChecks {
		if _, ok := out[c]; !ok {
			t.Fatalf("no check %s among %v", c, rep.Results)
		}
	}
	return out, rep
}

// TestPendingChecksRunAgainstTheFake: the fake's Driver issues temporary
// access tokens, so every edge out of pending runs and passes, and the
// accounts the checks made with those tokens are deleted at the end.
func TestPendingChecksRunAgainstTheFake(t *testing.T) {
	t.Parallel()
	res, rep := pendingResults(t, fakeTarget(t, nil))
	for _, c := range pendingChecks {
		if r := res[c]; r.Status != conformance.StatusPass {
			t.Errorf("%s: %s %s %v", c, r.Status, r.Reason, r.Failures)
		}
	}
	if len(rep.Left) != 0 {
		t.Errorf("the run left accounts %v (created %d): the temporary token's accounts must be deleted with it", rep.Left, rep.Created)
	}
}

// setterOnly is a stand-in's driver that sets states but issues no
// temporary access token.
type setterOnly struct {
	conformance.StateDriver
	conformance.StateSetter
}

// issuerOnly is a stand-in's driver that issues temporary access tokens but
// cannot set states.
type issuerOnly struct {
	conformance.StateDriver
	conformance.TemporaryTokenIssuer
}

// TestPendingChecksSkipWithoutTheCapability: a driver without what an edge
// needs has the edge skipped, saying what is missing, never passed.
func TestPendingChecksSkipWithoutTheCapability(t *testing.T) {
	t.Parallel()
	t.Run("no-temporary-tokens", func(t *testing.T) {
		t.Parallel()
		target := fakeTarget(t, nil)
		d := target.Driver.(issuing).Driver
		target.Driver = setterOnly{d, d}
		res, _ := pendingResults(t, target)
		for _, c := range pendingChecks {
			if r := res[c]; r.Status != conformance.StatusSkip || !strings.Contains(r.Reason, "temporary access token") || !strings.Contains(r.Reason, "TemporaryToken") {
				t.Errorf("%s: %s %q, want a skip that names the temporary token", c, r.Status, r.Reason)
			}
		}
	})
	t.Run("no-set-state", func(t *testing.T) {
		t.Parallel()
		target := fakeTarget(t, nil)
		d := target.Driver.(issuing)
		target.Driver = issuerOnly{d, d}
		res, _ := pendingResults(t, target)
		for _, c := range pendingChecks {
			r := res[c]
			switch c {
			case "states/pending->disabled", "states/pending->deleted":
				if r.Status != conformance.StatusPass {
					t.Errorf("%s: %s %s, want pass (Disable and /account/delete take it)", c, r.Status, r.Reason)
				}
			default:
				if r.Status != conformance.StatusSkip || !strings.Contains(r.Reason, "SetState") {
					t.Errorf("%s: %s %q, want a skip that names SetState", c, r.Status, r.Reason)
				}
			}
		}
	})
	t.Run("admin-route-missing", func(t *testing.T) {
		t.Parallel()
		h, err := wepaytest.New(wepaytest.WithAdmin(true), wepaytest.WithHTTPClient(&http.Client{Transport: ipnOnly{}}))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/admin/temporary_users" { // an older stand-in
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"no such admin route","error_code":1001}`))
				return
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(func() { h.Close(); srv.Close() })
		user := h.NewUser("owner")
		target := conformance.Target{BaseURL: srv.URL + "/v2", Client: srv.Client(), Token: user.Token,
			Driver: &conformance.Admin{URL: srv.URL, Client: srv.Client(), Token: h.AdminToken()}}
		res, _ := pendingResults(t, target)
		for _, c := range pendingChecks {
			if r := res[c]; r.Status != conformance.StatusSkip || !strings.Contains(r.Reason, "temporary access token") || !strings.Contains(r.Reason, "HTTP 404") {
				t.Errorf("%s: %s %q, want a skip that names the missing route's answer", c, r.Status, r.Reason)
			}
		}
	})
}

// forgetsPending answers every pending account as action_required: a
// stand-in that ignores temporary access tokens.
func forgetsPending(h http.Handler, _ *knownTokens) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"state":"pending"`), []byte(`"state":"action_required"`))
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// TestPendingChecksFailAStandInThatForgetsPending: an account created with
// a temporary access token that does not start in pending fails every
// edge out of pending, and no failure shows the temporary token.
func TestPendingChecksFailAStandInThatForgetsPending(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, forgetsPending)
	res, _ := pendingResults(t, target)
	known := target.Driver.(issuing).known
	known.mu.Lock()
	tokens := slices.Clone(known.tokens)
	known.mu.Unlock()
	if len(tokens) != 2+len(pendingChecks) {
		t.Fatalf("%d tokens known, want the two users' and one temporary token per check", len(tokens))
	}
	for _, c := range pendingChecks {
		r := res[c]
		if r.Status != conformance.StatusFail || len(r.Failures) == 0 || !strings.Contains(r.Failures[0].Cause, "temporary access token's new account starts in \"action_required\", not pending") || strings.Contains(r.Failures[0].Msg, "[REDACTED]") {
			t.Errorf("%s: %s %q, want a failure about the state a temporary token's account starts in", c, r.Status, r.Reason)
			continue
		}
		for _, f := range r.Failures {
			for _, tok := range tokens {
				if strings.Contains(f.Error(), tok) || strings.Contains(f.Sent, tok) || strings.Contains(f.Got, tok) {
					t.Errorf("%s: a failure shows a token: %s", c, f)
				}
			}
		}
	}
}
