package validate

import (
	"encoding/json"
	"strings"
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

// TestJudgedDecodeAgrees runs jdCompare on the seed bodies and on 3000
// mutations of them (a wrong type, a value out of range, a member added
// or dropped), in every test run.
func TestJudgedDecodeAgrees(t *testing.T) {
	v, names, schemas, seeds := fpSetup(t)
	yes := 0
	for i := range seeds {
		b, _ := json.Marshal(seeds[i])
		jdCompare(t, v, names, schemas, b)
	}
	for i := range int64(3000) {
		b, _ := json.Marshal(fpMutation(i, seeds))
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
	fpFuzz(f, []string{`{"account_id":1,"account_id":"x"}`}, func(t *testing.T, v *Validator, names []string, schemas map[string]*jsonschema.Schema, body []byte, _ any) {
		jdCompare(t, v, names, schemas, body)
	})
}

// TestJudgedDecodeReferenceCycle: in a cycle through a schema that only
// refers to another (A = {$ref: B}, B's member child = {$ref: A}), the
// shape of one place is built while another is still being built and may
// miss B's members. The decoder must then judge those members as check
// does, not as undeclared: {"child":{"name":5}} fails B, whatever order
// the shapes were built in.
func TestJudgedDecodeReferenceCycle(t *testing.T) {
	c := jsonschema.NewCompiler()
	for url, text := range map[string]string{
		"http://wepaykit.test/a.json": `{"$ref": "b.json"}`,
		"http://wepaykit.test/b.json": `{"type": "object", "properties": {"child": {"$ref": "a.json"}, "name": {"type": "string"}}}`,
	} {
		if err := c.AddResource(url, strings.NewReader(text)); err != nil {
			t.Fatal(err)
		}
	}
	a, err := c.Compile("http://wepaykit.test/a.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Compile("http://wepaykit.test/b.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, firstA := range []bool{true, false} {
		nodes := map[*jsonschema.Schema]*fastNode{}
		na, nb := buildFast(a, nodes), buildFast(b, nodes)
		memo := map[*fastNode]*shape{}
		if firstA {
			shapeOf(na, memo)
		}
		shapeOf(nb, memo)
		shapeOf(na, memo)
		for name, n := range map[string]*fastNode{"A": na, "B": nb} {
			for _, body := range []string{`{"child":{"name":5}}`, `{"child":{"child":{"name":5}}}`, `{"name":5}`, `{"child":{"name":"x"}}`} {
				val, _, got, ok := fastDecodeJudged([]byte(body), memo[n], nil, 64)
				if !ok {
					t.Fatalf("%s did not decode", body)
				}
				if want := n.check(val, 0); got != want {
					t.Errorf("shapes built with A first %v: %s under %s judged %d, check says %d", firstA, body, name, got, want)
				}
			}
		}
	}
}
