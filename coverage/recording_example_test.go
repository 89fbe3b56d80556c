package coverage_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// Two recordings that share an account id (two fake servers hand out the
// same ids) are two accounts: an account deleted in one and active in the
// other made no transition. validate.WithCoverage reads the recording from
// the request's context (WithRecording), as audit sets it for each file.
func ExampleWithRecording() {
	c, err := coverage.New()
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i, rec := range []struct{ name, state string }{{"a.jsonl", spec.StateDeleted}, {"b.jsonl", spec.StateActive}} {
		ctx := coverage.WithRecording(context.Background(), rec.name)
		name, _ := coverage.RecordingFrom(ctx)
		c.Observe(coverage.Exchange{Operation: spec.OpAccount, Environment: coverage.EnvStage, Status: 200, Recording: name,
			Response: map[string]any{"account_id": int64(12345), "state": rec.state}, Time: at.Add(time.Duration(i) * time.Minute)})
	}
	r := c.Report()
	fmt.Println("accounts:", len(r.Detail.Accounts), "transitions covered:", r.Transitions.Covered)
	// Output: accounts: 2 transitions covered: 0
}
