//go:build race

package callsite_test

// raceFlags builds the partner module as this test binary was built, so
// that it reuses the packages already compiled for this run.
var raceFlags = []string{"-race"}
