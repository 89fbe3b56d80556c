// Package callsite finds, on the current goroutine's stack, the caller's
// own code: the first frame outside wepaykit and the Go standard library.
// Test integrations (validate.Transport, conformance.Run) report findings at
// that place, because testing.TB.Helper cannot mark the net/http frames
// between a partner's call and wepaykit's RoundTripper.
package callsite

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// module is wepaykit's module path; its non-test files are "ours".
const module = "github.com/wepaykit/wepaykit"

// Frame is a place in a caller's code.
type Frame struct {
	File     string // full path, as the runtime reports it
	Line     int
	Function string // package path qualified
}

// String is the place as go test prints one: the file's base name and line.
func (f Frame) String() string {
	if f.File == "" {
		return ""
	}
	return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
}

// Place is where a finding is reported: the first frame outside wepaykit
// and the standard library and, when that frame is not the test function
// itself, the test function further out (the test that made the call) and
// the first test-file frame between them, when there is one (a helper the
// test called, marked with t.Helper or not).
type Place struct {
	First Frame
	Test  Frame
	Via   Frame
}

// String formats the place for the head of a message; "" when nothing was
// found.
func (p Place) String() string {
	if p.First.File == "" {
		return ""
	}
	if p.Test.File == "" || p.Test == p.First {
		return p.First.String()
	}
	if p.Via.File == "" || p.Via == p.First || p.Via == p.Test {
		return p.First.String() + " (called from " + p.Test.String() + ")"
	}
	return p.First.String() + " (called from " + p.Test.String() + " via " + p.Via.String() + ")"
}

// Find returns the place of the caller's code on the current goroutine's
// stack; skip is the number of frames to skip above Find's caller. The
// zero Place means the stack holds only wepaykit and the standard library
// (for example a server goroutine).
func Find(skip int) Place {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip+2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var p Place
	var helper Frame // the first test-file frame after First
	for {
		fr, more := frames.Next()
		here := Frame{File: fr.File, Line: fr.Line, Function: fr.Function}
		switch {
		case p.First.File == "":
			if outside(fr) {
				p.First = here
				if strings.HasSuffix(fr.File, "_test.go") && testFunc(fr.Function) {
					return p
				}
			}
		case strings.HasSuffix(fr.File, "_test.go"):
			if testFunc(fr.Function) {
				p.Test = here
				if helper.File != "" && helper != here {
					p.Via = helper
				}
				return p
			}
			if helper.File == "" {
				helper = here
			}
		}
		if !more {
			// No test function on this goroutine's stack (a goroutine the
			// test started): the first test-file frame is the caller.
			p.Test = helper
			return p
		}
	}
}

// testFunc reports whether a qualified function name is a test, benchmark,
// fuzz target or example, or a function literal inside one (a subtest):
// "example.com/shop.TestFind", "example.com/shop.TestFind.func1".
func testFunc(fn string) bool {
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		fn = fn[i+1:]
	}
	_, name, ok := strings.Cut(fn, ".")
	if !ok {
		return false
	}
	name, _, _ = strings.Cut(name, ".")
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if rest == "" || rest[0] < 'a' || rest[0] > 'z' {
				return true
			}
		}
	}
	return false
}

// outside reports whether a frame belongs to neither wepaykit's non-test
// code nor the standard library (nor the generated test main).
func outside(fr runtime.Frame) bool {
	if fr.Function == "" || strings.HasSuffix(fr.File, "_testmain.go") {
		return false
	}
	if strings.HasPrefix(fr.Function, module+"/") || strings.HasPrefix(fr.Function, module+".") {
		return strings.HasSuffix(fr.File, "_test.go")
	}
	return !isStd(fr.Function)
}

// isStd reports whether a qualified function name belongs to the standard
// library: its package path's first element has no dot (and is not main).
func isStd(fn string) bool {
	pkg := fn
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		if j := strings.IndexByte(pkg[i:], '.'); j >= 0 {
			pkg = pkg[:i+j]
		}
	} else if j := strings.IndexByte(pkg, '.'); j >= 0 {
		pkg = pkg[:j]
	}
	if pkg == "main" {
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}

// TB is the part of testing.TB that Report needs.
type TB interface {
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// outputTB is testing.TB's Output and Fail (Go 1.25 and later): with them
// a message is printed at the caller's place exactly as a t.Errorf in the
// caller's own code would print it, with no wepaykit location before it.
type outputTB interface {
	Output() io.Writer
	Fail()
}

// realOutput returns tb's Output and Fail when tb is one of the testing
// package's own types. A fake that embeds a nil testing.TB has the methods
// too, but calling them would panic, so only these are trusted.
func realOutput(tb TB) (outputTB, bool) {
	switch x := tb.(type) {
	case *testing.T:
		return x, true
	case *testing.B:
		return x, true
	case *testing.F:
		return x, true
	}
	return nil, false
}

// Report sends msg to tb at place: as a failure (Errorf) when fail is set,
// else as a log line. A real testing.TB prints "place: msg" with no other
// location; any other TB gets the place at the head of the message.
func Report(tb TB, fail bool, at Place, msg string) {
	where := at.String()
	if where == "" {
		if fail {
			tb.Errorf("%s", msg)
		} else {
			tb.Logf("%s", msg)
		}
		return
	}
	if o, ok := realOutput(tb); ok {
		fmt.Fprintf(o.Output(), "%s: %s\n", where, msg)
		if fail {
			o.Fail()
		}
		return
	}
	if fail {
		tb.Errorf("%s: %s", where, msg)
	} else {
		tb.Logf("%s: %s", where, msg)
	}
}
