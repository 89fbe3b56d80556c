package traffic

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// result is everything a reader produced.
type result struct {
	xs    []*Exchange
	entry []*EntryError
	final error // io.EOF or a *FileError
	order []int // indexes of exchanges and entry errors, in the order read
}

// drain reads r to the end, failing if it does not terminate within limit
// calls.
func drain(t testing.TB, r Reader, limit int) result {
	t.Helper()
	var res result
	for i := 0; ; i++ {
		if i > limit {
			t.Fatalf("Next did not terminate after %d calls", limit)
		}
		x, err := r.Next()
		var ee *EntryError
		switch {
		case err == nil:
			if x == nil {
				t.Fatal("Next returned nil exchange and nil error")
			}
			res.xs = append(res.xs, x)
			res.order = append(res.order, x.Index)
		case errors.As(err, &ee):
			if x != nil {
				t.Fatal("Next returned an exchange with an error")
			}
			res.entry = append(res.entry, ee)
			res.order = append(res.order, ee.Entry)
		default:
			res.final = err
			if err != io.EOF {
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("Next returned %T %v, want io.EOF, *EntryError or *FileError", err, err)
				}
			}
			if _, err2 := r.Next(); err2 != err {
				t.Fatalf("after %v, Next returned %v", err, err2)
			}
			return res
		}
	}
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t testing.TB, name string, opts Options) Reader {
	t.Helper()
	r, err := NewReader(name, bytes.NewReader(readFile(t, name)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testdataFiles returns the names of all files in testdata.
func testdataFiles(t testing.TB) []string {
	t.Helper()
	ents, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}
