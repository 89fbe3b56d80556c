package validate

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// isNumberText is numberLen's oracle: a valid JSON text with nothing around
// it that starts as only a number can.
func isNumberText(s string) bool {
	return s != "" && s == strings.TrimSpace(s) && json.Valid([]byte(s)) && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

// outOfRangeIn lists the numbers of a decoded value that validation does
// not hand on (json-number-range).
func outOfRangeIn(v any) []outOfRange {
	w := numberWalk{}
	w.walk(v)
	return w.found
}

// beyondLimits is numberRange's oracle for a whole number: over 100
// characters, an exponent beyond ±1000, or a magnitude binary64 cannot hold.
func beyondLimits(num string) bool {
	if len(num) > maxNumberText {
		return true
	}
	mant, exp := num, ""
	if i := strings.IndexAny(num, "eE"); i >= 0 {
		mant, exp = num[:i], num[i+1:]
	}
	if exp != "" {
		if e, err := strconv.Atoi(strings.TrimLeft(exp, "+-")); err != nil || e > maxNumberExp {
			return true
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	return err != nil || f == 0 && strings.Trim(mant, "-0.") != ""
}

func checkNumberLen(t *testing.T, s string) {
	t.Helper()
	n, inRange := numberLen([]byte(s))
	if whole, want := n == len(s) && s != "", isNumberText(s); whole != want {
		t.Fatalf("numberLen(%q) = %d; a whole number: %v, want %v", s, n, whole, want)
	}
	if n == 0 {
		return
	}
	num := s[:n]
	why := numberRange([]byte(num))
	if inRange && why != "" {
		t.Fatalf("numberLen(%q) says %q is in range, numberRange says %s", s, num, why)
	}
	if why != "" {
		if !beyondLimits(num) {
			t.Fatalf("numberRange(%q) = %q, but it is within the limits", num, why)
		}
		return
	}
	// Within range: math/big reads it (the schema library relies on it),
	// and binary64 holds it.
	if _, ok := new(big.Rat).SetString(num); !ok {
		t.Fatalf("numberLen(%q) = %d and in range, but math/big cannot read %q", s, n, num)
	}
	if f, err := strconv.ParseFloat(num, 64); err != nil || math.IsInf(f, 0) {
		t.Fatalf("%q is in range, but binary64 reads it as %v, %v", num, f, err)
	}
}

func TestNumberLen(t *testing.T) {
	for s, want := range map[string]int{
		"0": 1, "-0": 2, "12": 2, "1.5e-3": 6, "1E+9": 4, "0.0": 3, "-12.50": 6,
		"1 ": 1, "1\n": 1, "01": 1, "1.": 0, "-": 0, "": 0, "+1": 0, ".5": 0,
		"1e": 0, "1e+": 0, "0x10": 1, "1_000": 1, "Inf": 0, "NaN": 0, "12,": 2,
	} {
		if got, _ := numberLen([]byte(s)); got != want {
			t.Errorf("numberLen(%q) = %d, want %d", s, got, want)
		}
		checkNumberLen(t, s)
	}
}

func TestNumberRange(t *testing.T) {
	long := "1" + strings.Repeat("0", maxNumberText)
	for s, want := range map[string]string{
		"0": "", "-12.5": "", "1e308": "", "-1.7976931348623157e308": "", "4.9e-324": "", "1e-300": "",
		"0e-400": "", "0.000e+999": "", strings.Repeat("9", maxNumberText): "", "1e0000000000000000300": "",
		"1e309":          "its magnitude is larger than the largest IEEE 754 binary64 number",
		"-1E400":         "its magnitude is larger than the largest IEEE 754 binary64 number",
		"1e-400":         "it is not zero, but its magnitude is smaller than the smallest IEEE 754 binary64 number",
		"-0.0001e-399":   "it is not zero, but its magnitude is smaller than the smallest IEEE 754 binary64 number",
		"1e1001":         "its exponent is beyond ±1000",
		"0e-1001":        "its exponent is beyond ±1000",
		"1e9999999":      "its exponent is beyond ±1000",
		"1e-99999999999": "its exponent is beyond ±1000",
		long:             "it is over 100 characters long",
	} {
		if got := numberRange([]byte(s)); got != want {
			t.Errorf("numberRange(%.30q) = %q, want %q", s, got, want)
		}
		checkNumberLen(t, s)
	}
}

func FuzzNumberLen(f *testing.F) {
	for _, s := range []string{"0", "-1.5e+3", "1 ", "01", "1.", "0x1p3", "1_0", "\t2", "1e400", "1e-400", "9e999", "0e9999999"} {
		f.Add(s)
	}
	f.Fuzz(checkNumberLen)
}
