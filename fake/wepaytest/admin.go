package wepaytest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
)

// The Go API below plays WePay's and the account owner's parts, which the
// /account calls cannot: completing KYC, adding a bank, disabling and
// reinstating, moving money. Each method changes the account only along an
// edge of the spec's state table and returns a *TransitionError otherwise
// (for example on a deleted account, which is terminal); refusals are
// *APIError values with WePay's codes, bad arguments *ArgumentError. A
// change of state sends the account's IPN.

// CompleteKYC records that the owner completed KYC: "kyc" leaves
// action_reasons, and the account becomes active when nothing else is
// required. Without "kyc" outstanding it returns an *APIError 3006.
func (h *Handler) CompleteKYC(id int64) error {
	_, err := h.completeKYC(id)
	return err
}

func (h *Handler) completeKYC(id int64) (accountView, error) {
	return h.update(anyUser, id, func(c *account) (string, error) {
		had := slices.Contains(c.actionReasons, reasonKYC)
		c.actionReasons = slices.DeleteFunc(c.actionReasons, func(r string) bool { return r == reasonKYC })
		if !had {
			return c.settled(), invalid(id, CodeKYCProvided, "KYC already provided")
		}
		c.remedySettlementPath()
		return c.settled(), nil
	})
}

// AddBankAccount records that the owner added a settlement bank through the
// update URI: "bank_account" leaves action_reasons, payouts go by ACH to a
// masked bank name, daily unless /account/settlement_setup chose otherwise.
func (h *Handler) AddBankAccount(id int64) error {
	_, err := h.addBankAccount(id)
	return err
}

func (h *Handler) addBankAccount(id int64) (accountView, error) {
	return h.update(anyUser, id, func(c *account) (string, error) {
		c.actionReasons = slices.DeleteFunc(c.actionReasons, func(r string) bool { return r == reasonBank })
		c.withdrawalType, c.bankName = "ach", maskedBank(id)
		if c.withdrawalPeriod == "" {
			c.withdrawalPeriod = "daily"
		}
		c.remedySettlementPath()
		return c.settled(), nil
	})
}

// Disable disables the account for the given reasons (at least one, each a
// disabled_reasons value of the contract). disablement_time becomes the
// clock's time and incoming payments pause. Disabling a disabled account
// adds the reasons.
func (h *Handler) Disable(id int64, reasons ...string) error {
	_, err := h.disable(id, reasons)
	return err
}

func (h *Handler) disable(id int64, reasons []string) (accountView, error) {
	if len(reasons) == 0 {
		return accountView{}, &ArgumentError{Method: "Disable", Msg: "give at least one reason"}
	}
	for _, r := range reasons {
		if !slices.Contains(h.disabledReason, r) {
			return accountView{}, &ArgumentError{Method: "Disable", Msg: fmt.Sprintf("unknown reason %q; the contract lists %s", r, strings.Join(h.disabledReason, ", "))}
		}
	}
	return h.update(anyUser, id, func(c *account) (string, error) {
		for _, r := range reasons {
			if !slices.Contains(c.disabledReasons, r) {
				c.disabledReasons = append(c.disabledReasons, r)
			}
		}
		if c.disabledAt == nil {
			t := h.clock.Now()
			c.disabledAt = &t
		}
		return stateDisabled, nil
	})
}

// Reinstate lifts a disablement: the reasons and disablement_time clear and
// the account becomes active, or action_required when the owner still owes
// something. The state table decides which disablements may be lifted: the
// embedded one refuses high_risk_chargeback ("There is no remediation") and
// country_not_supported ("The merchant must re-establish the account") with
// a *TransitionError that gives the table's reason. An account that is not
// disabled gets an *APIError 1003.
func (h *Handler) Reinstate(id int64) error {
	_, err := h.reinstate(id)
	return err
}

func (h *Handler) reinstate(id int64) (accountView, error) {
	return h.update(anyUser, id, func(c *account) (string, error) {
		was := c.state
		c.disabledReasons, c.disabledAt = nil, nil
		if was != stateDisabled {
			return c.settled(), invalid(id, CodeInvalidParameter, "the account is not disabled")
		}
		return c.settled(), nil
	})
}

// AddBalance adds amount (negative to take money out) to the account's
// available balance; the balance may not go below zero. A balance keeps
// /account/delete from deleting the account.
func (h *Handler) AddBalance(id int64, amount float64) error {
	_, err := h.addBalance(id, amount)
	return err
}

func (h *Handler) addBalance(id int64, amount float64) (accountView, error) {
	return h.update(anyUser, id, func(c *account) (string, error) {
		switch b := c.balance + amount; {
		case math.IsNaN(amount) || math.IsInf(amount, 0):
			return c.state, &ArgumentError{Method: "AddBalance", Msg: "amount must be a finite number"}
		case b < 0:
			return c.state, &ArgumentError{Method: "AddBalance", Msg: fmt.Sprintf("the balance would fall to %v", b)}
		default:
			c.balance = b
		}
		return c.state, nil
	})
}

// SetPending sets the money on its way in and out of the account. Pending
// payments keep /account/delete from deleting the account.
func (h *Handler) SetPending(id int64, incoming, outgoing float64) error {
	_, err := h.setPending(id, incoming, outgoing)
	return err
}

