package emoji_test

import (
	"testing"

	"github.com/wepaykit/wepaykit/internal/emoji"
)

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		in, seq string
		at      int
	}{
		{"Star ⭐ shop", "⭐", 5},
		{"⌚ watches", "⌚", 0},
		{"Number 1️⃣", "1️⃣", 7},
		{"Hash #⃣", "#⃣", 5},
		{"Snow ☃️", "☃️", 5},
		{"Flag 🇨🇦", "🇨", 5},
		{"Tone 👍🏽", "👍", 5},
		{"Family 👨‍👩‍👧", "👨", 7},
		{"Star ★ shop", "", -1},
		{"Check ✓", "", -1},
		{"Snow ☃", "", -1},
		{"Copyright © 2024", "", -1},
		{"Digits 123 #1 *", "", -1},
		{"Ⓐ a⃣", "", -1},
		{"Watch \u231A\uFE0E repairs", "", -1},           // text presentation selector: shown as text
		{"Watch \u231A\uFE0E then \u231A", "\u231A", 18}, // the second one, without it, is an emoji
	} {
		at, seq, ok := emoji.Find(tc.in)
		if ok != (tc.at >= 0) || at != tc.at || seq != tc.seq {
			t.Errorf("Find(%q) = %d, %q, %v; want %d, %q", tc.in, at, seq, ok, tc.at, tc.seq)
		}
	}
}

func TestProperties(t *testing.T) {
	if !emoji.Pictographic('★') || emoji.Is('★') || !emoji.Is('☃') || emoji.Presentation('☃') || !emoji.Presentation('⭐') || !emoji.Modifier(0x1F3FD) {
		t.Fatal("the generated tables do not match emoji-data.txt")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Star ⭐ 1️⃣")
	f.Fuzz(func(t *testing.T, s string) {
		at, seq, ok := emoji.Find(s)
		if ok && (at < 0 || at+len(seq) > len(s) || s[at:at+len(seq)] != seq) {
			t.Fatalf("Find(%q) = %d, %q", s, at, seq)
		}
	})
}
