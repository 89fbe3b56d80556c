package wepaytest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// WePay error codes the fake answers with (wepay-facts, "Error body").
const (
	CodeUnknownCall       = 1001 // call does not exist
	CodeMissingHeader     = 1002 // required header missing
	CodeInvalidParameter  = 1003 // invalid parameter value
	CodeUnexpected        = 1008 // unexpected error
	CodeUnknownToken      = 1006 // could not authenticate (unknown token)
	CodeTokenRevoked      = 1011 // token revoked
	CodeAccountNotFound   = 3001 // account does not exist
	CodeAccountNotAllowed = 3002 // this token's user may not view or modify the account
	CodeAccountDeleted    = 3003 // account deleted
	CodeKYCProvided       = 3006 // KYC already provided (third-party source only)
	CodeKYCRequired       = 3007 // KYC required first (third-party source only)
)

// Error categories of WePay's error body.
const (
	CategoryInvalidRequest  = "invalid_request"
	CategoryAccessDenied    = "access_denied"
	CategoryProcessingError = "processing_error"
)

// APIError is a refused call, in the terms of WePay's error body. The HTTP
// API answers it as {"error": Category, "error_description": Description,
// "error_code": Code} with status Status; the Go API returns it as is, so
// callers can use errors.As and compare Code.
//
// No public table maps every WePay error code to an HTTP status
// (wepay-facts, "HTTP statuses"), so the statuses are the fake's choices:
//   - 400 invalid_request for refused arguments and refused changes (1003,
//     3003, 3006, 3007), as validate.ErrorBody answers request findings;
//   - 401 access_denied for 3002, the one pairing the facts record ("401
//     seen with access_denied/3002"), and for the token failures 1006 and
//     1011, which are the same kind of refusal;
//   - 404 invalid_request for 3001, as validate.ErrorBody answers 1001 (a
//     thing named in the request does not exist);
//   - 409 invalid_request 1003 for an admin route's move into a state an
//     account is only created in (*[InitialStateError]);
//   - 500 processing_error 1008 for a fault of the fake itself.
type APIError struct {
	Status      int    // HTTP status of the answer
	Category    string // the body's "error"
	Code        int    // the body's "error_code"
	Description string // the body's "error_description"
	AccountID   int64  // the account concerned; 0 when none
}

// Error implements error.
func (e *APIError) Error() string {
	if e.AccountID != 0 {
		return fmt.Sprintf("wepaytest: account %d: %s (%s %d)", e.AccountID, e.Description, e.Category, e.Code)
	}
	return fmt.Sprintf("wepaytest: %s (%s %d)", e.Description, e.Category, e.Code)
}

// TransitionError reports a change of an account's state that the state
// table (spec x-wepaykit-account-states) does not allow. Nothing of the
// account changes when it is returned.
type TransitionError struct {
	AccountID int64
	From, To  string
	Why       string // the table's reason, when it gives one (a condition or a prohibition)
	Cite      string // the sentence behind Why
}

// Error implements error.
func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("wepaytest: account %d: the state table allows no transition from %s to %s", e.AccountID, e.From, e.To)
	if e.Why != "" {
		msg += ": " + e.Why
	}
	return msg
}

// InitialStateError reports a [Handler.SetState] into a state an account
// can only be created in, never moved into: pending, of which the
// reference says "The account was created using a temporary access token
// and needs to be confirmed by the account owner." Making the move would
// break the fake's own state table (an account that answered From would
// answer To), so nothing of the account changes. Over the admin routes it
// is answered 409 invalid_request 1003. errors.As finds the table's
// refusal, a *TransitionError, in Err.
type InitialStateError struct {
	AccountID int64
	From, To  string
	Err       *TransitionError // the table's refusal of From -> To
}

// Error implements error; it names the way to make an account in To.
func (e *InitialStateError) Error() string {
	return fmt.Sprintf("wepaytest: account %d: %s", e.AccountID, e.reason())
}

