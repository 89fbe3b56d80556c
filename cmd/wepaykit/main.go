// Command wepaykit checks WePay v2 /account traffic and specs against
// wepaykit's contract.
//
//	wepaykit validate [flags] FILE...    validate recorded traffic (HAR, go-vcr, JSON lines)
//	wepaykit validate --op OP --request FILE --response FILE
//	wepaykit lint [SPEC] [--against SPEC] check an OpenAPI document
//	wepaykit version                     print the version
//	wepaykit help [COMMAND]              show help
//
// Exit codes: 0 nothing at or above the failing severity, 1 findings at or
// above it, 2 usage error or unreadable input.
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs one invocation of wepaykit and returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	return e.dispatch(args)
}
