package redact

import (
	"slices"
	"strings"
	"testing"
)

func checkEachWord(t *testing.T, s string) {
	t.Helper()
	var got []string
	eachWord(s, func(w string) { got = append(got, w) })
	if want := strings.FieldsFunc(s, wordSep); !slices.Equal(got, want) {
		t.Fatalf("eachWord(%q) = %q; strings.FieldsFunc gives %q", s, got, want)
	}
}

func TestEachWord(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "  lead and trail  ", `name "STAGE_abc" is 'quoted' (x)[y]{z}<w>`,
		"a&b;c,d\te\nf\rg", "é ⌚ and \xff\xfe invalid", "\u00a0no-break\u2003em", "STAGE_0123456789abcdef",
	} {
		checkEachWord(t, s)
	}
}

// FuzzEachWord compares eachWord with strings.FieldsFunc.
func FuzzEachWord(f *testing.F) {
	f.Add(`the token "STAGE_x" & more; (é) ` + "\xff")
	f.Fuzz(func(t *testing.T, s string) {
		checkEachWord(t, s)
	})
}
