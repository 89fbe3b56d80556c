package validate

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// stdDecode is what fastDecode stands in for.
func stdDecode(b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err == nil || err.Error() != "EOF" {
		return nil, false
	}
	return v, true
}

var fdSeeds = []string{
	`{}`, `[]`, `{"a":1,"a":2}`, `{"a":[1,-0.5e+3,true,false,null,"x"]}`, ` {"a" : { "b" : [ ] } } `,
	`"\u00e9\ud83c\udf82\ud800x\udc00\u0041\n\t\"\\\/"`, `"\ud800\u0041"`, `"\ud800\ud800\udc00"`, `"é🎂"`,
	`01`, `-`, `1.`, `1e`, `.5`, `+1`, `[1,]`, `{"a":1,}`, `{"a"}`, `"\x"`, `"\u12g4"`, `"\u+123"`, "\"a\x01\"",
	`{"a":{"b":1,"b":{"c":[{"d":1,"d":2}]}},"a":0}`, `[{"x":1},{"x":1,"y":2,"x":3,"x":4}]`, `{"a/b~c":1,"a/b~c":2}`,
	`[1] [2]`, `nul`, `truex`, `{"a":1}x`, "\"\xff\"", `123456789012345678901234567890`, `-0`, `0e-0`, `1E+2`,
	`{"a":1e400}`, `[1e-400,0e-400]`, `[1e9999999]`, `{"a":[1e308,` + strings.Repeat("9", 101) + `]}`,
}

// TestFastDecodeAgrees compares fastDecode with encoding/json on the seeds
// and on every body of the fast path's seeds.
func TestFastDecodeAgrees(t *testing.T) {
	for _, s := range fdSeeds {
		fdCompare(t, []byte(s))
	}
	for _, seed := range fpSeeds(t) {
		b, _ := json.Marshal(seed)
		fdCompare(t, b)
	}
}

func fdCompare(t *testing.T, b []byte) {
	t.Helper()
	want, wantOK := stdDecode(b)
	got, ok := fastDecode(b, nil)
	if ok && (!wantOK || !reflect.DeepEqual(got, want)) {
		t.Fatalf("fastDecode(%q) = %#v, encoding/json: %#v (ok %v)", b, got, want, wantOK)
	}
	// With shared words (the contract's names and a few that the seeds
	// spell), the values are the same.
	gotW, okW := fastDecode(b, fdWords())
	if okW != ok || !reflect.DeepEqual(gotW, got) {
		t.Fatalf("fastDecode(%q) with words = %#v (ok %v), without: %#v (ok %v)", b, gotW, okW, got, ok)
	}
	// With a shape (declared members, enum values, items), the values and
	// the duplicate flag are the same too: a shape only decides where the
	// memory comes from.
	_, dupsPlain, _, _ := fastDecodeJudged(b, nil, nil, fastDecodeMaxDepth)
	gotS, dupsS, _, okS := fastDecodeJudged(b, fdShape(), fdWords(), fastDecodeMaxDepth)
	if okS != ok || !reflect.DeepEqual(gotS, got) || ok && dupsS != dupsPlain {
		t.Fatalf("fastDecode(%q) with a shape = %#v (ok %v, duplicates %v), without: %#v (ok %v, duplicates %v)", b, gotS, okS, dupsS, got, ok, dupsPlain)
	}
	wild := outOfRangeIn(want)
	if !ok && wantOK && json.Valid(b) && bytes.Equal(bytes.ToValidUTF8(b, nil), b) && len(wild) == 0 {
		t.Errorf("fastDecode(%q) gave up on a valid document", b)
	}
	// It gives up on every number out of range (json-number-range), so
	// that encoding/json's path reports them.
	if ok && len(wild) > 0 {
		t.Errorf("fastDecode(%q) read a number out of range: %v", b, wild)
	}
	// The fast path's duplicate flag agrees with the scan that finds them.
	if _, dups, _, okD := fastDecodeJudged(b, nil, nil, fastDecodeMaxDepth); okD {
		if found := duplicateMembers(b); dups != (len(found) > 0) {
			t.Fatalf("fastDecodeJudged(%q) says duplicates %v, the scan found %v", b, dups, found)
		}
	}
}

// fdShape is a shape for fdCompare that the seeds' members and values
// meet: nested members, enum values, arrays of objects, and itself as its
// items' shape.
func fdShape() *shape {
	state := &shape{consts: []any{"active", "deleted", "é", ""}}
	inner := &shape{members: map[string]member{"b": {name: "b", shape: state}, "c": {name: "c"}, "d": {name: "d", shape: state}}, size: 3}
	inner.items = inner
	root := &shape{members: map[string]member{"a": {name: "a", shape: inner}, "name": {name: "name", shape: state},
		"state": {name: "state", shape: state}, "x": {name: "x", shape: inner}, "a/b~c": {name: "a/b~c"}}, size: 5}
	root.items = root
	return root
}

// TestShapedDecodeOfTheContract decodes the fast path's seed bodies with
// the shape of every body schema of the contract: the same values as
// without.
func TestShapedDecodeOfTheContract(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range fpSeeds(t) {
		b, _ := json.Marshal(seed)
		want, ok := fastDecode(b, nil)
		for _, p := range v.ops {
			for _, sc := range []*jsonschema.Schema{p.req, p.resp, p.errBody} {
				n := v.fast[sc]
				if n == nil || n.shape == nil {
					t.Fatalf("%s: a body schema without a shape", p.op.Path)
				}
				got, _, _, okS := fastDecodeJudged(b, n.shape, v.words, v.maxDepth)
				if okS != ok || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %s with its shape = %#v, without: %#v", p.op.Path, b, got, want)
				}
			}
		}
	}
}

// fdWords are words for fdCompare: member names and values of the seeds,
// an escaped one, and the empty string.
func fdWords() words {
	return words{"a": "a", "name": "name", "state": "state", "active": "active", "": "", "é": "é", `\n`: `\n`}
}

func FuzzFastDecode(f *testing.F) {
	for _, s := range fdSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(fdCompare)
}
