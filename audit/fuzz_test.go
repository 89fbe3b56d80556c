package audit_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/traffic"
)

// FuzzRun feeds random bytes as one recording: Run must never panic, and
// its result must stay consistent.
func FuzzRun(f *testing.F) {
	for _, dir := range []string{"../testdata/traffic", "../traffic/testdata"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Add(har(lookup(t0), del(t0), create("WePay")))
	f.Add([]byte("{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://stage.wepayapi.com/v2/account\"}}"))
	f.Add([]byte("\x00\xff"))
	v := newValidator(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := audit.Run(context.Background(), v, []audit.Input{input("fuzz", data)}, audit.Options{Workers: 2, MaxBody: 256, KeepExchanges: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Skipped > res.Entries || res.Files[0].Entries != res.Entries {
			t.Fatalf("entries=%d skipped=%d file=%+v", res.Entries, res.Skipped, res.Files[0])
		}
		last := -1
		for _, fd := range res.Findings {
			if fd.Entry < last || fd.Entry >= res.Entries {
				t.Fatalf("finding of entry %d out of order or range (entries %d)", fd.Entry, res.Entries)
			}
			last = fd.Entry
		}
		for _, e := range res.Errors {
			var ee *traffic.EntryError
			var fe *traffic.FileError
			if !errors.As(e, &ee) && !errors.As(e, &fe) {
				t.Fatalf("unexpected error type %T: %v", e, e)
			}
		}
	})
}
