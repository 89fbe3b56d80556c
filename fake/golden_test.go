package fake_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// goldens pins the exact bytes some seeds give; a change to them changes
// every user's fixtures, so it must be deliberate (go test ./fake/ -update).
var goldens = []struct {
	file string
	op   string
	side spec.Side
	seed int64
	opts []fake.BodyOption
}{
	{"account.response.1.json", "/account", spec.Response, 1, nil},
	{"account.response.2.disabled.ca.json", "/account", spec.Response, 2, []fake.BodyOption{fake.WithState("disabled"), fake.WithCountry("CA")}},
	{"create.request.7.json", "/account/create", spec.Request, 7, nil},
	{"find.response.42.json", "/account/find", spec.Response, 42, nil},
	{"get_update_uri.request.5.all.json", "/account/get_update_uri", spec.Request, 5, []fake.BodyOption{fake.WithAllFields()}},
	{"settlement_setup.request.3.json", "/account/settlement_setup", spec.Request, 3, nil},
}

func TestGolden(t *testing.T) {
	c := contract(t)
	for _, g := range goldens {
		p, err := c.Generator(g.seed).Body(g.op, g.side, g.opts...)
		if err != nil {
			t.Fatal(err)
		}
		assertGolden(t, g.file, p.Line())
	}
	vs, err := c.Generator(1).Invalid("/account/settlement_setup", spec.Request)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, v := range vs {
		line, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(line, '\n'))
	}
	assertGolden(t, "settlement_setup.request.1.invalid.jsonl", buf.Bytes())
}

func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update || fixtures.UpdateRequested() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./fake/ -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the generated body (run go test ./fake/ -update if the change is deliberate)\nwant %s\ngot  %s", name, want, got)
	}
}
