package wepaytest_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/spec"
)

// TestCoverageSharedAcrossServers: one collector shared by two fake
// servers (one per test, as the package example does), which hand out the
// same account ids: each server's accounts are its own, so an account
// disabled on one and one only created on the other make one transition,
// not a made-up disabled -> action_required.
func TestCoverageSharedAcrossServers(t *testing.T) {
	cov, err := coverage.New()
	if err != nil {
		t.Fatal(err)
	}
	call := func(srv *wepaytest.Server, tok, op, body string) (answer struct {
		AccountID int64 `json:"account_id"`
	}) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+op, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
			t.Fatal(err)
		}
		return answer
	}
	one := wepaytest.NewServer(t, wepaytest.WithCoverage(cov))
	tok := one.NewUser("a").Token
	id := call(one, tok, spec.OpCreate, `{"name":"One","description":"d"}`).AccountID
	if err := one.SetState(id, spec.StateDisabled, "fraud"); err != nil {
		t.Fatal(err)
	}
	call(one, tok, spec.OpAccount, `{"account_id":`+strconv.FormatInt(id, 10)+`}`)
	two := wepaytest.NewServer(t, wepaytest.WithCoverage(cov))
	call(two, two.NewUser("b").Token, spec.OpCreate, `{"name":"Two","description":"d"}`)
	var got []string
	for _, tr := range cov.Report().Detail.Transitions {
		if tr.Count > 0 {
			got = append(got, tr.From+"->"+tr.To)
		}
	}
	if strings.Join(got, ",") != "action_required->disabled" {
		t.Errorf("transitions %v, want only action_required->disabled", got)
	}
}
