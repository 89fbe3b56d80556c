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

// naiveAppend is AppendPlain byte by byte.
func naiveAppend(dst, src []byte) ([]byte, int) {
	esc := map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && esc[src[i+1]] != 0:
			dst = append(dst, esc[src[i+1]])
			i += 2
		case c == '"' || c == '\\' || c < 0x20:
			return dst, i
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, i
}

func checkAppend(t *testing.T, src []byte) {
	t.Helper()
	for _, prefix := range [][]byte{nil, []byte("kept"), make([]byte, 3, 64)} {
		want, wn := naiveAppend(bytes.Clone(prefix), src)
		got, gn := AppendPlain(bytes.Clone(prefix), src)
		if gn != wn || !bytes.Equal(got, want) {
			t.Fatalf("AppendPlain(%q, %q) = %q, %d; want %q, %d", prefix, src, got, gn, want, wn)
		}
	}
	// The bytes past the decoded text that AppendPlain stores in dst's
	// spare room are not part of the result, nor of dst's owner's data.
	buf := bytes.Repeat([]byte{'#'}, 4+len(src)+16)
	got, _ := AppendPlain(buf[:4], src)
	if !bytes.Equal(buf[:4], []byte("####")) || &got[0] != &buf[0] {
		t.Fatalf("AppendPlain changed the kept bytes or grew a buffer with room")
	}
}

func TestAppendPlain(t *testing.T) {
	cases := []string{
		"", `"`, `abc"`, `{\"name\":\"Example Account\",\"x\":1}"`, `abcdefgh\`, `abcdefg\`,
		`\u00e9 after`, `1234567\u0041`, "tab\tin", `\\\\\\\\\\\\\\\\"`, `\/\b\f\n\r\t\"\\x`,
		"0123456789abcdefghij", `0123456789\"abcdefghij"`, "é⌚ and \x7f\x80", `\x`, `a\`,
	}
	for _, s := range cases {
		checkAppend(t, []byte(s))
	}
}

// FuzzAppendPlain compares the word-at-a-time copy with the byte-by-byte
// one on every alignment of the input.
func FuzzAppendPlain(f *testing.F) {
	f.Add([]byte(`{\"name\":\"Example Account\",\"x\":\"\u00e9\"}"`))
	f.Add(bytes.Repeat([]byte{0x1f, 0x20, 0x21, 0x22, 0x5b, 0x5c, 0x5d, 0x6e, 0x80}, 3))
	f.Fuzz(func(t *testing.T, b []byte) {
		for off := 0; off < len(b) && off < 8; off++ {
			checkAppend(t, b[off:])
		}
	})
}

func BenchmarkAppendPlain(b *testing.B) {
	s := bytes.Repeat([]byte(`\"account_id\":3015357,\"state\":\"active\",`), 30)
	s = append(s, '"')
	dst := make([]byte, 0, len(s))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, n := AppendPlain(dst, s); n != len(s)-1 {
			b.Fatal("wrong index")
		}
	}
}
