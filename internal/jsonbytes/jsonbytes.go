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
