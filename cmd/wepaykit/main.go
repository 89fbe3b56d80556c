// Command wepaykit checks WePay v2 /account traffic and specs against
// wepaykit's contract, and runs a fake WePay and a conformance suite.
//
//	wepaykit validate [flags] FILE...     validate recorded traffic
//	wepaykit lint [SPEC] [--against SPEC] check an OpenAPI document
//	wepaykit conformance [BASE_URL]       check a stand-in against the contract
//	wepaykit serve                        run a stateful fake WePay
//	wepaykit fake OPERATION               print generated payloads
//	wepaykit states                       print the account state machine
//	wepaykit version                      print the version
//	wepaykit completion SHELL             print a shell completion script
//
// Exit codes: 0 nothing at or above the failing severity, 1 findings at or
// above it, 2 usage error, unreadable input or a setup that failed. Each
// command's --help says what its codes mean for it.
package main

import (
	"io"
	"os"
)

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs one invocation of wepaykit and returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	return e.execute(args)
}
