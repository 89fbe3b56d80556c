package wepaytest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// stateDriver is conformance.StateDriver's method set (wepaytest cannot
// import conformance, which sits above it).
type stateDriver interface {
	CompleteKYC(ctx context.Context, id int64) error
	AddBankAccount(ctx context.Context, id int64) error
	Disable(ctx context.Context, id int64, reasons ...string) error
	Reinstate(ctx context.Context, id int64) error
	AddBalance(ctx context.Context, id int64, amount float64) error
	Advance(ctx context.Context, d time.Duration) error
}

func TestDriver(t *testing.T) {
	t.Parallel()
	srv := wepaytest.NewServer(t)
	var d stateDriver = srv.Driver()
	user := srv.NewUser("owner")
	id := createAccount(t, srv, user.Token)
	ctx := context.Background()
	for _, step := range []func() error{
		func() error { return d.CompleteKYC(ctx, id) },
		func() error { return d.AddBankAccount(ctx, id) },
		func() error { return d.Disable(ctx, id, "fraud") },
		func() error { return d.Reinstate(ctx, id) },
		func() error { return d.AddBalance(ctx, id, 5) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := srv.AccountState(id); st != "active" {
		t.Errorf("state %s after KYC, bank, disable and reinstate; want active", st)
	}
	before := srv.Now()
	if err := d.Advance(ctx, time.Minute); err != nil || srv.Now().Sub(before) != time.Minute {
		t.Errorf("Advance: %v, clock moved %s", err, srv.Now().Sub(before))
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.Disable(done, id, "fraud"); !errors.Is(err, context.Canceled) {
		t.Errorf("Disable with a done context: %v, want context.Canceled", err)
	}
	if st, _ := srv.AccountState(id); st != "active" {
		t.Errorf("a cancelled Disable changed the account to %s", st)
	}
}

// createAccount makes an account through the API and returns its id.
func createAccount(t *testing.T, srv *wepaytest.Server, token string) int64 {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/account/create", strings.NewReader(`{"name":"Corner Bakery","description":"Bread and pastries"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wepaytest-driver-test")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccountID int64 `json:"account_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccountID == 0 {
		t.Fatalf("create: HTTP %d, %v", resp.StatusCode, err)
	}
	return out.AccountID
}
