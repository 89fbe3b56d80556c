package validate

// numberLen is the length of the JSON number (RFC 8259, section 6) at the
// start of b, or 0 when b does not start with one. It is the one reading of
// the number grammar shared by the fast decoder and the form decoder, so a
// json.Number is only ever made of text that math/big can read: the schema
// library parses every json.Number it checks with big.Rat.SetString and does
// not look at the error.
func numberLen[T ~string | ~[]byte](b T) int {
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
		return 0
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits() {
			return 0
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits() {
			return 0
		}
	}
	return j
}
