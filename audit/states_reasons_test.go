package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
)

// TestConditionalStateChanges: the state replay hands the tracker each
// account's reasons, so that a change the state table allows only for some
// reasons is judged by them: an account disabled for high_risk_chargeback
// that later answers active is a state-transition error; one disabled for
// fraud (reinstated after an appeal) is not.
func TestConditionalStateChanges(t *testing.T) {
	line := func(n int, id int, state, disabled string) string {
		return `{"time":"2026-11-30T12:0` + string(rune('0'+n)) + `:00Z","request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":["Bearer STAGE_x"],"Content-Type":["application/json"],"User-Agent":["t"]},"body":{"account_id":` + string(rune('0'+id)) + `}},` +
			`"response":{"status":200,"headers":{"Content-Type":["application/json"]},"body":{"account_id":` + string(rune('0'+id)) + `,"state":"` + state + `","disabled_reasons":[` + disabled + `]}}}`
	}
	rec := strings.Join([]string{
		line(0, 1, "disabled", `"high_risk_chargeback"`),
		line(1, 1, "active", ""),
		line(2, 2, "disabled", `"fraud"`),
		line(3, 2, "active", ""),
	}, "\n") + "\n"
	res, err := audit.Run(context.Background(), newValidator(t), []audit.Input{input("states.jsonl", []byte(rec))}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for _, f := range res.Findings {
		if f.Rule == "state-transition" {
			moves = append(moves, f.Message)
		}
	}
	if len(moves) != 1 || !strings.Contains(moves[0], "account 1") {
		t.Fatalf("state-transition findings %q, want one about account 1", moves)
	}
}
