package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// AdminDriver returns a [StateDriver] that speaks the admin HTTP routes of
// the fake WePay server (package fake/wepaytest, enabled there with
// wepaytest.WithAdmin(true) and by `wepaykit serve --admin`). Another
// stand-in can offer the same protocol and be driven the same way.
//
// baseURL is the server's root (http://127.0.0.1:8080) or its API base;
// a trailing /v2 is dropped because the routes live beside it, under
// /admin/. client nil means a client with a 30-second timeout.
//
// The protocol: each change is a POST with a JSON body and no token (the
// routes stand for WePay's back office, so keep them on loopback):
//
//	POST /admin/complete_kyc      {"account_id": N}
//	POST /admin/add_bank_account  {"account_id": N}
//	POST /admin/disable           {"account_id": N, "reasons": ["fraud"]}
//	POST /admin/reinstate         {"account_id": N}
//	POST /admin/add_balance       {"account_id": N, "amount": 12.5}
//	POST /admin/set_state         {"account_id": N, "state": "active", "reasons": []}
//	POST /admin/temporary_users   {"name": "..."} -> {"access_token": "..."}
//
// The last two are optional ([StateSetter] and [TemporaryTokenIssuer]): a
// stand-in without them has the checks that need them skipped. A 200 answer (the account as /account answers it) means done; any other
// answer is a refusal in WePay's error body, returned as a *DriverError.
func AdminDriver(baseURL string, client *http.Client) *Admin {
	return &Admin{URL: baseURL, Client: client}
}

// Admin is the [StateDriver] (and [Clock]) of [AdminDriver]; set Token for
// a server whose admin routes need one.
type Admin struct {
	// URL is the server's root or its API base (a trailing /v2 is dropped).
	URL string
	// Client sends the requests; nil means a client with a 30-second
	// timeout.
	Client *http.Client
	// Token, when set, is sent as "Authorization: Bearer Token" with every
	// admin request, for a server whose admin routes require a token
	// (`wepaykit serve --admin` prints its own at start). It never appears
	// in an error.
	Token string
}

func (d *Admin) root() string {
	return strings.TrimSuffix(strings.TrimSuffix(d.URL, "/"), "/v2")
}

func (d *Admin) client() *http.Client {
	if d.Client == nil {
		return &http.Client{Timeout: 30 * time.Second}
	}
	return d.Client
}

// DriverError reports a change a [StateDriver] could not make.
type DriverError struct {
	Op          string // the route or method, for example "disable"
	AccountID   int64
	Status      int    // HTTP status; 0 when no answer came
	Code        int    // the error body's error_code, when there was one
	Description string // the error body's error_description, or the transport error
	Err         error  // the transport error, if any
}

// Error implements error.
func (e *DriverError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("conformance: driver %s account %d: %s", e.Op, e.AccountID, e.Description)
	}
	return fmt.Sprintf("conformance: driver %s account %d: HTTP %d, error_code %d: %s", e.Op, e.AccountID, e.Status, e.Code, e.Description)
}

// Unwrap returns the transport error, if any.
func (e *DriverError) Unwrap() error { return e.Err }

func (d *Admin) post(ctx context.Context, route string, id int64, body map[string]any) error {
	_, err := d.postFor(ctx, route, id, body)
	return err
}

// postFor posts to an admin route and returns a 200 answer's body.
func (d *Admin) postFor(ctx context.Context, route string, id int64, body map[string]any) ([]byte, error) {
	if id != 0 {
		body["account_id"] = id
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, &DriverError{Op: route, AccountID: id, Description: err.Error(), Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.root()+"/admin/"+route, bytes.NewReader(b))
	if err != nil {
		return nil, &DriverError{Op: route, AccountID: id, Description: err.Error(), Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if d.Token != "" {
		req.Header.Set("Authorization", "Bearer "+d.Token)
	}
	resp, err := d.client().Do(req)
	if err != nil {
		red := newRedactor(d.Token)
		return nil, &DriverError{Op: route, AccountID: id, Description: red.apply(err.Error()), Err: errors.New(red.apply(err.Error()))}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode == http.StatusOK {
		return data, nil
	}
	var eb struct {
		Code        int    `json:"error_code"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(data, &eb)
	return nil, &DriverError{Op: route, AccountID: id, Status: resp.StatusCode, Code: eb.Code, Description: newRedactor(d.Token).apply(eb.Description)}
}

// CompleteKYC posts /admin/complete_kyc.
func (d *Admin) CompleteKYC(ctx context.Context, id int64) error {
	return d.post(ctx, "complete_kyc", id, map[string]any{})
}

// AddBankAccount posts /admin/add_bank_account.
func (d *Admin) AddBankAccount(ctx context.Context, id int64) error {
	return d.post(ctx, "add_bank_account", id, map[string]any{})
}

// Disable posts /admin/disable.
func (d *Admin) Disable(ctx context.Context, id int64, reasons ...string) error {
	return d.post(ctx, "disable", id, map[string]any{"reasons": reasons})
}

// Reinstate posts /admin/reinstate.
func (d *Admin) Reinstate(ctx context.Context, id int64) error {
	return d.post(ctx, "reinstate", id, map[string]any{})
}

// AddBalance posts /admin/add_balance.
func (d *Admin) AddBalance(ctx context.Context, id int64, amount float64) error {
	return d.post(ctx, "add_balance", id, map[string]any{"amount": amount})
}

// SetState posts /admin/set_state {"state", "reasons"}: the fake walks the
// state table's legal path to the state (see wepaytest's Handler.SetState).
func (d *Admin) SetState(ctx context.Context, id int64, state string, reasons ...string) error {
	return d.post(ctx, "set_state", id, map[string]any{"state": state, "reasons": reasons})
}

// TemporaryToken posts /admin/temporary_users {"name"} and returns the
// answer's access_token: a new user's temporary access token, whose
// /account/create answers pending (see [TemporaryTokenIssuer]).
func (d *Admin) TemporaryToken(ctx context.Context, name string) (string, error) {
	return d.userToken(ctx, "temporary_users", name)
}

// userToken registers a user with /admin/ROUTE {"name": name} and returns
// the access_token of the answer.
func (d *Admin) userToken(ctx context.Context, route, name string) (string, error) {
	data, err := d.postFor(ctx, route, 0, map[string]any{"name": name})
	if err != nil {
		return "", err
	}
	var u struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &u); err != nil || u.AccessToken == "" {
		return "", &DriverError{Op: route, Status: http.StatusOK, Description: "the answer has no access_token"}
	}
	return u.AccessToken, nil
}

// UserToken registers a user with /admin/users {"name": name} and returns
// its access token.
func (d *Admin) UserToken(ctx context.Context, name string) (string, error) {
	return d.userToken(ctx, "users", name)
}

// RevokeToken revokes a token with /admin/revoke_token {"access_token": T}.
func (d *Admin) RevokeToken(ctx context.Context, token string) error {
	return d.post(ctx, "revoke_token", 0, map[string]any{"access_token": token})
}

// Advance moves the server's clock with /admin/advance {"seconds": N};
// a server on the wall clock refuses, and the suite then waits instead.
func (d *Admin) Advance(ctx context.Context, dur time.Duration) error {
	return d.post(ctx, "advance", 0, map[string]any{"seconds": dur.Seconds()})
}
