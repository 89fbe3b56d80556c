package validate

// Differential tests of the fast path's findings (fastfindings.go) against
// the schema library's, mapped by mapError: wherever the fast path reports
// findings itself they must be exactly the library's.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

// ffCompare validates val against sc both ways; taken reports whether the
// fast path gave the findings itself.
func ffCompare(t testing.TB, v *Validator, name string, sc *jsonschema.Schema, val any) (taken bool) {
	t.Helper()
	n := v.fast[sc]
	if n == nil || n.check(val, 0) != fastNo {
		return false
	}
	var slow, fast []Finding
	cs := &call{v: v, op: "/op", side: spec.Request, out: &slow}
	cs.slowSchema(sc, val)
	cf := &call{v: v, op: "/op", side: spec.Request, out: &fast}
	if !cf.fastFindings(n, val) {
		if len(fast) != 0 {
			t.Fatalf("%s: the fast path gave up but left %d findings", name, len(fast))
		}
		return false
	}
	ffSort(slow)
	ffSort(fast)
	if !reflect.DeepEqual(slow, fast) {
		b, _ := json.Marshal(val)
		t.Fatalf("%s: for %s\nlibrary:   %+v\nfast path: %+v", name, b, slow, fast)
	}
	return true
}

func ffSort(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool { return fmt.Sprintf("%+v", fs[i]) < fmt.Sprintf("%+v", fs[j]) })
}

// ffCases are single defects the fast path must report itself, on the
// reference's create request and answer.
var ffCases = []struct{ side, ptr, value string }{
	{"request", "/name", `"` + strings.Repeat("n", 300) + `"`},  // maxLength
	{"request", "/name", `""`},                                  // minLength
	{"request", "/name", `12`},                                  // type
	{"response", "/state", `"sleeping"`},                        // enum
	{"response", "/support_phone_number", `"+1 650 555 0100"`},  // unknown member
	{"response", "/account_id", `"12"`},                         // type
	{"response", "/account_id", `-5`},                           // minimum
	{"request", "/extra/x", `1`},                                // unknown member, nested
	{"response", "/name", `"` + strings.Repeat("é", 256) + `"`}, // maxLength in runes
}

// TestFastFindingsTakeCommonDefects checks that the common defects do not
// go to the library, and that their findings are the library's.
func TestFastFindingsTakeCommonDefects(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	p := v.ops[spec.OpCreate]
	for _, tc := range ffCases {
		sc, name := p.req, "create.request"
		if tc.side == "response" {
			sc, name = p.resp, "create.response"
		}
		val := ffExample(t, name)
		nv, err := decode([]byte(tc.value))
		if err != nil {
			t.Fatal(err)
		}
		obj := val.(map[string]any)
		toks := strings.Split(tc.ptr[1:], "/")
		for _, tok := range toks[:len(toks)-1] {
			child, ok := obj[tok].(map[string]any)
			if !ok {
				child = map[string]any{}
				obj[tok] = child
			}
			obj = child
		}
		obj[toks[len(toks)-1]] = nv
		if !ffCompare(t, v, tc.side+" "+tc.ptr, sc, val) {
			t.Errorf("%s %s = %s: left to the library", tc.side, tc.ptr, tc.value)
		}
	}
}

func ffExample(t testing.TB, name string) any {
	t.Helper()
	b, err := fixtures.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	val, err := decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return val
}

// TestFastFindingsAgree mutates every seed body many times and, wherever
// the fast path reports findings itself, compares them with the library's.
func TestFastFindingsAgree(t *testing.T) {
	v, names, schemas, seeds := fpSetup(t)
	r := rand.New(rand.NewSource(2))
	rounds := 8 // the library validates every invalid body twice: keep it short
	if testing.Short() {
		rounds = 2
	}
	taken, total := 0, 0
	for _, seed := range seeds {
		for i := 0; i < rounds; i++ {
			val := fpClone(seed)
			for k := r.Intn(3); k >= 0; k-- {
				val = fpMutate(r, val)
			}
			for _, n := range names {
				if schemas[n].Validate(val) != nil {
					total++
					if ffCompare(t, v, n, schemas[n], val) {
						taken++
					}
				}
			}
		}
	}
	t.Logf("invalid bodies: %d, reported by the fast path: %d", total, taken)
	if taken == 0 {
		t.Error("the fast path reported no findings itself")
	}
}

// FuzzFastFindings is TestFastFindingsAgree driven by the fuzzer.
func FuzzFastFindings(f *testing.F) {
	fpFuzz(f, nil, func(t *testing.T, v *Validator, names []string, schemas map[string]*jsonschema.Schema, _ []byte, val any) {
		for _, n := range names {
			ffCompare(t, v, n, schemas[n], val)
		}
	})
}
