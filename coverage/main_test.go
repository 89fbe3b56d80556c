package coverage_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
)

// contractCoverage is shared by every test of this binary that talks to
// WePay (here: to the fake), as -coverprofile shares Go's counters.
var contractCoverage = func() *coverage.Collector {
	c, err := coverage.New()
	if err != nil {
		panic("coverage: the embedded spec does not load: " + err.Error())
	}
	return c
}()

// TestMain writes the binary's contract coverage when
// WEPAYKIT_CONTRACT_COVERAGE names a file:
//
//	WEPAYKIT_CONTRACT_COVERAGE=contract.json go test ./...
//	wepaykit coverage merge -f html -o coverage.html contract.json
func TestMain(m *testing.M) {
	code := m.Run()
	if path := os.Getenv("WEPAYKIT_CONTRACT_COVERAGE"); path != "" {
		if err := contractCoverage.WriteFile(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 2
			}
		}
	}
	os.Exit(code)
}
