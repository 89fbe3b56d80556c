package emoji

import (
	"sort"
	"unicode/utf8"
)

type span struct{ lo, hi rune }

func in(t []span, r rune) bool {
	i := sort.Search(len(t), func(i int) bool { return t[i].hi >= r })
	return i < len(t) && t[i].lo <= r
}

// Is reports whether r has the Emoji property (it may be shown as an emoji,
// with text presentation by default unless [Presentation] holds).
func Is(r rune) bool { return in(emojiTable, r) }

// Presentation reports whether r has Emoji_Presentation: it is shown as an
// emoji picture by default, without a variation selector.
func Presentation(r rune) bool { return in(presentationTable, r) }

// Modifier reports whether r is a skin-tone modifier (Emoji_Modifier).
func Modifier(r rune) bool { return in(modifierTable, r) }

// Pictographic reports whether r has Extended_Pictographic (pictographs,
// emoji among them, and code points reserved for future emoji).
func Pictographic(r rune) bool { return in(pictographicTable, r) }

// The code points that turn a preceding character into an emoji.
const (
	VS16            = '\uFE0F' // emoji presentation selector
	VS15            = '\uFE0E' // text presentation selector: the character before it is shown as text
	CombiningKeycap = '\u20E3' // keycap sequences: [0-9#*] FE0F 20E3
)

// Find returns the byte offset and the text of the first emoji in s, as UTS
// #51 defines one for display: a character with Emoji_Presentation (⭐,
// ⌚, flags' regional indicators), a skin-tone modifier, an Emoji character
// followed by the emoji presentation selector U+FE0F (☃️), or a keycap
// sequence (1️⃣). A character that is only Emoji or Extended_Pictographic
// (★, ☃, ©) without U+FE0F is shown as text, a printable symbol; so is an
// Emoji_Presentation character followed by the text presentation selector
// U+FE0E (⌚︎), which UTS #51 defines for that. ok is false when s has none.
func Find(s string) (at int, seq string, ok bool) {
	for i, n := 0, 0; i < len(s); i += n {
		// An ASCII character followed by another (or by nothing) is no
		// emoji and starts none: the sequences need a character above.
		if s[i] < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			n = 1
			continue
		}
		// The width read, not utf8.RuneLen(r): an invalid byte decodes to
		// RuneError (3 bytes long) but takes one byte of s.
		var r rune
		r, n = utf8.DecodeRuneInString(s[i:])
		next, w := utf8.DecodeRuneInString(s[i+n:])
		switch {
		case Presentation(r) && next == VS15:
			// shown as text
		case Presentation(r), Modifier(r):
			return i, s[i : i+n], true
		case next == CombiningKeycap && Is(r):
			return i, s[i : i+n+w], true
		case next == VS16 && Is(r):
			end := i + n + w
			if k, w2 := utf8.DecodeRuneInString(s[end:]); k == CombiningKeycap {
				end += w2
			}
			return i, s[i:end], true
		}
	}
	return -1, "", false
}
