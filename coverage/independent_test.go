package coverage_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// counts is what an independent reading of HAR files finds: no traffic
// reader, no validator, no collector; encoding/json into plain maps.
type counts struct {
	Calls       map[string]int // per operation
	Other       map[string]int
	Fields      map[string]int // "op side pointer" -> exchanges
	Codes       map[string]int // "op code" -> exchanges
	Statuses    map[string]int // "op status"
	States      map[string]int
	Transitions map[string]int // "from -> to" (allowed and not)
	// Allowed counts the changes the state table permits with the reasons
	// the account listed before the move, by "from -> to".
	Allowed map[string]int
	Envs    map[string]int
}

func independentCount(t *testing.T, files ...string) counts {
	t.Helper()
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, op := range sp.Operations() {
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			fs, _ := sp.Fields(op.Path, side)
			for _, f := range fs {
				known[op.Path+" "+string(side)+" "+f.Pointer] = true
			}
		}
	}
	c := counts{Calls: map[string]int{}, Other: map[string]int{}, Fields: map[string]int{}, Codes: map[string]int{},
		Statuses: map[string]int{}, States: map[string]int{}, Transitions: map[string]int{}, Envs: map[string]int{}, Allowed: map[string]int{}}
	type obs struct {
		t        time.Time
		n        int
		file     string // accounts are followed within their file
		env      string
		id       float64
		state    string
		disabled []string
	}
	var seen []obs
	n := 0
	for _, file := range files {
		var har struct {
			Log struct {
				Entries []struct {
					Started string `json:"startedDateTime"`
					Request struct {
						URL      string `json:"url"`
						PostData *struct {
							Text string `json:"text"`
						} `json:"postData"`
					} `json:"request"`
					Response struct {
						Status  int `json:"status"`
						Content struct {
							Text string `json:"text"`
						} `json:"content"`
					} `json:"response"`
				} `json:"entries"`
			} `json:"log"`
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &har); err != nil {
			t.Fatal(err)
		}
		for _, e := range har.Log.Entries {
			n++
			u, err := url.Parse(e.Request.URL)
			if err != nil {
				t.Fatal(err)
			}
			env := ""
			switch u.Hostname() {
			case "wepayapi.com":
				env = "production"
			case "stage.wepayapi.com":
				env = "stage"
			default:
				continue // not WePay's: audit skips it
			}
			op := strings.TrimSuffix(strings.TrimPrefix(u.Path, "/v2"), "/")
			if op != "/account" && !strings.HasPrefix(op, "/account/") {
				continue // another WePay call (/checkout/create): outside /account, audit does not validate it
			}
			c.Envs[env]++
			if _, ok := sp.Operation(op); !ok {
				c.Other[op]++
				continue
			}
			c.Calls[op]++
			c.Statuses[op+" "+strconv.Itoa(e.Response.Status)]++
			present := map[string]bool{}
			if e.Request.PostData != nil && strings.TrimSpace(e.Request.PostData.Text) != "" {
				var v any
				if json.Unmarshal([]byte(e.Request.PostData.Text), &v) == nil {
					pointers(v, "", func(p string) { present[op+" request "+p] = true })
				}
			}
			var answer any
			if json.Unmarshal([]byte(e.Response.Content.Text), &answer) != nil {
				answer = nil
			}
			switch st := e.Response.Status; {
			case st == 200 && answer != nil:
				pointers(answer, "", func(p string) { present[op+" response "+p] = true })
				accounts := []any{answer}
				if arr, ok := answer.([]any); ok {
					accounts = arr
				}
				for _, a := range accounts {
					m, _ := a.(map[string]any)
					id, ok1 := m["account_id"].(float64)
					state, ok2 := m["state"].(string)
					if ok1 && ok2 {
						started, _ := time.Parse(time.RFC3339Nano, e.Started)
						var disabled []string
						reasons, _ := m["disabled_reasons"].([]any)
						for _, r := range reasons {
							if s, ok := r.(string); ok {
								disabled = append(disabled, s)
							}
						}
						seen = append(seen, obs{t: started, n: n, file: file, env: env, id: id, state: state, disabled: disabled})
						c.States[state]++
					}
				}
			case st >= 400 && st <= 599:
				if m, ok := answer.(map[string]any); ok {
					if code, ok := m["error_code"].(float64); ok {
						c.Codes[op+" "+strconv.Itoa(int(code))]++
					}
				}
			}
			for p := range present {
				if known[p] {
					c.Fields[p]++
				}
			}
		}
	}
	sort.SliceStable(seen, func(a, b int) bool {
		if !seen[a].t.Equal(seen[b].t) {
			return seen[a].t.Before(seen[b].t)
		}
		return seen[a].n < seen[b].n
	})
	table, _ := spec.AccountStates()
	last := map[string]obs{}
	for _, o := range seen {
		k := fmt.Sprintf("%s/%s/%v", o.file, o.env, o.id)
		if prev, ok := last[k]; ok && prev.state != o.state {
			key := prev.state + " -> " + o.state
			c.Transitions[key]++
			if table.Permit(prev.state, o.state, spec.Reasons{Disabled: prev.disabled}) == nil {
				c.Allowed[key]++
			}
		}
		last[k] = o
	}
	return c
}

