// Package jsonbytes finds, eight bytes at a time, where the plain text of
// a JSON string stops: at its closing quote, an escape, a control byte (and,
// for ASCIIRun, a byte of a multi-byte UTF-8 sequence). The tokenizers of
// traffic and validate spend most of their time between such bytes.
//
// The tests use the bit tricks of Sean Eron Anderson's "Bit Twiddling
// Hacks" ("Determine if a word has a zero byte", "has a byte less than
// n"): for x^q, a byte is flagged where x holds q. A flag can be wrong only
// above a byte rightly flagged (a borrow carries upwards), so the lowest
// flag is exact.
package jsonbytes

import (
	"encoding/binary"
	"math/bits"
)

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stops flags (in the high bit of each byte) the bytes of x that are a
// quote, a backslash or below 0x20; ascii also flags those of 0x80 and up.
func stops(x uint64, ascii bool) uint64 {
	q, bs := x^(ones*'"'), x^(ones*'\\')
	t := (q-ones)&^q | (bs-ones)&^bs | (x-ones*0x20)&^x
	if ascii {
		t |= x
	}
	return t & highs
}

// PlainRun returns the index of the first quote, backslash or control byte
// (below 0x20) of b, or len(b).
func PlainRun(b []byte) int {
	return run(b, false)
}

// ASCIIRun is PlainRun that also stops at a byte of 0x80 or above.
func ASCIIRun(b []byte) int {
	return run(b, true)
}

func run(b []byte, ascii bool) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if t := stops(binary.LittleEndian.Uint64(b[i:]), ascii); t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 || ascii && c >= 0x80 {
			break
		}
	}
	return i
}

// AppendPlain appends to dst the text of a JSON string that src starts
// with (after its opening quote), decoding the escapes of one letter (\"
// \\ \/ \b \f \n \r \t), up to the first byte it cannot decode alone: the
// closing quote, a control byte, another escape (\u), or a backslash that
// ends src. It returns dst and the number of bytes of src it consumed, so
// src[n] is that byte when n < len(src). It stores whole words, so it may
// write anywhere in dst[len(dst):len(dst)+len(src)] (growing dst first when
// its spare capacity is smaller), past the end of the text it returns:
// dst's spare capacity must hold nothing the caller keeps.
//
// It copies the text a word at a time as it scans it, rather than finding
// each run and then copying it: a JSON body kept in a HAR string has an
// escaped quote every few bytes, and the calls to copy short runs cost more
// than the runs.
func AppendPlain(dst, src []byte) ([]byte, int) {
	// The decoded text is never longer than src, so after this growth the
	// words stored below fit: o <= i, and i+8 <= len(src).
	if cap(dst)-len(dst) < len(src) {
		dst = append(dst, make([]byte, len(src))...)[:len(dst)]
	}
	out := dst[len(dst):cap(dst)]
	i, o := 0, 0
	for i+8 <= len(src) {
		w := binary.LittleEndian.Uint64(src[i:])
		binary.LittleEndian.PutUint64(out[o:], w)
		t := stops(w, false)
		if t == 0 {
			i, o = i+8, o+8
			continue
		}
		k := bits.TrailingZeros64(t) / 8
		i, o = i+k, o+k
		if e := oneLetter(src, i); e != 0 {
			out[o] = e
			i, o = i+2, o+1
			continue
		}
		return dst[:len(dst)+o], i
	}
	for i < len(src) {
		c := src[i]
		if c != '"' && c != '\\' && c >= 0x20 {
			out[o] = c
			i, o = i+1, o+1
			continue
		}
		if e := oneLetter(src, i); e != 0 {
			out[o] = e
			i, o = i+2, o+1
			continue
		}
		break
	}
	return dst[:len(dst)+o], i
}

// oneLetter decodes the escape of one letter at src[i] (a backslash and
// the letter, both in src); 0 for any other byte or escape.
func oneLetter(src []byte, i int) byte {
	if src[i] != '\\' || i+1 >= len(src) {
		return 0
	}
	return Unescape(src[i+1])
}

// Unescape decodes the escape of one letter whose letter is c (\" \\ \/ \b
// \f \n \r \t); 0 for any other byte.
func Unescape(c byte) byte {
	switch c {
	case '"', '\\', '/':
		return c
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return 0
}
