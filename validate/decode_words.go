package validate

import "github.com/santhosh-tekuri/jsonschema/v5"

// words are the strings a body of the contract is made of: the member
// names its schemas declare and the string values of their enums and
// consts. The decoder hands these out instead of a new string for each key
// and enum value of each body (most of a body's strings). Built once with
// the Validator and only read after, so it is safe for concurrent use.
type words map[string]string

// contractWords collects the words of the fast path's schema nodes.
func contractWords(nodes map[*jsonschema.Schema]*fastNode) words {
	w := words{}
	add := func(s string) {
		if len(s) <= maxWord {
			w[s] = s
		}
	}
	for _, n := range nodes {
		for k := range n.props {
			add(k)
		}
		for _, k := range n.required {
			add(k)
		}
		for _, c := range n.consts {
			if s, ok := c.(string); ok {
				add(s)
			}
		}
	}
	return w
}

// maxWord is the longest string kept as a word.
const maxWord = 64

// of returns the word b spells, or a new string when it is not one.
func (w words) of(b []byte) string {
	if s, ok := w[string(b)]; ok {
		return s
	}
	return string(b)
}
