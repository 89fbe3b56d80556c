package jsonbytes

import (
	"bytes"
	"testing"
)

// naive is the byte-by-byte answer.
func naive(b []byte, ascii bool) int {
	for i, c := range b {
		if c == '"' || c == '\\' || c < 0x20 || ascii && c >= 0x80 {
			return i
		}
	}
	return len(b)
}

func TestRuns(t *testing.T) {
	cases := []string{
		"", "a", `abc"`, `abcdefgh"`, `abcdefghi\n`, "abcdefgh\x1f", "abcdefg\x00",
		"plain text with no stop at all, longer than eight", "émoji ⌚ and \"quote\"",
		"\x7f\x80\xff\x20\x21\x22", `!!!!!!!!!!!!!!!!"`, "        \\", "0123456\x7f\x20",
	}
	for _, s := range cases {
		for _, ascii := range []bool{false, true} {
			got := run([]byte(s), ascii)
			if want := naive([]byte(s), ascii); got != want {
				t.Errorf("run(%q, ascii %v) = %d, want %d", s, ascii, got, want)
			}
		}
	}
	if PlainRun([]byte(`ab"`)) != 2 || ASCIIRun([]byte("ab\xc3\xa9")) != 2 || PlainRun([]byte("ab\xc3\xa9")) != 4 {
		t.Error("PlainRun or ASCIIRun disagrees with the cases above")
	}
}

// FuzzRuns compares the word-at-a-time scan with the byte-by-byte one on
// every alignment of the input.
func FuzzRuns(f *testing.F) {
	f.Add([]byte(`{"name":"Example Account","x":"\u00e9"}`))
	f.Add(bytes.Repeat([]byte{0x1f, 0x20, 0x21, 0x22, 0x5b, 0x5c, 0x5d, 0x7f, 0x80}, 3))
	f.Fuzz(func(t *testing.T, b []byte) {
		for off := 0; off < len(b) && off < 8; off++ {
			for _, ascii := range []bool{false, true} {
				if got, want := run(b[off:], ascii), naive(b[off:], ascii); got != want {
					t.Fatalf("run(%q, ascii %v) = %d, want %d", b[off:], ascii, got, want)
				}
			}
		}
	})
}

func BenchmarkPlainRun(b *testing.B) {
	s := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz "), 40)
	s = append(s, '"')
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if PlainRun(s) != len(s)-1 {
			b.Fatal("wrong index")
		}
	}
}
