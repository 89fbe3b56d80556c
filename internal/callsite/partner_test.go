package callsite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPartnerModule runs the tests of testdata/partner, a separate module
// that imports wepaykit as a partner does (with a replace directive to this
// checkout), and checks what go test prints there: a deliberately wrong
// call fails at the partner's own file and line, and golden files update
// with WEPAYKIT_UPDATE=1 in a package that defines no -update flag.
func TestPartnerModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a second module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "testdata", "partner"))); err != nil {
		t.Fatal(err)
	}
	goCmd := func(env []string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GOWORK=off", "GOFLAGS=-mod=mod", "WEPAYKIT_UPDATE=", "PARTNER_WRONG="}, env...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := goCmd(nil, "mod", "edit", "-replace", "github.com/wepaykit/wepaykit="+root); err != nil {
		t.Fatalf("go mod edit: %v\n%s", err, out)
	}
	doLine := lineOf(t, filepath.Join(dir, "client.go"), "c.HTTP.Do(req)")
	wrongLine := lineOf(t, filepath.Join(dir, "client_test.go"), "// WRONG-CALL")
	goldenLine := lineOf(t, filepath.Join(dir, "client_test.go"), "// GOLDEN-CALL")
	conformanceLine := lineOf(t, filepath.Join(dir, "client_test.go"), "// CONFORMANCE-CALL")

	t.Run("failure at the partner's line", func(t *testing.T) {
		args := append(append([]string{"test"}, raceFlags...), "-count=1", "-v", "-run", "TestWrongCall|TestAccountLifecycle|TestConformanceWrong", ".")
		out, err := goCmd([]string{"PARTNER_WRONG=1"}, args...)
		if err == nil {
			t.Fatalf("the wrong call did not fail the partner's test:\n%s", out)
		}
		want := fmt.Sprintf("    client.go:%d (called from client_test.go:%d): wepaykit: error /account/find request body /limit: ", doLine, wrongLine)
		if !strings.Contains(out, want) || !strings.Contains(out, "[schema.type]") {
			t.Fatalf("go test output lacks %q:\n%s", want, out)
		}
		for _, bad := range []string{"roundtrip.go", "client.go:2", "suite.go"} {
			if strings.Contains(out, bad) && !strings.Contains(want, bad) {
				t.Errorf("output names wepaykit's or net/http's line %q:\n%s", bad, out)
			}
		}
		// conformance.Run's checks run in subtests, away from the caller's
		// stack: their failures name the line that called Run.
		wantRun := fmt.Sprintf("client_test.go:%d: conformance: responses/account/delete: the answer breaks the contract: error /account/delete response body /state: ", conformanceLine)
		if !strings.Contains(out, wantRun) || !strings.Contains(out, "[delete-reports-deleted]") {
			t.Errorf("go test output lacks %q:\n%s", wantRun, out)
		}
		if !strings.Contains(out, "--- PASS: TestAccountLifecycle") || !strings.Contains(out, "--- FAIL: TestWrongCall") || !strings.Contains(out, "--- FAIL: TestConformanceWrong") {
			t.Errorf("unexpected results:\n%s", out)
		}
	})

	t.Run("goldens update with WEPAYKIT_UPDATE=1", func(t *testing.T) {
		// One build, then the test binary runs as go test would run it.
		if out, err := goCmd(nil, append(append([]string{"test"}, raceFlags...), "-c", "-o", "partner.test", ".")...); err != nil {
			t.Fatalf("go test -c: %v\n%s", err, out)
		}
		bin := filepath.Join(dir, "partner.test")
		run := func(env []string, args ...string) (string, error) {
			cmd := exec.CommandContext(t.Context(), bin, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), append([]string{"WEPAYKIT_UPDATE=", "PARTNER_WRONG="}, env...)...)
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		golden := filepath.Join(dir, "testdata", "account.json")
		if err := os.WriteFile(golden, []byte(`{"name": "stale", "state": "pending"}`), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := run(nil, "-test.run", "TestGolden")
		if err == nil || !strings.Contains(out, fmt.Sprintf("client_test.go:%d: golden ", goldenLine)) {
			t.Fatalf("a stale golden file did not fail at the partner's line (err %v):\n%s", err, out)
		}
		out, err = run(nil, "-test.run", "TestGolden", "-update")
		if err == nil || !strings.Contains(out, "flag provided but not defined: -update") {
			t.Fatalf("-update in a package without the flag: err %v\n%s", err, out)
		}
		if out, err = run([]string{"WEPAYKIT_UPDATE=1"}, "-test.run", "TestGolden"); err != nil {
			t.Fatalf("WEPAYKIT_UPDATE=1 go test: %v\n%s", err, out)
		}
		b, _ := os.ReadFile(golden)
		if want := "{\n    \"name\": \"Bob's Bikes\",\n    \"state\": \"action_required\"\n}\n"; string(b) != want {
			t.Fatalf("golden file after the update:\n%s\nwant\n%s", b, want)
		}
		if out, err = run(nil, "-test.run", "TestGolden"); err != nil {
			t.Fatalf("after the update: %v\n%s", err, out)
		}
	})
}

// lineOf returns the 1-based line of the first line of file holding s.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), s) {
			return n
		}
	}
	t.Fatalf("%s holds no %q", file, s)
	return 0
}
