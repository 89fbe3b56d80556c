package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileCassette writes a go-vcr cassette of n interactions, each with
// bad header values (scalars where go-vcr has lists), the shape that made
// yaml.v3 report one line per bad element.
func hostileCassette(t *testing.T, n, bad int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\nversion: 2\ninteractions:\n")
	for i := range n {
		fmt.Fprintf(&b, "    - id: %d\n      request:\n        headers:\n", i)
		for j := range bad {
			fmt.Fprintf(&b, "            X-Bad-%d: tokSECRET%d\n", j, j)
		}
		b.WriteString("        url: https://stage.wepayapi.com/v2/account\n        method: POST\n")
	}
	p := filepath.Join(t.TempDir(), "hostile.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHostileCassetteBoundedOutput: a malformed cassette (the 36 MB
// attack's shape, smaller: 60 interactions of 100 bad headers, more than
// the 50 errors kept per file) gives a bounded report, each error once.
func TestHostileCassetteBoundedOutput(t *testing.T) {
	p := hostileCassette(t, 60, 100)
	for _, format := range []string{"text", "json"} {
		code, out, errOut := runCLI("validate", "--format", format, p)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", format, code)
		}
		if n := len(out) + len(errOut); n > 64<<10 {
			t.Errorf("%s: %d bytes of output for a malformed cassette; want at most 64 KiB", format, n)
		}
		if strings.Contains(out+errOut, "tokSECRET") {
			t.Errorf("%s: the output quotes a header value", format)
		}
		if format == "text" && len(regexp.MustCompile(`entry 7\b`).FindAllString(out+errOut, -1)) > 1 {
			t.Errorf("an entry's error is printed more than once:\n%s", errOut)
		}
	}
}
