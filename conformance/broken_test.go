package conformance_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// The deliberately broken servers below each wrap the fake server's
// handler and break one promise of the contract.

// acceptsLongNames cuts an over-long account name to 255 characters before
// /account/create and /account/modify see it, so the call succeeds where
// WePay refuses it.
func acceptsLongNames(h http.Handler, _ *knownTokens) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/account/create" || r.URL.Path == "/v2/account/modify" {
			body, _ := io.ReadAll(r.Body)
			var m map[string]any
			if json.Unmarshal(body, &m) == nil {
				if name, ok := m["name"].(string); ok && utf8.RuneCountInString(name) > 255 {
					m["name"] = string([]rune(name)[:255])
					body, _ = json.Marshal(m)
				}
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		h.ServeHTTP(w, r)
	})
}

// sleepingState answers every account's state as "sleeping", a value the
// contract's enum lacks.
func sleepingState(h http.Handler, _ *knownTokens) http.Handler {
	state := regexp.MustCompile(`"state":"[a-z_]*"`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := state.ReplaceAll(rec.Body.Bytes(), []byte(`"state":"sleeping"`))
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// undeadAccounts lets a deleted account come back: after a successful
// /account/delete, /account answers the account as it was, but active.
func undeadAccounts(h http.Handler, _ *knownTokens) http.Handler {
	var mu sync.Mutex
	ghosts := map[int64]map[string]any{}
	serve := func(r *http.Request, path string, body []byte) *httptest.ResponseRecorder {
		in := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		in.Header = r.Header.Clone()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, in)
		return rec
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var q struct {
			AccountID int64 `json:"account_id"`
		}
		_ = json.Unmarshal(body, &q)
		switch r.URL.Path {
		case "/v2/account/delete":
			before := serve(r, "/v2/account", body)
			rec := serve(r, r.URL.Path, body)
			var acct map[string]any
			if rec.Code == http.StatusOK && json.Unmarshal(before.Body.Bytes(), &acct) == nil {
				acct["state"], acct["action_reasons"], acct["disabled_reasons"], acct["disablement_time"] = "active", []any{}, []any{}, nil
				mu.Lock()
				ghosts[q.AccountID] = acct
				mu.Unlock()
			}
			copyTo(w, rec)
			return
		case "/v2/account":
			mu.Lock()
			acct, ok := ghosts[q.AccountID]
			mu.Unlock()
			if ok {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(acct)
				return
			}
		}
		copyTo(w, serve(r, r.URL.Path, body))
	})
}

func copyTo(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// ignoresAuth lets every call through: a request without a valid Bearer
// token gets one injected.
func ignoresAuth(h http.Handler, valid *knownTokens) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !valid.has(tok) {
			r.Header.Set("Authorization", "Bearer "+valid.owner())
		}
		h.ServeHTTP(w, r)
	})
}
