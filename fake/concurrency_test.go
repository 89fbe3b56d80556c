package fake_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestSharedContract: one Contract, a Generator per goroutine; run with
// -race. Each goroutine gets exactly what a lone generator with its seed
// gets.
func TestSharedContract(t *testing.T) {
	c := contract(t)
	const workers = 8
	got := make([][]byte, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := c.Generator(int64(w))
			var buf bytes.Buffer
			for _, op := range c.Operations() {
				for _, side := range sides {
					if err := g.WriteJSONLines(&buf, op.Path, side, 3); err != nil {
						t.Error(err)
						return
					}
				}
			}
			if _, err := g.Invalid("/account", spec.Response); err != nil {
				t.Error(err)
			}
			got[w] = buf.Bytes()
		}()
	}
	wg.Wait()
	for w := range workers {
		g := c.Generator(int64(w))
		var buf bytes.Buffer
		for _, op := range c.Operations() {
			for _, side := range sides {
				if err := g.WriteJSONLines(&buf, op.Path, side, 3); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !bytes.Equal(buf.Bytes(), got[w]) {
			t.Errorf("worker %d: concurrent output differs from a lone generator's", w)
		}
	}
}
