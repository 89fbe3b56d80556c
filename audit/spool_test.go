package audit_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/policy"
)

// spoolView is what a result says, read through its iterators.
type spoolView struct {
	Findings   []audit.EntryFinding
	Suppressed []audit.SuppressedFinding
	Exchanges  []audit.Exchange
	Baseline   *audit.BaselineResult
	Counts     [5]int
	Errors     []string
}

func view(t *testing.T, res *audit.Result) spoolView {
	t.Helper()
	v := spoolView{Findings: slices.Collect(res.AllFindings()), Suppressed: slices.Collect(res.AllSuppressed()),
		Exchanges: slices.Collect(res.AllExchanges()), Baseline: res.Baseline,
		Counts: [5]int{res.Entries, res.Validated, res.Skipped, res.OutOfScope, res.ErrorsDropped}}
	for _, err := range res.Errors {
		v.Errors = append(v.Errors, err.Error())
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSpoolMatchesMemory runs the same inputs with and without a spool and
// wants the same findings, suppressed findings, exchanges and counts, in
// the same order: state findings of the replay merged in place, the
// policy and the baseline applied in the same pass.
func TestSpoolMatchesMemory(t *testing.T) {
	dir := t.TempDir()
	p, err := policy.Parse("team.yaml", []byte(`
rules:
  auth-bearer-required: warning
ignore:
  - rule: account-name-no-wepay
    files: "b.har"
    reason: old shop
`))
	if err != nil {
		t.Fatal(err)
	}
	p.Dir = dir
	states := har(lookup(t0), create("WePay 1"), lookup(t0.Add(2*time.Minute)), del(t0.Add(time.Minute)),
		ex{url: stage + "/account", req: `{"account_id":12345}`, status: 200, resp: active, noAuth: true, time: t0.Add(3 * time.Minute)}, create("WePay 2"))
	a := filepath.Join(dir, "a.har")
	b := filepath.Join(dir, "b.har")
	inputs := []audit.Input{input(a, states), input(b, manyHAR(60)), input(filepath.Join(dir, "c.har"), []byte(`{"log":{"entries":[{"request":`))}
	known := policy.NewBaseline("test", dir, []policy.Key{{Rule: "state-transition", Operation: "/account", Side: "response", Pointer: "/state", File: "a.har"}})
	cases := map[string]audit.Options{
		"plain":      {},
		"exchanges":  {KeepExchanges: true},
		"across":     {StateAcrossFiles: true, KeepExchanges: true, Workers: 3},
		"policy":     {Policy: p},
		"baseline":   {Policy: p, Baseline: known, KeepExchanges: true},
		"one worker": {Workers: 1, Policy: p, Baseline: known},
	}
	v := newValidator(t)
	// Without state findings, policy or baseline the raw spool is the
	// result (no second file).
	t.Run("raw", func(t *testing.T) {
		in := []audit.Input{input("m.har", manyHAR(80)), input("n.har", manyHAR(30))}
		mem, err := audit.Run(context.Background(), v, in, audit.Options{KeepExchanges: true})
		if err != nil {
			t.Fatal(err)
		}
		sp, err := audit.Run(context.Background(), v, in, audit.Options{KeepExchanges: true, Spool: true, SpoolDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		defer sp.Close()
		want, got := view(t, mem), view(t, sp)
		if len(want.Findings) < 10 {
			t.Fatalf("%d findings", len(want.Findings))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("spooled result differs (-memory +spool):\n%s", diff)
		}
	})
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			mem, err := audit.Run(context.Background(), v, inputs, o)
			if err != nil {
				t.Fatal(err)
			}
			o.Spool, o.SpoolDir = true, t.TempDir()
			sp, err := audit.Run(context.Background(), v, inputs, o)
			if err != nil {
				t.Fatal(err)
			}
			defer sp.Close()
			if !sp.Spooled() || sp.Findings != nil || sp.Suppressed != nil || sp.Exchanges != nil {
				t.Fatalf("spooled result holds findings in memory")
			}
			want, got := view(t, mem), view(t, sp)
			if len(want.Findings) == 0 || o.Policy != nil && len(want.Suppressed) == 0 || !slices.ContainsFunc(want.Findings, func(f audit.EntryFinding) bool { return f.Rule == "state-transition" }) && o.Baseline == nil {
				t.Fatalf("findings %d, suppressed %d, or no state finding: the test checks nothing", len(want.Findings), len(want.Suppressed))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("spooled result differs (-memory +spool):\n%s", diff)
			}
			// A second iteration reads the same again.
			if diff := cmp.Diff(want.Findings, slices.Collect(sp.AllFindings())); diff != "" {
				t.Fatalf("second iteration differs:\n%s", diff)
			}
		})
	}
}

// TestSpoolLeavesNoFiles checks that the spool's files are gone after
// Close, after a cancelled run, and when the spool cannot be written.
func TestSpoolLeavesNoFiles(t *testing.T) {
	v := newValidator(t)
	empty := func(t *testing.T, dir string) {
		t.Helper()
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 0 {
			t.Fatalf("%d files left in the spool directory: %v", len(es), es[0].Name())
		}
	}
	t.Run("close", func(t *testing.T) {
		dir := t.TempDir()
		res, err := audit.Run(context.Background(), v, []audit.Input{input("m.har", manyHAR(50))}, audit.Options{Spool: true, SpoolDir: dir, KeepExchanges: true})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(slices.Collect(res.AllFindings())); n == 0 {
			t.Fatal("no findings")
		}
		if err := res.Close(); err != nil {
			t.Fatal(err)
		}
		empty(t, dir)
		if n := len(slices.Collect(res.AllFindings())); n != 0 {
			t.Fatalf("%d findings after Close", n)
		}
		if err := res.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		res, err := audit.Run(ctx, v, []audit.Input{input("m.har", manyHAR(3000))}, audit.Options{Spool: true, SpoolDir: dir, Workers: 1,
			Progress: func(int, time.Duration) {
				if n++; n == 2 {
					cancel()
				}
			}})
		cancel()
		if !errors.Is(err, context.Canceled) && res != nil && res.Entries == 3000 {
			t.Log("the run ended before the cancel")
		}
		if res != nil {
			if err := res.Close(); err != nil {
				t.Fatal(err)
			}
		}
		empty(t, dir)
	})
	t.Run("unwritable", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "missing")
		_, err := audit.Run(context.Background(), v, []audit.Input{input("m.har", manyHAR(10))}, audit.Options{Spool: true, SpoolDir: dir})
		var se *audit.SpoolError
		if !errors.As(err, &se) {
			t.Fatalf("got %v, want a *audit.SpoolError", err)
		}
	})
}

