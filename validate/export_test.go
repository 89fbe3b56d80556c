package validate

// ReferenceOf is v with its fast paths off: every body is decoded by
// encoding/json and checked by the schema library. The golden tests compare
// v with it.
func ReferenceOf(v *Validator) *Validator {
	w := *v
	w.reference = true
	return &w
}
