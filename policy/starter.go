package policy

import _ "embed"

//go:embed starter.yaml
var starter []byte

// Starter returns a commented starter policy file, as written by
// `wepaykit config init`. It sets nothing beyond the defaults.
func Starter() []byte {
	out := make([]byte, len(starter))
	copy(out, starter)
	return out
}
