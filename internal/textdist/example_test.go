package textdist_test

import (
	"fmt"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

func ExampleDistance() {
	fmt.Println(textdist.Distance("x-wepaykit-rule", "x-wepaykit-rules", 4))
	fmt.Println(textdist.Distance("scope", "x-wepaykit-rules", 4))
	// Output:
	// 1
	// 4
}