// pointers calls fn with the pointer pattern ("*" for indexes) of every
// non-null value under v.
func pointers(v any, at string, fn func(string)) {
	if v == nil {
		return
	}
	if at != "" {
		fn(at)
	}
	switch x := v.(type) {
	case map[string]any:
		for k, cv := range x {
			pointers(cv, at+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), fn)
		}
	case []any:
		for _, e := range x {
			pointers(e, at+"/*", fn)
		}
	}
}

// fromReport reads the same counts out of a coverage report.
func fromReport(r *coverage.Report) counts {
	c := counts{Calls: map[string]int{}, Other: r.Detail.OtherCalls, Fields: map[string]int{}, Codes: map[string]int{},
		Statuses: map[string]int{}, States: r.Detail.States, Transitions: map[string]int{}, Envs: r.Detail.Environments, Allowed: map[string]int{}}
	for _, od := range r.Detail.Operations {
		if od.Calls > 0 {
			c.Calls[od.Operation] = od.Calls
		}
		for st, n := range od.Statuses {
			c.Statuses[od.Operation+" "+st] = n
		}
		for _, cs := range od.ErrorCodes {
			if cs.Seen > 0 {
				c.Codes[od.Operation+" "+strconv.FormatInt(cs.Code, 10)] = cs.Seen
			}
		}
		for side, fields := range map[string][]coverage.FieldSeen{"request": od.Request, "response": od.Response} {
			for _, f := range fields {
				if f.Seen > 0 {
					c.Fields[od.Operation+" "+side+" "+f.Pointer] = f.Seen
				}
			}
		}
	}
	for _, tr := range r.Detail.Transitions { // a change may be listed twice: allowed for some accounts, not for others
		if tr.Count > 0 {
			c.Transitions[tr.From+" -> "+tr.To] += tr.Count
			if tr.Allowed {
				c.Allowed[tr.From+" -> "+tr.To] += tr.Count
			}
		}
	}
	return c
}

// TestCountsMatchAnIndependentCount validates synthetic recordings (and
// the repository's samples) and compares every count with one made by
// reading the same files with encoding/json alone.
func TestCountsMatchAnIndependentCount(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]string{
		"samples":   {"../testdata/traffic/samples.har"},
		"valid":     {"../testdata/traffic/valid.har"},
		"synth":     {synthHAR(t, dir, 1, 200)},
		"synth-two": {synthHAR(t, dir, 2, 120), synthHAR(t, dir, 3, 90)},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			want := independentCount(t, files...)
			r := auditFiles(t, files...)
			got := fromReport(r)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("counts differ (-independent +coverage):\n%s", diff)
			}
			// The dimensions agree with the counts.
			if r.Operations.Covered != len(want.Calls) {
				t.Errorf("operations covered %d, independent %d", r.Operations.Covered, len(want.Calls))
			}
			if r.Fields.Covered != len(want.Fields) {
				t.Errorf("fields covered %d, independent %d", r.Fields.Covered, len(want.Fields))
			}
			allowed := len(want.Allowed)
			if r.Transitions.Covered != allowed {
				t.Errorf("transitions covered %d, independent %d", r.Transitions.Covered, allowed)
			}
			t.Logf("%d calls, %d fields, %d transitions (%d allowed)", r.Detail.Exchanges, len(want.Fields), len(want.Transitions), allowed)
		})
	}
}
