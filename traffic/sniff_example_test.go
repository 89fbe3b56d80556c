package traffic_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/traffic"
)

// ExampleSniff tells a recording from a file that only starts like one.
func ExampleSniff() {
	for _, s := range []string{
		`{"log": {"version": "1.2", "creator": {"name": "Chrome"}, "entries": []}}`,
		`{"log": {"level": "debug"}}`,
		"version: \"3.8\"\nservices: {}\n",
	} {
		f, err := traffic.Sniff([]byte(s))
		fmt.Printf("%q %v\n", f, err != nil)
	}
	// Output:
	// "har" false
	// "" true
	// "" true
}
