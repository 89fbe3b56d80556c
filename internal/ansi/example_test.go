package ansi_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

func ExamplePaint() {
	fmt.Printf("%q\n", ansi.Paint(true, ansi.Red, "error"))
	fmt.Printf("%q\n", ansi.Paint(false, ansi.Red, "error"))
	fmt.Printf("%q\n", ansi.Paint(true, ansi.Red, ""))
	// Output:
	// "\x1b[31merror\x1b[0m"
	// "error"
	// ""
}
