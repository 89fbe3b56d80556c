package traffic

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// hostileCassette is a cassette of n interactions with bad header values
// (scalars where go-vcr has lists).
func hostileCassette(n, bad int) string {
	var b strings.Builder
	b.WriteString("---\nversion: 2\ninteractions:\n")
	for i := range n {
		fmt.Fprintf(&b, "    - id: %d\n      request:\n        headers:\n", i)
		for j := range bad {
			fmt.Fprintf(&b, "            X-Bad-%d: tokSECRET%d\n", j, j)
		}
		b.WriteString("        url: https://stage.wepayapi.com/v2/account\n        method: POST\n")
	}
	return b.String()
}

// TestHostileCassetteErrorsAreBounded: every error of a malformed cassette
// is short, whatever the number of bad elements, and an interaction too
// large for yaml.v3's quadratic key check is refused before decoding.
func TestHostileCassetteErrorsAreBounded(t *testing.T) {
	for _, bad := range []int{3, 2000, 20000} {
		r := NewCassette("h.yaml", strings.NewReader(hostileCassette(3, bad)), Options{})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			var ee *EntryError
			if !errors.As(err, &ee) {
				t.Fatalf("%d bad headers: %v", bad, err)
			}
			n++
			if msg := err.Error(); len(msg) > 1024 || strings.Count(msg, "\n") > maxErrLines || strings.Contains(msg, "tokSECRET") {
				t.Errorf("%d bad headers: error of %d bytes, %d lines: %.300s", bad, len(msg), strings.Count(msg, "\n"), msg)
			}
		}
		if n != 3 {
			t.Errorf("%d bad headers: %d errors, want 3", bad, n)
		}
	}
}
