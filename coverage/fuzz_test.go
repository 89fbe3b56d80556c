package coverage_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// FuzzDecode: a coverage file from anywhere is read, merged and rendered
// without a panic; an accepted one adds nothing when the contract does not
// match.
func FuzzDecode(f *testing.F) {
	sp, err := spec.Load()
	if err != nil {
		f.Fatal(err)
	}
	c, err := coverage.New(coverage.WithSpec(sp))
	if err != nil {
		f.Fatal(err)
	}
	c.Observe(coverage.Exchange{Operation: spec.OpAccount, Environment: coverage.EnvStage, Status: 200,
		Response: map[string]any{"account_id": 1.0, "state": "active"}})
	var b bytes.Buffer
	_ = coverage.Encode(&b, c.Report())
	f.Add(b.Bytes())
	f.Add([]byte(`{"detail":{"format":1,"operations":[{"operation":"/account","statuses":{"abc":1}}]}}`))
	f.Add([]byte(`{"detail":{"format":1,"accounts":[{"environment":"stage","account_id":1,"seen":[["x","active"]]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := coverage.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		m, err := coverage.New(coverage.WithSpec(sp))
		if err != nil {
			t.Fatal(err)
		}
		before := m.Report()
		if err := m.Add(r); err != nil {
			after := m.Report()
			a, _ := json.Marshal(before)
			z, _ := json.Marshal(after)
			if !bytes.Equal(a, z) {
				t.Fatalf("a refused report changed the collector: %v", err)
			}
			return
		}
		_ = coverage.Encode(&bytes.Buffer{}, m.Report())
	})
}

// FuzzObserve: any decoded JSON in any body of any call is counted without
// a panic.
func FuzzObserve(f *testing.F) {
	c, err := coverage.New()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"../testdata/traffic/valid.har"} {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(spec.OpCreate, 200, b[:min(len(b), 4096)], []byte(`{"name":"x","rbits":[{"type":"person"}]}`))
		}
	}
	f.Add(spec.OpFind, 200, []byte(`[{"account_id":1,"state":"active"},null,7]`), []byte(`{"limit":"x"}`))
	f.Add(spec.OpDelete, 404, []byte(`{"error_code":3003.5}`), []byte(`[]`))
	f.Fuzz(func(t *testing.T, op string, status int, resp, req []byte) {
		var rv, qv any
		_ = json.Unmarshal(resp, &rv)
		_ = json.Unmarshal(req, &qv)
		c.Observe(coverage.Exchange{Operation: op, Environment: coverage.EnvStage, Status: status, Request: qv, Response: rv})
		_ = c.Report()
	})
}
