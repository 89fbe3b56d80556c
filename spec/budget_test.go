package spec_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// HostileSpec returns the embedded contract with schemas D0..D(levels-1)
// added, each with ten properties pointing to the next, and D0 used by
// /account/create's request: the shape that grew tenfold per level.
func hostileSpec(t testing.TB, levels int) []byte {
	t.Helper()
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	src := string(s.Source())
	var b strings.Builder
	for i := range levels {
		fmt.Fprintf(&b, "    D%d:\n      type: object\n      properties:\n", i)
		if i == levels-1 {
			b.WriteString("        leaf:\n          type: string\n")
			continue
		}
		for j := range 10 {
			fmt.Fprintf(&b, "        p%d:\n          $ref: '#/components/schemas/D%d'\n", j, i+1)
		}
	}
	src = strings.Replace(src, "  schemas:\n", "  schemas:\n"+b.String(), 1)
	const at = "      required: [name, description]\n      properties:\n"
	if !strings.Contains(src, at) {
		t.Fatal("the contract changed shape; update hostileSpec")
	}
	return []byte(strings.Replace(src, at, at+"        hostile:\n          $ref: '#/components/schemas/D0'\n", 1))
}

func TestParseRefusesExplodingSchemas(t *testing.T) {
	_, err := spec.Parse(hostileSpec(t, 6), "hostile.yaml")
	var be *spec.BudgetError
	if !errors.As(err, &be) || be.Operation != spec.OpCreate || be.Schema != "AccountCreateRequest" {
		t.Fatalf("Parse = %v, want a *BudgetError naming /account/create", err)
	}
	if !strings.Contains(err.Error(), "hostile.yaml") {
		t.Errorf("the error does not name the file: %v", err)
	}
	// Three levels (111 fields more) are fine.
	if _, err := spec.Parse(hostileSpec(t, 3), "ok.yaml"); err != nil {
		t.Fatalf("a shallow shared schema was refused: %v", err)
	}
}

// TestParseHostileSpecAllocations measures what refusing the hostile spec
// costs: bounded by the budget, not by the tenfold growth.
func TestParseHostileSpecAllocations(t *testing.T) {
	data := hostileSpec(t, 6)
	res := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			_, _ = spec.Parse(data, "hostile.yaml")
		}
	})
	t.Logf("Parse of the hostile spec: %d KB allocated", res.AllocedBytesPerOp()>>10)
	if perOp := res.AllocedBytesPerOp(); perOp > 64<<20 {
		t.Errorf("Parse of the hostile spec allocated %d MB", perOp>>20)
	}
}
