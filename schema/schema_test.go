package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/internal/schemagen"
	"github.com/wepaykit/wepaykit/schema"
	"github.com/wepaykit/wepaykit/spec"
)

func embedded(tb testing.TB) *schema.Set {
	tb.Helper()
	set, err := schema.Embedded()
	if err != nil {
		tb.Fatalf("Embedded: %v", err)
	}
	return set
}

func TestEmbeddedCompilesAll(t *testing.T) {
	set := embedded(t)
	files, err := fs.Glob(schema.FS(), "*"+schema.Suffix)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no embedded schema files")
	}
	var want []string
	for _, f := range files {
		want = append(want, strings.TrimSuffix(f, schema.Suffix))
	}
	sort.Strings(want)
	if got := set.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want the embedded files %v", got, want)
	}
	for _, n := range set.Names() {
		if _, err := set.Schema(n); err != nil {
			t.Errorf("Schema(%s): %v", n, err)
		}
		src, err := set.Source(n)
		if err != nil || !json.Valid(src) {
			t.Errorf("Source(%s): %v", n, err)
		}
		var head struct {
			ID     string `json:"$id"`
			Schema string `json:"$schema"`
		}
		if err := json.Unmarshal(src, &head); err != nil {
			t.Fatal(err)
		}
		if head.ID != schema.BaseID+n+schema.Suffix || head.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $id %q $schema %q", n, head.ID, head.Schema)
		}
	}
	var nf *schema.NotFoundError
	if _, err := set.Schema("Nope"); !errors.As(err, &nf) {
		t.Errorf("Schema(Nope): %v, want *schema.NotFoundError", err)
	}
}

func TestNamesMatchSpecComponents(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range s.Document().Components.Schemas {
		want = append(want, name)
	}
	sort.Strings(want)
	if got := embedded(t).Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v\nwant components.schemas %v", got, want)
	}
}

func TestOperationsMatchSpec(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	set := embedded(t)
	var want []string
	for _, op := range s.Operations() {
		want = append(want, op.Path)
		for side, specName := range map[schema.Side]string{
			schema.Request: op.RequestSchema, schema.Response: op.ResponseSchema, schema.Error: op.ErrorSchema,
		} {
			got, err := set.SchemaName(op.Path, side)
			if err != nil || got != specName {
				t.Errorf("SchemaName(%s, %s) = %q, %v; the spec says %q", op.Path, side, got, err, specName)
			}
		}
	}
	sort.Strings(want)
	if got := set.Operations(); !slices.Equal(got, want) {
		t.Errorf("Operations() = %v, want %v", got, want)
	}
}

