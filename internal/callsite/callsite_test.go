package callsite

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestIsStd(t *testing.T) {
	for fn, want := range map[string]bool{
		"net/http.(*Client).do": true,
		"runtime.goexit":        true,
		"vendor/golang.org/x/net/http2.(*Framer).WriteData": true,
		"main.main":                          false,
		"example.com/partner.(*Client).call": false,
		"github.com/wepaykit/wepaykit/validate.(*transport).RoundTrip": false,
		"golang.org/x/net/http2.(*Transport).RoundTrip":                false,
	} {
		if got := isStd(fn); got != want {
			t.Errorf("isStd(%q) = %v", fn, got)
		}
	}
}

type fakeTB struct{ errs, logs []string }

func (f *fakeTB) Errorf(format string, a ...any) { f.errs = append(f.errs, fmt.Sprintf(format, a...)) }
func (f *fakeTB) Logf(format string, a ...any)   { f.logs = append(f.logs, fmt.Sprintf(format, a...)) }

// viaLibrary stands for a partner's helper outside its test files: the
// place names it first, then the test line that called it.
func TestFindFromTestFile(t *testing.T) {
	p := Find(0) // this file is a _test.go file of wepaykit: the partner's side
	if !strings.HasPrefix(p.String(), "callsite_test.go:") || p.Test.File != "" {
		t.Fatalf("Find from a test = %+v (%s)", p, p)
	}
	tb := &fakeTB{}
	Report(tb, true, p, "wepaykit: boom")
	Report(tb, false, p, "wepaykit: note")
	Report(tb, true, Place{}, "no place")
	if len(tb.errs) != 2 || !strings.HasPrefix(tb.errs[0], p.String()+": wepaykit: boom") || tb.errs[1] != "no place" {
		t.Fatalf("errors %q", tb.errs)
	}
	if len(tb.logs) != 1 || !strings.HasPrefix(tb.logs[0], p.String()+": wepaykit: note") {
		t.Fatalf("logs %q", tb.logs)
	}
}

func TestPlaceString(t *testing.T) {
	p := Place{First: Frame{File: "/src/p/client.go", Line: 50}, Test: Frame{File: "/src/p/client_test.go", Line: 7}}
	if got := p.String(); got != "client.go:50 (called from client_test.go:7)" {
		t.Fatal(got)
	}
	if got := (Place{}).String(); got != "" {
		t.Fatal(got)
	}
}

// embeddingTB is a fake that embeds a nil testing.TB, as many fakes do:
// Report must not call its Output.
type embeddingTB struct {
	testing.TB
	got []string
}

func (e *embeddingTB) Errorf(format string, a ...any) {
	e.got = append(e.got, fmt.Sprintf(format, a...))
}
func (e *embeddingTB) Logf(format string, a ...any) { e.got = append(e.got, fmt.Sprintf(format, a...)) }

func TestReportToAFakeEmbeddingTB(t *testing.T) {
	tb := &embeddingTB{}
	Report(tb, true, Find(0), "wepaykit: boom")
	if len(tb.got) != 1 || !strings.Contains(tb.got[0], "callsite_test.go:") {
		t.Fatalf("got %q", tb.got)
	}
}

// TestFindThroughAHelper: a call made in a helper of the test's file (one
// that calls t.Helper or not) is placed at the helper's line, called from
// the test function's line.
func TestFindThroughAHelper(t *testing.T) {
	p, line := helperCall()
	if p.First.Line != line || !strings.Contains(p.String(), "(called from callsite_test.go:") {
		t.Fatalf("Find through a helper = %+v (%s), want the helper's line %d called from this test", p, p, line)
	}
	if p.Test.Function == "" || !strings.HasSuffix(p.Test.Function, "TestFindThroughAHelper") {
		t.Fatalf("test frame %+v", p.Test)
	}
}

func helperCall() (Place, int) {
	_, _, line, _ := runtime.Caller(0)
	return Find(0), line + 1
}

func TestPlaceStringVia(t *testing.T) {
	p := Place{First: Frame{File: "/src/p/client.go", Line: 50}, Test: Frame{File: "/src/p/shop_test.go", Line: 19}, Via: Frame{File: "/src/p/helpers_test.go", Line: 11}}
	if got := p.String(); got != "client.go:50 (called from shop_test.go:19 via helpers_test.go:11)" {
		t.Fatal(got)
	}
}

func TestTestFunc(t *testing.T) {
	for fn, want := range map[string]bool{
		"example.com/shop.TestFind": true, "example.com/shop.TestFind.func1": true, "example.com/shop.FuzzX": true,
		"example.com/shop.Example": true, "example.com/shop.Testify": false, "example.com/shop.helper": false,
		"example.com/shop.(*T).TestLike": false, "main.BenchmarkA.func2.1": true,
	} {
		if got := testFunc(fn); got != want {
			t.Errorf("testFunc(%q) = %v, want %v", fn, got, want)
		}
	}
}
