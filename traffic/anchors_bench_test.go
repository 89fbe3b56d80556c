package traffic

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// vcrpyCassette is a vcrpy cassette of n interactions whose request headers
// are written out in each one, or (shared) anchored in the first and
// aliased in the others, as PyYAML writes a shared dict.
func vcrpyCassette(n int, shared bool) string {
	const headers = "\n      Authorization:\n      - Bearer STAGE_aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999\n      Content-Type:\n      - application/json\n      User-Agent:\n      - WePay Python SDK 2.1\n"
	var b strings.Builder
	b.WriteString("interactions:\n")
	for i := range n {
		b.WriteString("- request:\n    body: '{\"account_id\": 1723070}'\n    headers:")
		switch {
		case !shared:
			b.WriteString(headers)
		case i == 0:
			b.WriteString(" &id001" + headers)
		default:
			b.WriteString(" *id001\n")
		}
		fmt.Fprintf(&b, "    method: POST\n    uri: https://stage.wepayapi.com/v2/account\n  response:\n    body:\n      string: '{\"account_id\": %d, \"state\": \"active\"}'\n    headers:\n      Content-Type:\n      - application/json\n    status:\n      code: 200\n      message: OK\n", i)
	}
	b.WriteString("version: 1\n")
	return b.String()
}

// BenchmarkVCRPyAliases reads a cassette whose interactions share their
// headers through an alias, beside the same cassette written out in full
// (the baseline).
func BenchmarkVCRPyAliases(b *testing.B) {
	for _, c := range []struct {
		name   string
		shared bool
	}{{"Baseline/inline", false}, {"aliased", true}} {
		in := vcrpyCassette(500, c.shared)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				r := NewVCRPy("b.yaml", strings.NewReader(in), Options{})
				n := 0
				for {
					_, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != 500 {
					b.Fatalf("%d exchanges", n)
				}
			}
		})
	}
}
