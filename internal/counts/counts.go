// Package counts holds the wording that audit and report both show (a
// keyed count, "/checkout/create x2, /oauth2/token"; a counted noun; a
// version hint), so that it lives in one place.
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

// Noun formats n with the singular or plural noun: "1 entry", "2 entries".
func Noun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// VersionHint words a version hint: "3 exchanges declare Api-Version
// 2014-01-08; the contract describes 2019-04-03: required-member findings
// may be version drift".
func VersionHint(exchanges int, version, contract string) string {
	verb := "declare"
	if exchanges == 1 {
		verb = "declares"
	}
	return fmt.Sprintf("%s %s Api-Version %s; the contract describes %s: required-member findings may be version drift",
		Noun(exchanges, "exchange", "exchanges"), verb, version, contract)
}
