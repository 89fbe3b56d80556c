package lint_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

// hostileSpec is the contract with D0..D5 added, each with ten properties
// pointing to the next, D0 used by /account/create's request (72 KB).
func hostileSpec(t testing.TB) []byte {
	t.Helper()
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "    D%d:\n      type: object\n      properties:\n", i)
		if i == 5 {
			b.WriteString("        leaf:\n          type: string\n")
			continue
		}
		for j := range 10 {
			fmt.Fprintf(&b, "        p%d:\n          $ref: '#/components/schemas/D%d'\n", j, i+1)
		}
	}
	src := strings.Replace(string(s.Source()), "  schemas:\n", "  schemas:\n"+b.String(), 1)
	const at = "      required: [name, description]\n      properties:\n"
	return []byte(strings.Replace(src, at, at+"        hostile:\n          $ref: '#/components/schemas/D0'\n", 1))
}

// TestLintHostileSpec: linting the hostile spec (with a baseline, through
// main's diff path) ends in a clear problem at the body's schema, and
// linting against it as the baseline ends too, both within a bounded
// allocation.
func TestLintHostileSpec(t *testing.T) {
	data := hostileSpec(t)
	base, _ := spec.Load()
	var probs []lint.Problem
	res := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			probs, _ = lint.Lint(data, "hostile.yaml", base.Source())
		}
	})
	t.Logf("lint --against of the hostile spec: %d MB allocated", res.AllocedBytesPerOp()>>20)
	if res.AllocedBytesPerOp() > 300<<20 {
		t.Errorf("lint allocated %d MB", res.AllocedBytesPerOp()>>20)
	}
	found := false
	for _, p := range probs {
		found = found || strings.Contains(p.Message, "expands to more than") && strings.Contains(p.String(), "AccountCreateRequest")
	}
	if !found {
		t.Fatalf("no budget problem at AccountCreateRequest: %v", probs)
	}
	// As the baseline of --against (main's oasdiff path, which compares
	// schemas by reference), the hostile spec is read within the same
	// bound: an answer or a clear error, never a runaway.
	var err error
	res = testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			_, err = lint.Lint(base.Source(), "ok.yaml", data)
		}
	})
	t.Logf("lint --against a hostile baseline: %d MB allocated (err %v)", res.AllocedBytesPerOp()>>20, err)
	if res.AllocedBytesPerOp() > 300<<20 {
		t.Errorf("lint against a hostile baseline allocated %d MB", res.AllocedBytesPerOp()>>20)
	}
}

// fanOut is a spec whose schemas D0..D(depth-1) each have ten members
// pointing to the next: 10^depth paths through a body, a handful of schemas.
// leaf is the schema of the last one's members.
func fanOut(depth int, leaf string) []byte {
	var b strings.Builder
	b.WriteString(`openapi: 3.1.0
info: {title: hostile, version: "1"}
paths:
  /account:
    post:
      operationId: account
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/D0"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/D0"}
components:
  schemas:
`)
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "    D%d:\n      type: object\n      properties:\n", i)
		for j := 0; j < 10; j++ {
			if i < depth-1 {
				fmt.Fprintf(&b, "        p%d: {$ref: \"#/components/schemas/D%d\"}\n", j, i+1)
			} else {
				fmt.Fprintf(&b, "        p%d: %s\n", j, leaf)
			}
		}
	}
	return []byte(b.String())
}

// TestHostileFanOut: a change at the bottom of a fan-out of schemas (10^8
// paths for depth 8) is found once per member with bounded work and memory,
// through Diff and through Lint --against.
func TestHostileFanOut(t *testing.T) {
	for _, depth := range []int{6, 8} {
		base := fanOut(depth, "{type: string, x-wepaykit-rules: [r]}")
		nw := fanOut(depth, "{type: string, maxLength: 5, enum: [a, b]}")
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		cl, err := lint.Diff(base, nw)
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if alloc > 256<<20 {
			t.Errorf("depth %d: %d MiB allocated", depth, alloc>>20)
		}
		t.Logf("depth %d (10^%d paths): %d changes, %.1f MiB allocated", depth, depth, len(cl.Changes), float64(alloc)/(1<<20))
		n := map[string]int{}
		for _, c := range cl.Changes {
			n[c.Check]++
		}
		// Ten members each: the oasdiff changes on both sides and the rule
		// dropped from each member (request and response).
		if n["request-property-max-length-set"] != 10 || n["request-property-enum-value-removed"] != 0 || n[lint.CheckRuleRequestUnapplied] != 10 || n[lint.CheckRuleResponseUnapplied] != 10 || len(cl.Changes) > 100 {
			t.Errorf("depth %d: %d changes %v", depth, len(cl.Changes), n)
		}
		ps, err := lint.Lint(nw, "new.yaml", base)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			t.Errorf("depth %d: Lint --against found nothing", depth)
		}
	}
}