// reason says why, without the account: the states, the table's own
// reason when it gives one, and how.
func (e *InitialStateError) reason() string {
	msg := fmt.Sprintf("the account cannot go from %s to %s: %s is only an initial state", e.From, e.To, e.To)
	if e.Err != nil && e.Err.Why != "" {
		msg += " (" + strings.TrimSuffix(e.Err.Why, ".") + ")"
	}
	return msg + "; " + e.How()
}

// How says how to get an account in To: for pending, create it with a
// temporary access token. (The text keeps "token" before punctuation, so
// that a redactor that masks the word after "token" leaves it whole.)
func (e *InitialStateError) How() string {
	if e.To == spec.StatePending {
		return "create the account in pending instead: /account/create with a temporary access token, which NewTemporaryUser (POST /admin/temporary_users with admin routes) issues, answers pending"
	}
	return "an account starts in " + e.To + " when it is created, or never"
}

// Unwrap returns the table's refusal.
func (e *InitialStateError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

func transitionError(id int64, r *spec.Refusal) *TransitionError {
	e := &TransitionError{AccountID: id, From: r.From, To: r.To, Cite: r.Cite}
	if r.Why != "no such transition" {
		e.Why = r.Why
	}
	return e
}

// OptionError reports an option value [New] cannot use.
type OptionError struct {
	Option string
	Msg    string
}

// Error implements error.
func (e *OptionError) Error() string { return fmt.Sprintf("wepaytest: option %s: %s", e.Option, e.Msg) }

// ArgumentError reports a bad argument to a method of the Go API, such as
// an unknown disabled reason or a negative amount.
type ArgumentError struct {
	Method string
	Msg    string
}

// Error implements error.
func (e *ArgumentError) Error() string { return fmt.Sprintf("wepaytest: %s: %s", e.Method, e.Msg) }

func invalid(id int64, code int, desc string) *APIError {
	return &APIError{Status: http.StatusBadRequest, Category: CategoryInvalidRequest, Code: code, Description: desc, AccountID: id}
}

func errNotFound(id int64) *APIError {
	return &APIError{Status: http.StatusNotFound, Category: CategoryInvalidRequest, Code: CodeAccountNotFound,
		Description: "account does not exist", AccountID: id}
}

// errNotAllowed answers a call about another user's account. It differs
// from errNotFound (3002 and 401 against 3001 and 404), so a token can learn
// which account ids exist. That is WePay's behaviour (wepay-facts, "Account
// codes": 3001 account does not exist; 3002 this token's user may not view
// or modify it), and the fake exists to show partners what WePay answers,
// so it keeps both codes rather than answering 3001 for both. Account ids
// of the fake are not secrets; treat a real WePay's the same way.
func errNotAllowed(id int64) *APIError {
	return &APIError{Status: http.StatusUnauthorized, Category: CategoryAccessDenied, Code: CodeAccountNotAllowed,
		Description: "this access_token's user may not view or modify this account", AccountID: id}
}

func errDeleted(id int64) *APIError {
	return invalid(id, CodeAccountDeleted, "account deleted")
}

// toAPIError maps any error of the fake to the error body the HTTP API
// answers with.
func toAPIError(err error) *APIError {
	var (
		api *APIError
		ise *InitialStateError
		tr  *TransitionError
		arg *ArgumentError
	)
	switch {
	case errors.As(err, &api):
		return api
	case errors.As(err, &ise):
		// 409: the account is in a state that conflicts with the request,
		// which no retry and no other argument can mend.
		return &APIError{Status: http.StatusConflict, Category: CategoryInvalidRequest, Code: CodeInvalidParameter,
			Description: ise.reason(), AccountID: ise.AccountID}
	case errors.As(err, &tr):
		desc := fmt.Sprintf("the account cannot go from %s to %s", tr.From, tr.To)
		if tr.Why != "" {
			desc += ": " + tr.Why
		}
		return invalid(tr.AccountID, CodeInvalidParameter, desc)
	case errors.As(err, &arg):
		return invalid(0, CodeInvalidParameter, arg.Msg)
	}
	return &APIError{Status: http.StatusInternalServerError, Category: CategoryProcessingError, Code: CodeUnexpected,
		Description: "unexpected error"}
}
