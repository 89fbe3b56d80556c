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

// checkBytes compares containsAny, lastColonOrEquals and the fields of
// Policy.words with the strings functions they stand for.
func checkBytes(t *testing.T, s string) {
	t.Helper()
	for _, chars := range []string{"=%", "%\\", ":=", "=;", "?=;#", ";=%", ":= \t", "=%@", `"'`, "~/"} {
		if got, want := containsAny(s, chars), strings.ContainsAny(s, chars); got != want {
			t.Fatalf("containsAny(%q, %q) = %v, want %v", s, chars, got, want)
		}
	}
	if got, want := lastColonOrEquals(s), strings.LastIndexAny(s, ":="); got != want {
		t.Fatalf("lastColonOrEquals(%q) = %d, want %d", s, got, want)
	}
	sep := func(r rune) bool { return r == ' ' || r == '"' || r == '\n' || r == '\t' }
	var got []string
	eachField(s, func(c byte) bool { return sep(rune(c)) }, func(w string) { got = append(got, w) })
	if want := strings.FieldsFunc(s, sep); !slices.Equal(got, want) {
		t.Fatalf("eachField(%q) = %q; strings.FieldsFunc gives %q", s, got, want)
	}
}

func TestByteScans(t *testing.T) {
	for _, s := range []string{"", "=", "a=b%c", "x:y=z", "no set bytes here at all", "\xff=\xc3", "é:", "é\xc3=", "~/a", "a\"b c\td\ne"} {
		checkBytes(t, s)
	}
}

// FuzzByteScans compares the byte scans of this package with the strings
// functions they stand for.
func FuzzByteScans(f *testing.F) {
	f.Add("token=STAGE_x%20y; a:b \"q\" é\xff")
	f.Fuzz(func(t *testing.T, s string) {
		checkBytes(t, s)
	})
}

// TestWordSepASCII checks what eachWord relies on: wordSep accepts ASCII
// runes only, so that bytes of multi-byte sequences are never separators.
func TestWordSepASCII(t *testing.T) {
	for r := rune(0x80); r <= 0x10ffff; r++ {
		if wordSep(r) {
			t.Fatalf("wordSep accepts %U; eachWord scans bytes and would split UTF-8 sequences", r)
		}
	}
	if !containsAny("a\u00a0b", "\u00a0") || containsAny("a b", "\u00a0") {
		t.Error("containsAny with a non-ASCII set disagrees with strings.ContainsAny")
	}
}
