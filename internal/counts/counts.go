// Package counts holds the keyed count that audit and report both show
// ("/checkout/create x2, /oauth2/token"), so that its wording lives in one
// place.
package counts

import (
	"fmt"
	"strings"
)

// Count is a number of entries that share a key (a call path or a host).
type Count struct {
	Key string
	N   int
}

// List formats "/checkout/create x2, /oauth2/token": at most five keys,
// then "and N more".
func List(cs []Count) string {
	var b strings.Builder
	for i, c := range cs {
		if i == 5 {
			fmt.Fprintf(&b, " and %d more", len(cs)-5)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Key)
		if c.N > 1 {
			fmt.Fprintf(&b, " x%d", c.N)
		}
	}
	return b.String()
}
