package validate

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// jdCompare decodes body with the shape of every body schema and compares
// the verdict the decoder gives as it reads with check's on the value: the
// same, except that a document repeating a member name may be judged
// stricter (the decoder saw both values, check only the last), and never
// more lenient (fastYes where check says otherwise).
func jdCompare(t *testing.T, v *Validator, names []string, schemas map[string]*jsonschema.Schema, body []byte) {
	t.Helper()
	for _, name := range names {
		n := v.fast[schemas[name]]
		val, dups, got, ok := fastDecodeJudged(body, n.shape, v.words, v.maxDepth)
		if !ok {
			continue
		}
		want := n.check(val, 0)
		switch {
		case got == fastYes && want != fastYes:
			t.Fatalf("%s: the decoder judged %s fastYes, check says %d", name, body, want)
		case !dups && got != want:
			t.Fatalf("%s: the decoder judged %s %d, check says %d", name, body, got, want)
		}
	}
}

// jdBody is body when it decodes, else a mutation of a seed picked by seed.
func jdBody(body []byte, seed int64, seeds []any) []byte {
	if _, err := decode(body); err == nil {
		return body
	}
	r := rand.New(rand.NewSource(seed))
	b, _ := json.Marshal(fpMutate(r, fpClone(seeds[r.Intn(len(seeds))])))
	return b
}

// TestJudgedDecodeAgrees runs jdCompare on the seed bodies and on 3000
// mutations of them (a wrong type, a value out of range, a member added
// or dropped), in every test run.
func TestJudgedDecodeAgrees(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	names, schemas := fpSchemas(t, v)
	seeds := fpSeeds(t)
	yes := 0
	for i := range seeds {
		b, _ := json.Marshal(seeds[i])
		jdCompare(t, v, names, schemas, b)
	}
	for i := range int64(3000) {
		b := jdBody(nil, i, seeds)
		jdCompare(t, v, names, schemas, b)
		if _, _, r, ok := fastDecodeJudged(b, v.fast[schemas["/account response"]].shape, v.words, v.maxDepth); ok && r == fastYes {
			yes++
		}
	}
	if yes == 0 {
		t.Error("no mutated body was judged fastYes as an /account answer: the comparison saw no clean body")
	}
}

func FuzzJudgedDecode(f *testing.F) {
	v, err := New()
	if err != nil {
		f.Fatal(err)
	}
	names, schemas := fpSchemas(f, v)
	seeds := fpSeeds(f)
	for i := range seeds {
		b, _ := json.Marshal(seeds[i])
		f.Add(b, int64(i))
	}
	f.Add([]byte(`{"account_id":1,"account_id":"x"}`), int64(0))
	f.Fuzz(func(t *testing.T, body []byte, seed int64) {
		jdCompare(t, v, names, schemas, jdBody(body, seed, seeds))
	})
}