// TestGeneratedFilesUpToDate regenerates the schema files from the embedded
// spec and compares them byte for byte with the embedded ones.
func TestGeneratedFilesUpToDate(t *testing.T) {
	gen, err := schemagen.Generate(spec.Embedded())
	if err != nil {
		t.Fatalf("schemagen.Generate: %v", err)
	}
	have := map[string][]byte{}
	err = fs.WalkDir(schema.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(schema.FS(), p)
		have[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stale, missing, extra := compareGenerated(gen, have)
	if len(stale)+len(missing)+len(extra) > 0 {
		t.Errorf("the schema files are out of date with spec/openapi.yaml; run `go generate ./schema/`\n"+
			"  stale:   %v\n  missing: %v\n  extra:   %v", stale, missing, extra)
	}
}

// compareGenerated lists the files whose content differs, the generated files
// that are not embedded, and the embedded files the generator does not make.
func compareGenerated(gen, have map[string][]byte) (stale, missing, extra []string) {
	for name, want := range gen {
		got, ok := have[name]
		switch {
		case !ok:
			missing = append(missing, name)
		case !bytes.Equal(got, want):
			stale = append(stale, name)
		}
	}
	for name := range have {
		if _, ok := gen[name]; !ok {
			extra = append(extra, name)
		}
	}
	sort.Strings(stale)
	sort.Strings(missing)
	sort.Strings(extra)
	return stale, missing, extra
}

func TestCompareGeneratedFindsDrift(t *testing.T) {
	gen := map[string][]byte{"A.schema.json": []byte("a"), "B.schema.json": []byte("b"), "operations.json": []byte("{}")}
	have := map[string][]byte{"A.schema.json": []byte("a"), "B.schema.json": []byte("b2"), "C.schema.json": []byte("c")}
	stale, missing, extra := compareGenerated(gen, have)
	if !slices.Equal(stale, []string{"B.schema.json"}) || !slices.Equal(missing, []string{"operations.json"}) ||
		!slices.Equal(extra, []string{"C.schema.json"}) {
		t.Errorf("compareGenerated = %v %v %v", stale, missing, extra)
	}
}

// fixtureExceptions are the reference examples that do not validate, each
// because of a documented quirk, with the keyword and instance location that
// must fail. The test checks that they still fail exactly so.
var fixtureExceptions = map[string]struct {
	quirk    string
	keyword  string // last token of the failing keyword location
	instance string // JSON pointer of the failing value
	detail   string // a word the message must contain
}{
	// The /account/create response example carries support_phone_number, a
	// field no table lists; the schema does not add it.
	"create.response": {"unlisted-support-phone-number", "additionalProperties", "", "support_phone_number"},
}

func TestFixturesValidate(t *testing.T) {
	set := embedded(t)
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 25 {
		t.Errorf("fixtures.All() lists %d fixtures, want the reference's 25", len(all))
	}
	for name := range fixtureExceptions {
		if !slices.ContainsFunc(all, func(f fixtures.Fixture) bool { return f.Name == name }) {
			t.Errorf("exception %s names no fixture", name)
		}
	}
	for _, f := range all {
		t.Run(f.Name, func(t *testing.T) {
			sc, inst := fixtureTarget(t, set, f)
			err := sc.Validate(inst)
			exc, isException := fixtureExceptions[f.Name]
			if !isException {
				if err != nil {
					t.Errorf("%s does not validate: %#v", f.Name, err)
				}
				return
			}
			if !f.HasQuirk(exc.quirk) {
				t.Errorf("exception %s names quirk %s, which the fixture does not record", f.Name, exc.quirk)
			}
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("exception %s (quirk %s) now validates (%v): remove it from fixtureExceptions", f.Name, exc.quirk, err)
			}
			leaves := leafErrors(ve)
			if len(leaves) != 1 {
				t.Fatalf("exception %s fails in %d places, want only the quirk's: %#v", f.Name, len(leaves), ve)
			}
			kw := leaves[0].KeywordLocation[strings.LastIndex(leaves[0].KeywordLocation, "/")+1:]
			if kw != exc.keyword || leaves[0].InstanceLocation != exc.instance || !strings.Contains(leaves[0].Message, exc.detail) {
				t.Errorf("exception %s fails with %s at %q (%s), want %s at %q mentioning %s",
					f.Name, kw, leaves[0].InstanceLocation, leaves[0].Message, exc.keyword, exc.instance, exc.detail)
			}
		})
	}
}

// fixtureTarget finds the schema a fixture must validate against (by call
// and side, or by structure name) and the instance at the fixture's pointer.
func fixtureTarget(t *testing.T, set *schema.Set, f fixtures.Fixture) (*jsonschema.Schema, any) {
	t.Helper()
	var sc *jsonschema.Schema
	var err error
	if f.Operation != "" {
		sc, err = set.ForOperation(f.Operation, schema.Side(f.Side))
		// The manifest names call schemas "create.request", "account.response", ...
		label := "account"
		if f.Operation != "/account" {
			label = strings.TrimPrefix(f.Operation, "/account/")
		}
		if f.Schema != label+"."+f.Side {
			t.Errorf("fixture %s names schema %s for %s %s", f.Name, f.Schema, f.Operation, f.Side)
		}
	} else {
		sc, err = set.Schema(f.Schema)
	}
	if err != nil {
		t.Fatalf("schema for %s (%s %s %s): %v", f.Name, f.Operation, f.Side, f.Schema, err)
	}
	data, err := fixtures.Read(f.Name)
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, data)
	inst, ok := pointer(doc, f.Pointer)
	if !ok {
		t.Fatalf("%s: pointer %q finds nothing", f.Name, f.Pointer)
	}
	return sc, inst
}

