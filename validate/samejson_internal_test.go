package validate

import (
	"encoding/json"
	"testing"
)

// TestSameJSON: values the same JSON value whatever their spelling or Go
// type, and nothing else.
func TestSameJSON(t *testing.T) {
	cases := []struct {
		a, b any
		same bool
	}{
		{json.Number("12"), json.Number("12"), true},
		{json.Number("12"), json.Number("12.0"), true},
		{json.Number("1e2"), json.Number("100"), true},
		{json.Number("12"), json.Number("13"), false},
		{json.Number("12"), int64(12), true},
		{json.Number("12"), "12", false},
		{"12", json.Number("12"), false},
		{"a", "a", true},
		{"a", "b", false},
		{true, true, true},
		{true, false, false},
		{true, "true", false},
		{nil, nil, true},
		{nil, "x", false},
		{[]any{json.Number("1"), "x"}, []any{json.Number("1.0"), "x"}, true},
		{[]any{"x"}, []any{"x", "y"}, false},
		{map[string]any{"a": json.Number("2")}, map[string]any{"a": json.Number("2")}, true},
		{map[string]any{"a": json.Number("2")}, map[string]any{"b": json.Number("2")}, false},
	}
	for _, c := range cases {
		if got := sameJSON(c.a, c.b); got != c.same {
			t.Errorf("sameJSON(%#v, %#v) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
