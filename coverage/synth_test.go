package coverage_test

import (
	"encoding/json"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

// synthEntry is one recorded exchange of a synthetic HAR.
type synthEntry struct {
	Time    time.Time
	Host    string
	Path    string
	Header  map[string]string
	Request string
	Status  int
	Answer  string
}

// synthHAR writes a HAR of n exchanges made up from seed: every call of the
// contract with generated bodies (rich ones: KYC prefill, rbits, country
// options, settlement methods), a few accounts that move through states
// (so that transitions are observed), error answers with codes, production
// and stage hosts, other WePay calls, other hosts, nulls, empty bodies,
// equal timestamps and entries out of time order.
func synthHAR(tb testing.TB, dir string, seed int64, n int) string {
	tb.Helper()
	entries := synthEntries(tb, seed, n)
	path := filepath.Join(dir, "synth-"+time.Unix(seed, 0).UTC().Format("150405")+".har")
	writeHAR(tb, path, entries)
	return path
}

func synthEntries(tb testing.TB, seed int64, n int) []synthEntry {
	tb.Helper()
	g, err := fake.New(seed, fake.WithOptionalRate(0.35))
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewSource(seed))
	ops := spec.OperationPaths()
	states := []string{spec.StatePending, spec.StateActionRequired, spec.StateActive, spec.StateDisabled}
	type acct struct {
		id    int64
		state string
		host  string
	}
	var accts []*acct
	for i := 0; i < 4; i++ {
		host := "stage.wepayapi.com"
		if i == 3 {
			host = "wepayapi.com"
		}
		accts = append(accts, &acct{id: int64(9000 + i), state: states[rng.Intn(3)], host: host})
	}
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var out []synthEntry
	for i := 0; i < n; i++ {
		a := accts[rng.Intn(len(accts))]
		at := t0.Add(time.Duration(i) * time.Minute)
		switch rng.Intn(9) {
		case 0:
			if len(out) > 0 {
				at = out[len(out)-1].Time // same time as the previous entry
			}
		case 1:
			if i > 3 {
				at = t0.Add(time.Duration(i-3) * time.Minute).Add(time.Second) // out of order
			}
		}
		e := synthEntry{Time: at, Host: a.host, Header: map[string]string{"Authorization": "Bearer SYNTH_token_1234", "Content-Type": "application/json"}}
		if rng.Intn(5) == 0 {
			e.Header["Api-Version"] = "2019-04-03"
		}
		op := ops[rng.Intn(len(ops))]
		e.Path = "/v2" + op
		switch k := rng.Intn(20); {
		case k == 0:
			e.Path, e.Request, e.Status, e.Answer = "/v2/checkout/create", `{"amount":1}`, 200, `{"checkout_id":1}`
			out = append(out, e)
			continue
		case k == 1:
			e.Host, e.Path, e.Request, e.Status, e.Answer = "api.example.com", "/v1/status", "", 200, `{"ok":true}`
			out = append(out, e)
			continue
		}
		req, err := g.Body(op, spec.Request)
		if err != nil {
			tb.Fatal(err)
		}
		rv := req.Value
		if m, ok := rv.(map[string]any); ok {
			if _, has := m["account_id"]; has {
				m["account_id"] = a.id
			}
			if rng.Intn(6) == 0 {
				for k := range m {
					m[k] = nil // a null is not a value
					break
				}
			}
		}
		e.Request = mustJSON(tb, rv)
		if rng.Intn(12) == 0 {
			e.Request = ""
		}
		if rng.Intn(6) == 0 { // an error answer
			codes := []int{1003, 1004, 3001, 3002, 3003, 3008, 1008, 4242}
			code := codes[rng.Intn(len(codes))]
			e.Status = []int{400, 401, 404, 500}[rng.Intn(4)]
			e.Answer = mustJSON(tb, map[string]any{"error": "invalid_request", "error_description": "synthetic", "error_code": code})
			out = append(out, e)
			continue
		}
		// Accounts move: mostly along the table, sometimes not.
		if rng.Intn(3) == 0 {
			a.state = states[rng.Intn(len(states))]
		}
		if op == spec.OpDelete {
			a.state = spec.StateDeleted
		}
		var bopts []fake.BodyOption
		if a.state != spec.StateDeleted || op == spec.OpDelete {
			bopts = append(bopts, fake.WithState(a.state))
		}
		resp, err := g.Body(op, spec.Response, bopts...)
		if err != nil {
			tb.Fatal(err)
		}
		setIDs(resp.Value, a.id)
		e.Status, e.Answer = 200, mustJSON(tb, resp.Value)
		if a.state == spec.StateDeleted {
			a.id += 100 // a new account takes its place
			a.state = spec.StatePending
		}
		out = append(out, e)
	}
	return out
}

// setIDs puts the account's id in an answer (the first account of a find).
func setIDs(v any, id int64) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["account_id"]; ok {
			x["account_id"] = id
		}
	case []any:
		if len(x) > 0 {
			setIDs(x[0], id)
		}
	}
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func writeHAR(tb testing.TB, path string, entries []synthEntry) {
	tb.Helper()
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	var list []any
	for _, e := range entries {
		var hs []nv
		for k, v := range e.Header {
			hs = append(hs, nv{k, v})
		}
		req := map[string]any{"method": http.MethodPost, "url": "https://" + e.Host + e.Path, "httpVersion": "HTTP/1.1",
			"headers": hs, "queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": len(e.Request)}
		if e.Request != "" {
			req["postData"] = map[string]any{"mimeType": "application/json", "text": e.Request}
		}
		list = append(list, map[string]any{
			"startedDateTime": e.Time.Format(time.RFC3339Nano), "time": 1, "cache": map[string]any{},
			"timings": map[string]any{"send": 0, "wait": 1, "receive": 0},
			"request": req,
			"response": map[string]any{"status": e.Status, "statusText": http.StatusText(e.Status), "httpVersion": "HTTP/1.1",
				"headers": []nv{{"Content-Type", "application/json"}}, "cookies": []any{}, "redirectURL": "",
				"headersSize": -1, "bodySize": len(e.Answer),
				"content": map[string]any{"size": len(e.Answer), "mimeType": "application/json", "text": e.Answer}},
		})
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "synth", "version": "1"}, "entries": list}}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}
