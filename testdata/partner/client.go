// Package partner is a small WePay /account client written the way a
// partner platform writes one. wepaykit's tests run its tests as a separate
// module, importing wepaykit as a partner does.
package partner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Account is the part of WePay's account structure the platform keeps.
type Account struct {
	AccountID int64  `json:"account_id"`
	Name      string `json:"name"`
	State     string `json:"state"`
}

// Client calls WePay's v2 /account API.
type Client struct {
	BaseURL string // for example https://stage.wepayapi.com/v2
	Token   string
	HTTP    *http.Client
}

// APIError is WePay's error body.
type APIError struct {
	Status      int
	Code        int    `json:"error_code"`
	Description string `json:"error_description"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("wepay: HTTP %d, error %d: %s", e.Status, e.Code, e.Description)
}

func (c *Client) call(ctx context.Context, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &APIError{Status: resp.StatusCode}
		_ = json.NewDecoder(resp.Body).Decode(e)
		return e
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// CreateAccount creates an account.
func (c *Client) CreateAccount(ctx context.Context, name, description string) (*Account, error) {
	var a Account
	err := c.call(ctx, "/account/create", map[string]any{"name": name, "description": description}, &a)
	return &a, err
}

// GetAccount looks an account up.
func (c *Client) GetAccount(ctx context.Context, id int64) (*Account, error) {
	var a Account
	err := c.call(ctx, "/account", map[string]any{"account_id": id}, &a)
	return &a, err
}

// FindAccounts lists the user's accounts with the given name.
func (c *Client) FindAccounts(ctx context.Context, name string) ([]Account, error) {
	var as []Account
	err := c.call(ctx, "/account/find", map[string]any{"name": name}, &as)
	return as, err
}

// DeleteAccount deletes an account.
func (c *Client) DeleteAccount(ctx context.Context, id int64) error {
	var a Account
	return c.call(ctx, "/account/delete", map[string]any{"account_id": id}, &a)
}

// FindAccountsPaged is FindAccounts with a page size. The platform's bug,
// kept on purpose: it sends the limit as a string.
func (c *Client) FindAccountsPaged(ctx context.Context, limit int) ([]Account, error) {
	var as []Account
	err := c.call(ctx, "/account/find", map[string]any{"limit": fmt.Sprint(limit)}, &as)
	return as, err
}
