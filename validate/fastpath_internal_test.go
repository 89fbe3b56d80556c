package validate

// Differential tests of the validator's fast paths against what they stand
// in for: the schema fast path (fastNode) against the schema library, and
// depth against a plain state machine. A fast path may be unsure (the
// library then decides), never wrong.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/fixtures"
)

// fpSetup is what every comparison of the fast path with the library
// starts from: a validator, its body schemas with their names (fpSchemas)
// and the seed bodies.
func fpSetup(t testing.TB) (*Validator, []string, map[string]*jsonschema.Schema, []any) {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	names, schemas := fpSchemas(t, v)
	return v, names, schemas, fpSeeds(t)
}

// fpSchemas lists every body schema of every call, by a readable name.
func fpSchemas(t testing.TB, v *Validator) ([]string, map[string]*jsonschema.Schema) {
	t.Helper()
	out := map[string]*jsonschema.Schema{}
	for path, p := range v.ops {
		out[path+" request"] = p.req
		out[path+" response"] = p.resp
		out[path+" error"] = p.errBody
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, out
}

// fpAgree checks the fast path's verdict on val against the library's.
func fpAgree(t testing.TB, v *Validator, name string, sc *jsonschema.Schema, val any) verdict {
	t.Helper()
	n := v.fast[sc]
	if n == nil {
		t.Fatalf("%s: no fast node", name)
	}
	got := n.check(val, 0)
	libOK := sc.Validate(val) == nil
	if (got == fastYes && !libOK) || (got == fastNo && libOK) {
		b, _ := json.Marshal(val)
		t.Fatalf("%s: fast path says %v, the library says valid=%v, for %s", name, got, libOK, b)
	}
	return got
}

// fpSeeds are decoded bodies: the reference examples and every body of the
// data-driven cases, but those with numbers out of range, which validation
// does not hand to the library.
func fpSeeds(t testing.TB) []any {
	t.Helper()
	var raw [][]byte
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		b, err := fixtures.Read(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Request  struct{ Body json.RawMessage }  `json:"request"`
			Response *struct{ Body json.RawMessage } `json:"response"`
		}
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		raw = append(raw, c.Request.Body)
		if c.Response != nil {
			raw = append(raw, c.Response.Body)
		}
	}
	var out []any
	for _, b := range raw {
		if val, err := decode(b); err == nil && len(outOfRangeIn(val)) == 0 {
			out = append(out, val)
		}
	}
	return out
}

// fpValues are replacement values that probe every keyword of the subset.
var fpValues = []string{
	`null`, `true`, `false`, `0`, `-1`, `1`, `12345`, `1.0`, `1e2`, `1.5`, `-0`, `51`, `50`, `9999`, `1003`,
	`123456789012345678901234567890`, `9007199254740993`, `""`, `"a"`, `"USD"`, `"CAD"`, `"US"`, `"CA"`, `"active"`, `"deleted"`,
	`"disabled"`, `"daily"`, `"check"`, `"ach"`, `"not a uri"`, `"https://example.com:8443/x"`, `"3C6E8F"`, `"#fff"`, `"12"`,
	`"🎂🎂🎂"`, `"abc"`, `"` + strings.Repeat("é", 128) + `"`, `"` + strings.Repeat("a", 256) + `"`, `"` + strings.Repeat("é", 255) + `"`,
	`[]`, `[1]`, `["USD","CAD"]`, `["USD"]`, `[null]`, `{}`, `{"settlement_bank_id":1}`, `{"send_check_to_address":{}}`,
	`{"settlement_bank_id":1,"send_check_to_address":{}}`, `{"debit_opt_in":null}`, `{"country_code":"+1","phone_number":"5"}`,
	`{"primary_color":"zzzzzz"}`, `[{"receive_time":1,"type":"email","source":"user","properties":{}}]`,
}

// fpMutate changes val at a random place: a new value, a removed member or
// an added one.
func fpMutate(r *rand.Rand, val any) any {
	var targets []func(any)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k := range x {
				k := k
				targets = append(targets, func(nv any) { x[k] = nv })
				targets = append(targets, func(any) { delete(x, k) })
				walk(x[k])
			}
			targets = append(targets, func(nv any) { x[fmt.Sprintf("extra%d", r.Intn(3))] = nv })
		case []any:
			for i := range x {
				i := i
				targets = append(targets, func(nv any) { x[i] = nv })
				walk(x[i])
			}
		}
	}
	walk(val)
	nv, _ := decode([]byte(fpValues[r.Intn(len(fpValues))]))
	if len(targets) == 0 || r.Intn(20) == 0 {
		return nv
	}
	targets[r.Intn(len(targets))](nv)
	return val
}

func fpClone(v any) any {
	b, _ := json.Marshal(v)
	out, _ := decode(b)
	return out
}

