package audit_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

// TestReportNeverShowsPlantedToken plants the Authorization token in the
// method, a path parameter and the time field of a recording and checks
// that nothing audit returns (exchanges, findings, file errors) shows it.
func TestReportNeverShowsPlantedToken(t *testing.T) {
	const tok = "tokPLANT3Dxyz"
	lines := []string{
		`{"request":{"method":"` + tok + `","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer ` + tok + `"}},"response":{"status":200}}`,
		`{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account;access_token=` + tok + `","headers":{"Authorization":"Bearer x"}},"response":{"status":200}}`,
		`{"time":"` + tok + `","request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account"}}`,
		`{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account?x=1;access_token=` + tok + `"}}`,
	}
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(context.Background(), v, []audit.Input{{Name: "rec.jsonl", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(strings.Join(lines, "\n") + "\n")), nil
	}}}, audit.Options{KeepExchanges: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), tok) {
		t.Fatalf("the result shows the token:\n%s", b)
	}
}