func (h *Handler) setPending(id int64, incoming, outgoing float64) (accountView, error) {
	for _, x := range []float64{incoming, outgoing} {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return accountView{}, &ArgumentError{Method: "SetPending", Msg: "amounts must be finite and not negative"}
		}
	}
	return h.update(anyUser, id, func(c *account) (string, error) {
		c.incoming, c.outgoing = incoming, outgoing
		return c.state, nil
	})
}

// AccountState returns the account's state, deleted accounts included.
func (h *Handler) AccountState(id int64) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, err := h.find(anyUser, id)
	if err != nil {
		return "", err
	}
	return a.state, nil
}

// adminRequest is the body of every admin route; each route reads the
// members it needs.
type adminRequest struct {
	AccountID   int64    `json:"account_id"`
	Reasons     []string `json:"reasons"`
	Amount      float64  `json:"amount"`
	Incoming    float64  `json:"incoming"`
	Outgoing    float64  `json:"outgoing"`
	Name        string   `json:"name"`
	AccessToken string   `json:"access_token"`
	Seconds     float64  `json:"seconds"`
	State       string   `json:"state"`
}

type adminUser struct {
	UserID      int64  `json:"user_id"`
	Name        string `json:"name"`
	AccessToken string `json:"access_token"`
	Temporary   bool   `json:"temporary,omitempty"`
}

// serveAdmin answers the admin routes, enabled by [WithAdmin]. Each is a
// POST with a JSON body; account routes answer the account as /account
// does:
//
//	/admin/complete_kyc      {"account_id": N}
//	/admin/add_bank_account  {"account_id": N}
//	/admin/disable           {"account_id": N, "reasons": ["fraud"]}
//	/admin/reinstate         {"account_id": N}
//	/admin/add_balance       {"account_id": N, "amount": 12.5}
//	/admin/set_pending       {"account_id": N, "incoming": 1, "outgoing": 0}
//	/admin/set_state         {"account_id": N, "state": "disabled", "reasons": ["fraud"]}
//	                         (see [Handler.SetState]; pending -> 409, see
//	                         [InitialStateError])
//	/admin/users             {"name": "..."} -> {"user_id", "name", "access_token"}
//	/admin/temporary_users   {"name": "..."} -> {"user_id", "name", "access_token",
//	                         "temporary": true}: the token's /account/create
//	                         answers pending (see [Handler.NewTemporaryUser])
//	/admin/revoke_token      {"access_token": "..."}
//	/admin/deliveries        {} -> the IPN attempts so far
//	/admin/faults            a [Fault] as JSON -> the armed faults
//	/admin/faults/clear      {} -> disarms every fault
//	/admin/advance           {"seconds": 900} -> {"now": unix seconds}; only
//	                         with a [ManualClock]: runs IPN retries that fall due
//
// Over HTTP the routes need the admin token and refuse cross-site calls
// (see admin_guard.go); they stand for WePay's own back office. Errors use
// WePay's error body.
func (h *Handler) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, r, &APIError{Status: http.StatusMethodNotAllowed, Category: CategoryInvalidRequest, Code: CodeInvalidParameter,
			Description: "admin routes take POST"})
		return
	}
	if h.serveFaultAdmin(w, r) {
		return
	}
	var req adminRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		writeError(w, r, invalid(0, CodeInvalidParameter, "the admin request body is not valid: "+err.Error()))
		return
	}
	var out any
	var err error
	switch strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/admin"), "/") {
	case "/complete_kyc":
		out, err = h.completeKYC(req.AccountID)
	case "/add_bank_account":
		out, err = h.addBankAccount(req.AccountID)
	case "/disable":
		out, err = h.disable(req.AccountID, req.Reasons)
	case "/reinstate":
		out, err = h.reinstate(req.AccountID)
	case "/add_balance":
		out, err = h.addBalance(req.AccountID, req.Amount)
	case "/set_pending":
		out, err = h.setPending(req.AccountID, req.Incoming, req.Outgoing)
	case "/set_state":
		out, err = h.setState(req.AccountID, req.State, req.Reasons)
	case "/users":
		u := h.NewUser(req.Name)
		out = adminUser{UserID: u.ID, Name: u.Name, AccessToken: u.Token}
	case "/temporary_users":
		var u *User
		if u, err = h.NewTemporaryUser(req.Name); err == nil {
			out = adminUser{UserID: u.ID, Name: u.Name, AccessToken: u.Token, Temporary: true}
		} else {
			err = invalid(0, CodeInvalidParameter, err.Error())
		}
	case "/revoke_token":
		err = h.RevokeToken(req.AccessToken)
		out = map[string]bool{"revoked": err == nil}
	case "/deliveries":
		out = nonNil(h.Deliveries())
	case "/advance":
		mc, ok := h.clock.(*ManualClock)
		d, inRange := advanceBy(req.Seconds)
		if !ok || !inRange {
			err = invalid(0, CodeInvalidParameter, "advance needs a manual clock (wepaykit serve --manual-clock) and seconds from 0 to 315360000 (ten years)")
			break
		}
		mc.Advance(d)
		out = map[string]int64{"now": mc.Now().Unix()}
	default:
		err = &APIError{Status: http.StatusNotFound, Category: CategoryInvalidRequest, Code: CodeUnknownCall, Description: "no such admin route"}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
