package proxy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/proxy"
	"github.com/wepaykit/wepaykit/validate"
)

func TestPrinters(t *testing.T) {
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f := validate.Finding{Operation: "/account", Side: "request", Location: validate.InBody, Pointer: "/account_id", Rule: "schema.type", Severity: validate.SeverityError, Message: "expected integer"}
	evs := []proxy.Event{
		{Time: at, Method: "POST", Path: "/v2/account", Operation: "/account", Status: 200, Duration: 3 * time.Millisecond},
		{Time: at, Method: "POST", Path: "/v2/account", Operation: "/account", Status: 400, Findings: []validate.Finding{f}, Rejected: true},
		{Time: at, Method: "POST", Path: "/v2/account", Operation: "/account", Status: 502, Err: errors.New("connection refused")},
		{Time: at, Method: "POST", Path: "/v2/checkout", Status: 200, Skipped: true},
	}
	var txt bytes.Buffer
	for _, e := range evs {
		proxy.TextPrinter(&txt)(e)
	}
	want := `12:00:00.000 POST /v2/account 200 3ms: ok
12:00:00.000 POST /v2/account 400 0s: rejected, not forwarded: 1 error, 0 warnings
  error /account request body /account_id: expected integer [schema.type]
12:00:00.000 POST /v2/account 502 0s: connection refused
12:00:00.000 POST /v2/checkout 200 0s: passed through (not an /account call)
`
	if txt.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", txt.String(), want)
	}
	var js bytes.Buffer
	for _, e := range evs {
		proxy.JSONPrinter(&js)(e)
	}
	lines := strings.Split(strings.TrimSpace(js.String()), "\n")
	if len(lines) != len(evs) {
		t.Fatalf("%d JSON lines", len(lines))
	}
	var second struct {
		Status   int                `json:"status"`
		Rejected bool               `json:"rejected"`
		Findings []validate.Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil || second.Status != 400 || !second.Rejected || len(second.Findings) != 1 || second.Findings[0] != f {
		t.Fatalf("%s: %+v %v", lines[1], second, err)
	}
	if !strings.Contains(lines[2], `"error":"connection refused"`) || !strings.Contains(lines[0], `"findings":[]`) {
		t.Fatalf("JSON lines:\n%s", js.String())
	}
}
