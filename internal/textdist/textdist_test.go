package textdist_test

import (
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 5, 0},
		{"x-wepaykit-rule", "x-wepaykit-rules", 5, 1},
		{"referer-type-known", "referrer-type-known", 5, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 2},
		{"a", "abcdefgh", 3, 3},
		{strings.Repeat("a", 201), "a", 9, 9},
	} {
		if got := textdist.Distance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}
