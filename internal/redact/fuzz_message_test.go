package redact

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// FuzzMessage plants a token-shaped value and a secret parameter in a
// message that quotes values (as findings and error bodies do), raw,
// percent-escaped, JSON-escaped or cut short, around arbitrary text, and
// checks that Message never lets either out and never panics on the text.
func FuzzMessage(f *testing.F) {
	f.Add(`answer has x = "`, `" but`, uint8(0), uint8(40))
	f.Add(`got "`, ``, uint8(1), uint8(20))
	f.Add(`"\`, `\"`, uint8(2), uint8(255))
	f.Add(`... "a=b;`, `&c`, uint8(3), uint8(9))
	f.Fuzz(func(t *testing.T, before, after string, mode, cut uint8) {
		const hex = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
		secret := "https://h/ipn?access_token=PLANTEDQ" + hex
		tok := "STAGE_" + hex
		var q string
		switch mode % 4 {
		case 0:
			q = tok + " " + secret
		case 1:
			q = url.QueryEscape(tok) + " " + url.QueryEscape(secret)
		case 2:
			b, _ := json.Marshal(tok + " " + secret)
			q = strings.ReplaceAll(string(b[1:len(b)-1]), "_", `\u005f`)
		case 3:
			q = tok + " " + secret
			if n := 6 + 16 + int(cut)%len(hex); n < len(q) {
				q = q[:n] + "..."
			}
		}
		msg := before + `"` + q + `"` + after
		got := Default().Message(msg)
		if strings.Contains(got, hex[:16]) && !strings.Contains(before+after, hex[:16]) {
			t.Fatalf("Message(%q) = %q", msg, got)
		}
		_ = Default().Text(before + after)
		_ = Tokens(before + after)
	})
}
