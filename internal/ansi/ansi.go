// Package ansi holds the terminal styles of the text reports (package
// report's findings, package conformance's checks), so that both colour
// alike.
package ansi

// ANSI styles.
const (
	Reset  = "\x1b[0m"
	Bold   = "\x1b[1m"
	Dim    = "\x1b[2m"
	Red    = "\x1b[31m"
	Yellow = "\x1b[33m"
	Green  = "\x1b[32m"
)

// Paint wraps s in style when on; an empty s stays empty.
func Paint(on bool, style, s string) string {
	if !on || s == "" {
		return s
	}
	return style + s + Reset
}
