package coverage_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// call posts body to base+op with tok and decodes the answer into out.
func call(t *testing.T, c *http.Client, base, op, tok, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+op, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		_ = json.Unmarshal(b, out)
	}
	return resp.StatusCode
}

// lifecycle walks one account through the fake: create, KYC and bank
// (active), disable, reinstate, delete, then a call on the deleted account.
func lifecycle(t *testing.T, s *wepaytest.Server, client *http.Client) {
	t.Helper()
	u := s.NewUser("carol")
	var acc struct {
		AccountID int64  `json:"account_id"`
		State     string `json:"state"`
	}
	if st := call(t, client, s.URL, spec.OpCreate, u.Token, `{"name":"Carol's Cakes","description":"Cakes","country":"US","currencies":["USD"]}`, &acc); st != 200 {
		t.Fatalf("create: %d", st)
	}
	id := `{"account_id":` + jsonNum(acc.AccountID) + `}`
	_ = s.CompleteKYC(acc.AccountID)
	_ = s.AddBankAccount(acc.AccountID)
	call(t, client, s.URL, spec.OpAccount, u.Token, id, nil)
	_ = s.Disable(acc.AccountID, "fraud")
	call(t, client, s.URL, spec.OpAccount, u.Token, id, nil)
	_ = s.Reinstate(acc.AccountID)
	call(t, client, s.URL, spec.OpAccount, u.Token, id, nil)
	call(t, client, s.URL, spec.OpDelete, u.Token, id, nil)
	if st := call(t, client, s.URL, spec.OpAccount, u.Token, id, nil); st < 400 {
		t.Fatalf("a deleted account answered %d", st)
	}
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestWepaytestServerCountsEachExchangeOnce: the server's middleware feeds
// the collector; its validating client does not count again.
func TestWepaytestServerCountsEachExchangeOnce(t *testing.T) {
	c, err := coverage.New()
	if err != nil {
		t.Fatal(err)
	}
	s := wepaytest.NewServer(t, wepaytest.WithCoverage(c))
	lifecycle(t, s, s.Client())
	r := c.Report()
	if r.Detail.Exchanges != 6 {
		t.Errorf("%d exchanges counted, want 6", r.Detail.Exchanges)
	}
	for _, tr := range []string{"action_required -> active", "active -> disabled", "disabled -> active", "active -> deleted"} {
		for _, m := range r.Transitions.Missing {
			if m == tr {
				t.Errorf("transition %s not observed", tr)
			}
		}
	}
	var codes []int64
	for _, op := range r.Detail.Operations {
		if op.Operation == spec.OpAccount {
			for _, cs := range op.ErrorCodes {
				if cs.Seen > 0 {
					codes = append(codes, cs.Code)
				}
			}
		}
	}
	if len(codes) != 1 || codes[0] != 3003 {
		t.Errorf("error codes seen on /account: %v, want [3003]", codes)
	}
}

// TestSharedCollector feeds the collector the whole test binary shares
// (main_test.go), from a server of its own.
func TestSharedCollector(t *testing.T) {
	before := contractCoverage.Report().Detail.Exchanges
	s := wepaytest.NewServer(t, wepaytest.WithCoverage(contractCoverage))
	lifecycle(t, s, s.Client())
	if got := contractCoverage.Report().Detail.Exchanges - before; got != 6 {
		t.Errorf("%d exchanges added, want 6", got)
	}
}

func TestTransportAndMiddlewareFeedTheCollector(t *testing.T) {
	h, err := wepaytest.New()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	t.Run("transport", func(t *testing.T) {
		c, _ := coverage.New()
		v, err := validate.New(validate.WithCoverage(c))
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: v.Transport(t, nil)}
		u := h.NewUser("dan")
		call(t, client, srv.URL+"/v2", spec.OpFind, u.Token, `{}`, nil)
		call(t, client, srv.URL+"/v2", spec.OpCreate, u.Token, `{"name":"Dan","description":"d"}`, nil)
		r := c.Report()
		if r.Detail.Exchanges != 2 || r.Operations.Covered != 2 {
			t.Errorf("exchanges %d, operations %v", r.Detail.Exchanges, r.Operations)
		}
	})
	for _, validateResponses := range []bool{false, true} {
		name := "middleware"
		if validateResponses {
			name += "-validating-responses"
		}
		t.Run(name, func(t *testing.T) {
			c, _ := coverage.New()
			v, err := validate.New(validate.WithCoverage(c))
			if err != nil {
				t.Fatal(err)
			}
			mw := httptest.NewServer(v.Middleware(h, validate.MiddlewareOptions{Mode: validate.Reject, ValidateResponses: validateResponses}))
			defer mw.Close()
			u := h.NewUser("erin")
			call(t, mw.Client(), mw.URL+"/v2", spec.OpCreate, u.Token, `{"name":"Erin","description":"e"}`, nil)
			call(t, mw.Client(), mw.URL+"/v2", spec.OpCreate, u.Token, `{"name":"my wepay shop","description":"e"}`, nil) // refused by the middleware
			r := c.Report()
			if r.Detail.Exchanges != 2 {
				t.Errorf("%d exchanges, want 2", r.Detail.Exchanges)
			}
			if r.Detail.States["action_required"] != 1 {
				t.Errorf("states %v, want the created account's", r.Detail.States)
			}
			op := r.Detail.Operations[1]
			if op.Operation != spec.OpCreate || op.Statuses["200"] != 1 || op.Statuses["400"] != 1 {
				t.Errorf("create statuses %v", op.Statuses)
			}
		})
	}
}

// TestWriteFileRoundTrip: what TestMain writes reads back equal.
func TestWriteFileRoundTrip(t *testing.T) {
	r := auditFiles(t, "../testdata/traffic/samples.har")
	c, _ := coverage.New()
	if err := c.Add(r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.json")
	if err := c.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := coverage.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := encode(t, r), encode(t, back); a != b {
		t.Error("the file does not read back as written")
	}
	raw, _ := os.ReadFile(path)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	want := append(coverage.DimensionNames(), "detail")
	if len(keys) != len(want) {
		t.Errorf("top-level keys %v, want %v", keys, want)
	}
	for _, d := range coverage.DimensionNames() {
		var dim map[string]json.RawMessage
		if err := json.Unmarshal(top[d], &dim); err != nil || len(dim) != 3 || dim["covered"] == nil || dim["total"] == nil || !bytes.HasPrefix(dim["missing"], []byte("[")) {
			t.Errorf("%s: %s", d, top[d])
		}
	}
}