// TestFastPathAgrees mutates every seed body many times and checks each
// fast verdict against the library, under every body schema.
func TestFastPathAgrees(t *testing.T) {
	v, names, schemas, seeds := fpSetup(t)
	r := rand.New(rand.NewSource(1))
	rounds := 40
	if testing.Short() {
		rounds = 5
	}
	count := map[verdict]int{}
	for _, seed := range seeds {
		for i := 0; i < rounds; i++ {
			val := fpClone(seed)
			for k := r.Intn(3); k >= 0; k-- {
				val = fpMutate(r, val)
			}
			for _, n := range names {
				count[fpAgree(t, v, n, schemas[n], val)]++
			}
		}
	}
	t.Logf("verdicts: yes %d, no %d, maybe %d", count[fastYes], count[fastNo], count[fastMaybe])
	if count[fastYes] == 0 || count[fastNo] == 0 {
		t.Errorf("the mutations do not exercise both verdicts: %v", count)
	}
}

// TestFastPathTakesValidBodies checks that the fast path answers every
// valid reference example itself: otherwise validation is correct but slow.
func TestFastPathTakesValidBodies(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		if f.Operation == "" || f.HasQuirk("unlisted-support-phone-number") {
			continue
		}
		b, _ := fixtures.Read(f.Name)
		val, err := decode(b)
		if err != nil {
			t.Fatal(err)
		}
		p := v.ops[f.Operation]
		sc := p.resp
		if f.Side == "request" {
			sc = p.req
		}
		if got := fpAgree(t, v, f.Name, sc, val); got != fastYes {
			t.Errorf("%s: fast path says %v, want yes", f.Name, got)
		}
	}
}

// FuzzFastPath is TestFastPathAgrees driven by the fuzzer: arbitrary JSON
// bodies, and bodies mutated from the seeds.
func FuzzFastPath(f *testing.F) {
	fpFuzz(f, nil, func(t *testing.T, v *Validator, names []string, schemas map[string]*jsonschema.Schema, _ []byte, val any) {
		for _, n := range names {
			fpAgree(t, v, n, schemas[n], val)
		}
	})
}

// fpFuzz is the fuzz loop of the fast path's comparisons, under a
// validator and every body schema (names, schemas): the seed bodies and
// extra are the corpus, and an input that does not decode stands for the
// mutation of a seed that its number picks (fpMutation). each gets the
// value and the bytes it was decoded from (a mutation's encoding).
func fpFuzz(f *testing.F, extra []string, each func(t *testing.T, v *Validator, names []string, schemas map[string]*jsonschema.Schema, body []byte, val any)) {
	v, names, schemas, seeds := fpSetup(f)
	for i := range seeds {
		b, _ := json.Marshal(seeds[i])
		f.Add(b, int64(i))
	}
	for _, b := range extra {
		f.Add([]byte(b), int64(0))
	}
	f.Fuzz(func(t *testing.T, body []byte, seed int64) {
		val, err := decode(body)
		// A body that is not JSON, or with numbers validation does not
		// hand on (json-number-range), stands for a mutation of a seed.
		if err != nil || len(outOfRangeIn(val)) > 0 {
			val = fpMutation(seed, seeds)
			body, _ = json.Marshal(val)
		}
		each(t, v, names, schemas, body, val)
	})
}

// fpMutation is a mutation of the seed body that seed picks.
func fpMutation(seed int64, seeds []any) any {
	r := rand.New(rand.NewSource(seed))
	return fpMutate(r, fpClone(seeds[r.Intn(len(seeds))]))
}

// depthRef is the plain state machine depth stands in for.
func depthRef(b []byte) int {
	d, max, inStr, esc := 0, 0, false, false
	for _, ch := range b {
		switch {
		case inStr:
			if esc {
				esc = false
			} else if ch == '\\' {
				esc = true
			} else if ch == '"' {
				inStr = false
			}
		case ch == '"':
			inStr = true
		case ch == '{' || ch == '[':
			d++
			if d > max {
				max = d
			}
		case ch == '}' || ch == ']':
			d--
		}
	}
	return max
}

func TestDepth(t *testing.T) {
	for _, s := range []string{``, `{}`, `[[]]`, `"[["`, `"\"[["`, `"\\"[[`, `"\\\"[["`, `["]"]`, `{"a":"\\\\"}[`, `"`, `"\`, `"abc\\\\\"[`, `[{"a":[1,{"b":"}}}"}]}]`} {
		if got, want := depth([]byte(s)), depthRef([]byte(s)); got != want {
			t.Errorf("depth(%s) = %d, want %d", s, got, want)
		}
	}
}

func FuzzDepth(f *testing.F) {
	for _, s := range []string{`{}`, `"\\\"[["`, `[{"a":"\\"}]`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := depth(b), depthRef(b); got != want {
			t.Fatalf("depth(%q) = %d, want %d", b, got, want)
		}
	})
}
