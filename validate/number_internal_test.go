package validate

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

// isNumberText is numberLen's oracle: a valid JSON text with nothing around
// it that starts as only a number can.
func isNumberText(s string) bool {
	return s != "" && s == strings.TrimSpace(s) && json.Valid([]byte(s)) && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

func checkNumberLen(t *testing.T, s string) {
	t.Helper()
	whole := numberLen(s) == len(s) && s != ""
	if want := isNumberText(s); whole != want {
		t.Fatalf("numberLen(%q) = %d; a whole number: %v, want %v", s, numberLen(s), whole, want)
	}
	if numberLen(s) != numberLen([]byte(s)) {
		t.Fatalf("numberLen(%q) differs for string and []byte", s)
	}
	if n := numberLen(s); n > 0 {
		if _, ok := new(big.Rat).SetString(s[:n]); !ok {
			t.Fatalf("numberLen(%q) = %d, but math/big cannot read %q", s, n, s[:n])
		}
	}
}

func TestNumberLen(t *testing.T) {
	for s, want := range map[string]int{
		"0": 1, "-0": 2, "12": 2, "1.5e-3": 6, "1E+9": 4, "0.0": 3, "-12.50": 6,
		"1 ": 1, "1\n": 1, "01": 1, "1.": 0, "-": 0, "": 0, "+1": 0, ".5": 0,
		"1e": 0, "1e+": 0, "0x10": 1, "1_000": 1, "Inf": 0, "NaN": 0, "12,": 2,
	} {
		if got := numberLen(s); got != want {
			t.Errorf("numberLen(%q) = %d, want %d", s, got, want)
		}
		checkNumberLen(t, s)
	}
}

func FuzzNumberLen(f *testing.F) {
	for _, s := range []string{"0", "-1.5e+3", "1 ", "01", "1.", "0x1p3", "1_0", "\t2"} {
		f.Add(s)
	}
	f.Fuzz(checkNumberLen)
}