func decode(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

// pointer resolves an RFC 6901 pointer.
func pointer(v any, p string) (any, bool) {
	if p == "" {
		return v, true
	}
	for _, tok := range strings.Split(p, "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func leafErrors(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

// TestSettlementMethodExactlyOne: "One of settlement_bank_id or
// send_check_to_address must be set" and "containing exactly one of these".
func TestSettlementMethodExactlyOne(t *testing.T) {
	sc, err := embedded(t).Schema("SettlementMethod")
	if err != nil {
		t.Fatal(err)
	}
	addr := `{"address1": "380 Portage Ave", "city": "Palo Alto", "region": "CA", "postal_code": "94603", "country": "US"}`
	cases := map[string]bool{
		`{"settlement_bank_id": 12345}`:           true,
		`{"send_check_to_address": ` + addr + `}`: true,
		`{}`: false,
		`{"settlement_bank_id": 12345, "send_check_to_address": ` + addr + `}`: false,
		`{"settlement_bank_id": "12345"}`:                                      false,
	}
	for body, valid := range cases {
		if err := sc.Validate(decode(t, []byte(body))); (err == nil) != valid {
			t.Errorf("%s: valid %v, want %v (%v)", body, err == nil, valid, err)
		}
	}
}

// copyEmbedded writes the embedded files into a temporary directory.
func copyEmbedded(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := fs.ReadDir(schema.FS(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(schema.FS(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadDir(t *testing.T) {
	dir := copyEmbedded(t)
	set, err := schema.LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir of a faithful copy: %v", err)
	}
	if !slices.Equal(set.Names(), embedded(t).Names()) {
		t.Errorf("LoadDir of a copy has other names")
	}
}

func TestLoadDirBroken(t *testing.T) {
	edit := func(t *testing.T, dir, file string, f func([]byte) []byte) {
		t.Helper()
		p := filepath.Join(dir, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("invalid JSON", func(t *testing.T) {
		dir := copyEmbedded(t)
		edit(t, dir, "Account.schema.json", func(b []byte) []byte { return b[:len(b)/2] })
		_, err := schema.LoadDir(dir)
		var le *schema.LoadError
		if !errors.As(err, &le) || le.File != "Account.schema.json" {
			t.Fatalf("LoadDir: %v (%T), want *schema.LoadError for Account.schema.json", err, err)
		}
	})
	t.Run("unknown $ref", func(t *testing.T) {
		dir := copyEmbedded(t)
		edit(t, dir, "Account.schema.json", func(b []byte) []byte {
			old := []byte(`"$ref": "AccountBalance.schema.json"`)
			if !bytes.Contains(b, old) {
				t.Fatalf("Account.schema.json no longer refers to AccountBalance")
			}
			return bytes.Replace(b, old, []byte(`"$ref": "NoSuchThing.schema.json"`), 1)
		})
		_, err := schema.LoadDir(dir)
		var ce *schema.CompileError
		if !errors.As(err, &ce) {
			t.Fatalf("LoadDir: %v (%T), want *schema.CompileError", err, err)
		}
		if ce.Name != "Account" {
			t.Errorf("CompileError names %q, want Account", ce.Name)
		}
	})
	t.Run("not a schema", func(t *testing.T) {
		dir := copyEmbedded(t)
		edit(t, dir, "HexColor.schema.json", func([]byte) []byte {
			return []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "` + schema.BaseID + `HexColor.schema.json", "type": 7}`)
		})
		_, err := schema.LoadDir(dir)
		var ce *schema.CompileError
		if !errors.As(err, &ce) {
			t.Fatalf("LoadDir: %v (%T), want *schema.CompileError", err, err)
		}
	})
	t.Run("index names an unknown schema", func(t *testing.T) {
		dir := copyEmbedded(t)
		edit(t, dir, schema.IndexFile, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"AccountLookupRequest"`), []byte(`"Missing"`), 1)
		})
		_, err := schema.LoadDir(dir)
		var le *schema.LoadError
		var nf *schema.NotFoundError
		if !errors.As(err, &le) || le.File != schema.IndexFile || !errors.As(err, &nf) || nf.Name != "Missing" {
			t.Fatalf("LoadDir: %v, want *schema.LoadError for %s wrapping *schema.NotFoundError", err, schema.IndexFile)
		}
	})
	t.Run("index not JSON", func(t *testing.T) {
		dir := copyEmbedded(t)
		edit(t, dir, schema.IndexFile, func([]byte) []byte { return []byte("[") })
		var le *schema.LoadError
		if _, err := schema.LoadDir(dir); !errors.As(err, &le) {
			t.Fatalf("LoadDir: %v, want *schema.LoadError", err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		_, err := schema.LoadDir(filepath.Join(t.TempDir(), "nope"))
		var le *schema.LoadError
		if !errors.As(err, &le) || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("LoadDir: %v, want *schema.LoadError wrapping fs.ErrNotExist", err)
		}
	})
	t.Run("empty directory", func(t *testing.T) {
		_, err := schema.LoadDir(t.TempDir())
		var le *schema.LoadError
		if !errors.As(err, &le) {
			t.Fatalf("LoadDir: %v, want *schema.LoadError", err)
		}
	})
}

func TestForOperationErrors(t *testing.T) {
	set := embedded(t)
	var nf *schema.NotFoundError
	_, err := set.ForOperation("/account/nope", schema.Request)
	if !errors.As(err, &nf) || nf.Operation != "/account/nope" {
		t.Errorf("ForOperation of an unknown call: %v (%T), want *schema.NotFoundError", err, err)
	}
	_, err = set.ForOperation("/account", schema.Side("sideways"))
	if !errors.As(err, &nf) || nf.Side != "sideways" {
		t.Errorf("ForOperation of an unknown side: %v, want *schema.NotFoundError naming the side", err)
	}
	// A missing leading slash or a trailing slash still finds the call.
	for _, op := range []string{"account/create", "/account/create/"} {
		if _, err := set.ForOperation(op, schema.Request); err != nil {
			t.Errorf("ForOperation(%q): %v", op, err)
		}
	}
}

// TestConcurrentValidation validates every fixture from 8 goroutines at once;
// run with -race.
func TestConcurrentValidation(t *testing.T) {
	set := embedded(t)
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		name string
		sc   *jsonschema.Schema
		data []byte
		ptr  string
	}
	var jobs []job
	for _, f := range all {
		sc, _ := fixtureTarget(t, set, f)
		data, _ := fixtures.Read(f.Name)
		jobs = append(jobs, job{f.Name, sc, data, f.Pointer})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(jobs))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range jobs {
				j := jobs[(i+g)%len(jobs)]
				var v any
				dec := json.NewDecoder(bytes.NewReader(j.data))
				dec.UseNumber()
				if err := dec.Decode(&v); err != nil {
					errs <- err
					return
				}
				inst, _ := pointer(v, j.ptr)
				err := j.sc.Validate(inst)
				if _, exc := fixtureExceptions[j.name]; exc != (err != nil) {
					errs <- fmt.Errorf("goroutine %d: %s: %v", g, j.name, err)
				}
				// Lookups race with validation.
				if _, err := set.ForOperation("/account/create", schema.Response); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