// TestSpoolMemoryFlat measures the heap a spooled result keeps: it must
// not grow with the number of findings (a result in memory keeps a few
// hundred bytes per finding).
func TestSpoolMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("validates a few thousand exchanges")
	}
	v := newValidator(t)
	retained := func(n int, spool bool) (uint64, int) {
		xs := make([]ex, n)
		for i := range xs {
			xs[i] = create("My WePay shop") // two findings each, no account state kept
		}
		data := har(xs...)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res, err := audit.Run(context.Background(), v, []audit.Input{input("m.har", data)}, audit.Options{Spool: spool, SpoolDir: t.TempDir(), Workers: 1, KeepExchanges: true})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		count := 0
		for range res.AllFindings() {
			count++
		}
		res.Close()
		runtime.KeepAlive(data)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc), count
	}
	memSmall, _ := retained(500, false)
	memBig, findings := retained(4000, false)
	spSmall, _ := retained(500, true)
	spBig, spFindings := retained(4000, true)
	if findings != spFindings || findings < 4000 {
		t.Fatalf("findings: %d in memory, %d spooled", findings, spFindings)
	}
	perMem := float64(memBig-min(memBig, memSmall)) / float64(findings*7/8)
	perSpool := float64(spBig-min(spBig, spSmall)) / float64(findings*7/8)
	t.Logf("heap kept per finding: %.0f bytes in memory, %.1f spooled", perMem, perSpool)
	if perMem < 100 {
		t.Fatalf("the in-memory result keeps %.0f bytes per finding: the measure is broken", perMem)
	}
	if perSpool > 16 {
		t.Fatalf("a spooled result keeps %.1f bytes per finding; want it flat", perSpool)
	}
}
