package traffic

import (
	"bytes"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// refString is the plain reading of a JSON string body (after the opening
// quote) that readString must agree with: every decoded byte, the decoded
// length and the trailing '=' of the whole text. ok is false where
// readString must fail (a control byte, a bad escape, no closing quote).
func refString(b []byte) (out []byte, pad int, ok bool) {
	// JSON's escapes of one letter, as RFC 8259 lists them.
	oneLetterEscapes := map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			// The '=' at the end, line breaks between them ignored.
			tail := out[len(bytes.TrimRight(out, "=\r\n")):]
			return out, bytes.Count(tail, []byte("=")), true
		case c < 0x20:
			return nil, 0, false
		case c != '\\':
			out = append(out, c)
			continue
		}
		if i+1 >= len(b) {
			return nil, 0, false
		}
		i++
		if e, ok := oneLetterEscapes[b[i]]; ok {
			out = append(out, e)
			continue
		}
		if b[i] != 'u' || i+4 >= len(b) {
			return nil, 0, false
		}
		r, okHex := parseHex4(b[i+1 : i+5])
		if !okHex {
			return nil, 0, false
		}
		i += 4
		if r >= 0xd800 && r < 0xdc00 && i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
			if lo, okLo := parseHex4(b[i+3 : i+7]); okLo && lo >= 0xdc00 && lo < 0xe000 {
				out = utf8.AppendRune(out, (r-0xd800)<<10+(lo-0xdc00)+0x10000)
				i += 6
				continue
			}
		}
		if r >= 0xd800 && r < 0xe000 {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	return nil, 0, false
}

// rsCompare reads body (a string without its opening quote, then more
// input) with readString at several limits, through a buffer that gets one
// byte per read and through a whole one, and compares with refString.
func rsCompare(t *testing.T, body []byte) {
	t.Helper()
	want, wantPad, wantOK := refString(body)
	in := append([]byte{'"'}, body...)
	for _, limit := range []int64{0, 1, 3, int64(len(want)) - 1, int64(len(want)), int64(len(want)) + 1, 1 << 20} {
		if limit < 0 {
			continue
		}
		for _, one := range []bool{false, true} {
			var s *jsonScanner
			if one {
				s = newJSONScanner("t", iotest.OneByteReader(bytes.NewReader(in)))
				s.buf = make([]byte, 7) // small: strings cross buffer ends
				s.fill()
			} else {
				s = newBytesScanner(in)
			}
			got, n, err := s.readString([]byte("kept"), limit)
			if (err == nil) != wantOK {
				t.Fatalf("readString(%q, limit %d, one byte %v): err %v, want ok %v", body, limit, one, err, wantOK)
			}
			if err != nil {
				continue
			}
			keep := want
			if int64(len(keep)) > limit {
				keep = keep[:limit]
			}
			if !bytes.Equal(got, append([]byte("kept"), keep...)) || n != int64(len(want)) {
				t.Fatalf("readString(%q, limit %d, one byte %v) = %q, %d; want %q, %d", body, limit, one, got, n, keep, len(want))
			}
			if limit > 0 && s.pad != wantPad {
				t.Fatalf("readString(%q, limit %d, one byte %v): pad %d, want %d", body, limit, one, s.pad, wantPad)
			}
		}
	}
}

func TestReadStringAgrees(t *testing.T) {
	for _, b := range rsSeeds {
		rsCompare(t, []byte(b))
	}
}

var rsSeeds = []string{
	`"`, `abc"`, `a\"b\\c\/d\n\t\r\b\f"`, `\u00e9\ud83c\udf82x"`, `\ud800\u0041"`, `\udc00"`, `\ud800"`,
	`QUJD==="`, `QUJD\u003d\u003d"`, `QUJD=\n=\r\n"`, `QUJD==x"`, `==="`, "abc\x01\"", `\x"`, `\u12g4"`, `abc`,
	`{\"name\":\"Example Account\",\"state\":\"active\"}"` + `,"more":1}`, "é⌚\xff\"",
}

// FuzzReadString compares readString with the plain reading, at the limits
// and buffer boundaries rsCompare tries.
func FuzzReadString(f *testing.F) {
	for _, b := range rsSeeds {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		rsCompare(t, b)
	})
}
