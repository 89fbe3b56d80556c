package validate

import (
	"fmt"
	"strconv"
)

// numberLen is the length of the JSON number (RFC 8259, section 6) at the
// start of b, or 0 when b does not start with one. It is the one reading of
// the number grammar shared by the fast decoder and the form decoder, so
// neither makes a json.Number of text that is not a number ("1 "): the
// schema library parses every json.Number it checks with big.Rat.SetString
// and does not look at the error. (The numbers encoding/json decodes are
// checked by numbersOutOfRange.) inRange is true for a number without an exponent
// and not over maxNumberText characters, which numberRange always accepts;
// only the others need it.
func numberLen(b []byte) (n int, inRange bool) {
	j := 0
	if j < len(b) && b[j] == '-' {
		j++
	}
	digits := func() bool {
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j > k
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case !digits():
		return 0, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits() {
			return 0, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits() {
			return 0, false
		}
		return j, false
	}
	return j, j <= maxNumberText
}

// maxNumberText and maxNumberExp bound the number texts the validator
// hands on. RFC 8259, section 6: "This specification allows implementations
// to set limits on the range and precision of numbers accepted", and good
// interoperability comes from expecting "no more precision or range than"
// IEEE 754 binary64 provides; it names 1E400 as a number that "may indicate
// potential interoperability problems". binary64 round-trips any value in 17
// significant digits and spans about 1e-324 to 1e308, so these limits are
// far beyond any number a partner sends. They also keep the schema library
// safe: it reads each number with math/big, which takes seconds on a number
// of a million digits and gives up (the library then panics) on an exponent
// of ten million.
const (
	maxNumberText = 100
	maxNumberExp  = 1000
)

// numberRange says why the JSON number text s (a whole number, numberLen(s)
// == len(s)) is beyond the limits above, or "" when it is within them.
func numberRange(s []byte) string {
	if len(s) > maxNumberText {
		return fmt.Sprintf("it is over %d characters long", maxNumberText)
	}
	e := 0
	for e < len(s) && s[e] != 'e' && s[e] != 'E' {
		e++
	}
	if e == len(s) {
		// At most 100 characters and no exponent: under 1e100, and a
		// nonzero one is over 1e-99.
		return ""
	}
	exp := 0
	for i := e + 1; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			if exp = exp*10 + int(c-'0'); exp > maxNumberExp {
				return fmt.Sprintf("its exponent is beyond ±%d", maxNumberExp)
			}
		}
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return "its magnitude is larger than the largest IEEE 754 binary64 number"
	}
	if f == 0 {
		for i := 0; i < e; i++ {
			if s[i] >= '1' && s[i] <= '9' {
				return "it is not zero, but its magnitude is smaller than the smallest IEEE 754 binary64 number"
			}
		}
	}
	return ""
}
