//go:build !race

package callsite_test

// raceFlags builds the partner module as this test binary was built.
var raceFlags []string
