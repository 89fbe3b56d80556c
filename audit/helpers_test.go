package audit_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

// ex is one exchange of a test recording.
type ex struct {
	url     string
	req     string
	status  int
	resp    string
	time    time.Time
	noAuth  bool
	version string // Api-Version header
}

const (
	stage   = "https://stage.wepayapi.com/v2"
	active  = `{"account_id":12345,"name":"Example account","state":"active","description":"d","owner_user_id":1,"type":"personal","create_time":1367958263,"disablement_time":null,"country":"US","currencies":["USD"],"balances":[{"currency":"USD","balance":390.5,"incoming_pending_amount":635.3,"outgoing_pending_amount":210.0,"reserved_amount":0,"withdrawal_period":"daily","withdrawal_type":"ach","withdrawal_next_time":1370112217,"withdrawal_bank_name":"WellsFargo XXXXX3102"}],"statuses":[{"currency":"USD","incoming_payments_status":"ok","outgoing_payments_status":"ok","account_review_status":"not_requested"}],"action_reasons":[],"disabled_reasons":[],"country_options":{"debit_opt_in":null}}`
	deleted = `{"account_id":12345,"state":"deleted"}`
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func lookup(at time.Time) ex {
	return ex{url: stage + "/account", req: `{"account_id":12345}`, status: 200, resp: active, time: at}
}

func del(at time.Time) ex {
	return ex{url: stage + "/account/delete", req: `{"account_id":12345}`, status: 200, resp: deleted, time: at}
}

func create(name string) ex {
	return ex{url: stage + "/account/create", req: `{"name":` + quote(name) + `,"description":"d"}`, status: 400,
		resp: `{"error":"invalid_request","error_description":"bad","error_code":1003}`}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// har builds a HAR file, one entry per line so that entry i is on line i+2.
func har(xs ...ex) []byte {
	var b bytes.Buffer
	b.WriteString(`{"log":{"version":"1.2","entries":[` + "\n")
	for i, x := range xs {
		if i > 0 {
			b.WriteString(",\n")
		}
		hdr := `[{"name":"Content-Type","value":"application/json"},{"name":"User-Agent","value":"wepaykit-tests/1.0"}`
		if !x.noAuth {
			hdr += `,{"name":"Authorization","value":"Bearer tok_test_1"}`
		}
		if x.version != "" {
			hdr += `,{"name":"Api-Version","value":` + quote(x.version) + `}`
		}
		hdr += "]"
		tm := ""
		if !x.time.IsZero() {
			tm = `"startedDateTime":` + quote(x.time.Format(time.RFC3339Nano)) + ","
		}
		status := x.status
		if status == 0 {
			status = 200
		}
		b.WriteString(`{` + tm + `"request":{"method":"POST","url":` + quote(x.url) + `,"headers":` + hdr +
			`,"postData":{"mimeType":"application/json","text":` + quote(x.req) + `}},` +
			`"response":{"status":` + itoa(status) + `,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"text":` + quote(x.resp) + `}}}`)
	}
	b.WriteString("\n]}}\n")
	return b.Bytes()
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func input(name string, data []byte) audit.Input {
	return audit.Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func newValidator(t testing.TB) *validate.Validator {
	t.Helper()
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rules lists "file:entry:rule" for each finding.
func rules(r *audit.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.File+":"+itoa(f.Entry)+":"+f.Rule)
	}
	return out
}

func hasRule(r *audit.Result, rule string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// manyHAR is a recording of n exchanges, every seventh one invalid.
func manyHAR(n int) []byte {
	xs := make([]ex, n)
	for i := range xs {
		switch i % 7 {
		case 3:
			xs[i] = create("My WePay shop " + strings.Repeat("x", i%5))
		case 5:
			xs[i] = ex{url: "https://api.example.com/other", req: "{}", resp: "{}"}
		default:
			xs[i] = lookup(t0.Add(time.Duration(i) * time.Second))
		}
	}
	return har(xs...)
}
