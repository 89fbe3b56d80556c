package fake

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestEncoderMatchesEncodingJSON: the generator's encoder writes exactly
// what encoding/json.Marshal writes, for every body and for awkward values.
func TestEncoderMatchesEncodingJSON(t *testing.T) {
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewContract(sp)
	if err != nil {
		t.Fatal(err)
	}
	var values []any
	for _, op := range c.Operations() {
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			g := c.Generator(3)
			for i := 0; i < 50; i++ {
				p, err := g.Body(op.Path, side)
				if err != nil {
					t.Fatal(err)
				}
				values = append(values, p.Value)
			}
			vs, err := g.Invalid(op.Path, side)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				values = append(values, v.Payload.Value)
			}
		}
	}
	values = append(values,
		map[string]any{"b": "<a href='x'>&amp;</a>", "a": "\u2028\u2029 \x00\x01\x1f\x7f \b\f\n\r\t \"\\ é 🚀 \xff\xfe", "~": []any(nil), "m": map[string]any(nil)},
		[]any{0.0, math.Copysign(0, -1), 1e21, 1e20, 1e-6, 1e-7, 123456789.125, -0.5, 1 << 53, 12.5, 0.1 + 0.2, 5e-324, math.MaxFloat64},
		[]any{true, false, nil, map[string]any{}, []any{}},
	)
	var e encoder
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.encode(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("encoder differs from encoding/json:\nwant %s\ngot  %s", want, got)
		}
	}
	if _, err := e.encode(math.NaN()); err == nil {
		t.Error("NaN encoded")
	}
}
