package lint_test

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

func benchPair(b *testing.B) ([]byte, []byte) {
	emb := spec.Embedded()
	nw := strings.Replace(string(emb), "          enum: [nonprofit, business, personal]\n        create_time:", "          enum: [nonprofit, business, personal, charity]\n        create_time:", 1)
	if nw == string(emb) {
		b.Fatal("no edit")
	}
	return emb, []byte(nw)
}

// BenchmarkLoadPair is the baseline: loading both versions with kin-openapi,
// as Diff must.
func BenchmarkLoadPair(b *testing.B) {
	old, nw := benchPair(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range [][]byte{old, nw} {
			l := openapi3.NewLoader()
			l.IncludeOrigin = true
			doc, err := l.LoadFromData(d)
			if err != nil {
				b.Fatal(err)
			}
			if err := doc.Validate(l.Context, openapi3.DisableExamplesValidation()); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDiff is the whole changelog: load, oasdiff's checks, wepaykit's.
func BenchmarkDiff(b *testing.B) {
	old, nw := benchPair(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lint.Diff(old, nw); err != nil {
			b.Fatal(err)
		}
	}
}
