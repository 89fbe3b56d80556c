package validate_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// The fast paths (fastDecode, the schema fast path and its findings) change
// speed, never findings. These golden tests validate a generated corpus
// (valid bodies and every single-defect variant of every call and side)
// and the sample recordings twice, with the fast paths and with the
// libraries alone, and want byte-identical findings.

func TestFastPathsGoldenGenerated(t *testing.T) {
	v := vtNew(t)
	ref := validate.ReferenceOf(v)
	seeds := []int64{1, 2, 3}
	if testing.Short() {
		seeds = seeds[:1]
	}
	bodies, withFindings := 0, 0
	for _, seed := range seeds {
		g, err := fake.New(seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range v.Spec().Operations() {
			for _, side := range []spec.Side{spec.Request, spec.Response} {
				var payloads [][]byte
				if p, err := g.Body(op.Path, side); err == nil {
					payloads = append(payloads, p.JSON)
				}
				vs, _ := g.Invalid(op.Path, side)
				for _, x := range vs {
					payloads = append(payloads, x.Payload.JSON)
				}
				for _, b := range payloads {
					got, err1 := v.Body(op.Path, side, b)
					want, err2 := ref.Body(op.Path, side, b)
					if err1 != nil || err2 != nil {
						t.Fatalf("%s %s: %v / %v", op.Path, side, err1, err2)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s %s %s:\nfast paths: %+v\nlibraries:  %+v", op.Path, side, b, got, want)
					}
					bodies++
					if len(got) > 0 {
						withFindings++
					}
				}
			}
		}
	}
	t.Logf("%d bodies, %d with findings", bodies, withFindings)
	if withFindings == 0 || withFindings == bodies {
		t.Errorf("the corpus does not mix valid bodies and bodies with findings")
	}
}

func TestFastPathsGoldenRecordings(t *testing.T) {
	v := vtNew(t)
	ref := validate.ReferenceOf(v)
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "traffic", "*"))
	n := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := traffic.NewReader(path, bytes.NewReader(data), traffic.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			x, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			run := func(v *validate.Validator) []validate.Finding {
				req, resp, err := x.HTTP()
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				fs, err := v.Exchange(req, resp)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				return fs
			}
			if got, want := run(v), run(ref); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s entry %d:\nfast paths: %+v\nlibraries:  %+v", path, n, got, want)
			}
			n++
		}
	}
	t.Logf("%d recorded exchanges", n)
	if n == 0 {
		t.Fatal("no recorded exchanges")
	}
}
