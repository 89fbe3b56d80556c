package redact

import (
	"encoding/json"
	"testing"
)

// TestJSONFormMatchesEncoding checks the shortcut of jsonForm against
// encoding/json, which it stands in for.
func TestJSONFormMatchesEncoding(t *testing.T) {
	for _, v := range []string{"", "STAGE_abc123", "a\"b", `a\b`, "a<b>&c", "tab\there", "ünï", "\u2028x", "\x7f", string([]byte{0xff, 'a'})} {
		j, _ := json.Marshal(v)
		if got, want := jsonForm(v), string(j[1:len(j)-1]); got != want {
			t.Errorf("jsonForm(%q) = %q, want %q", v, got, want)
		}
	}
}

// FuzzJSONForm compares jsonForm with encoding/json on any string.
func FuzzJSONForm(f *testing.F) {
	f.Add("STAGE_abc123")
	f.Add("a\"<&>\\\x00\u2028")
	f.Fuzz(func(t *testing.T, v string) {
		j, _ := json.Marshal(v)
		if got, want := jsonForm(v), string(j[1:len(j)-1]); got != want {
			t.Fatalf("jsonForm(%q) = %q, want %q", v, got, want)
		}
	})
}
