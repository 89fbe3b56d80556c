package report_test

import (
	"encoding/json"
	"fmt"

	"github.com/wepaykit/wepaykit/report"
)

func ExampleBaselineJSON() {
	b, _ := json.Marshal(report.BaselineJSON{File: ".wepaykit-baseline.json", Known: 3, Gone: 1,
		GoneEntries: []string{"rec.har /account/modify request /name [schema.maxLength]"}})
	fmt.Println(string(b))
	// Output:
	// {"file":".wepaykit-baseline.json","known":3,"gone":1,"gone_entries":["rec.har /account/modify request /name [schema.maxLength]"],"pruned":false}
}
