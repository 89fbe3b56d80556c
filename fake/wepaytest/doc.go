// Package wepaytest is a stateful fake of WePay's v2 /account API for tests
// and local development.
//
// [New] builds the fake as an http.Handler; [NewServer] runs one for a test,
// the way net/http/httptest does, and its [Server.Client] validates every
// exchange against the contract (package validate), so a test that talks to
// the fake also checks the fake. Requests pass validate's middleware in
// Reject mode before they reach the fake, so an invalid request gets WePay's
// error body naming the field at fault.
//
// The fake keeps users, tokens and accounts in memory. Each user sees only
// their own accounts; every change of an account's state follows an edge of
// the spec's state table (x-wepaykit-account-states) and, when the account
// has a callback_uri, sends an IPN with WePay's retry schedule. What the API
// cannot do (complete KYC, add a bank, disable, reinstate, move money) the Go
// API does, and the admin routes of [WithAdmin] do over HTTP. A pending
// account is made as WePay makes one, with a temporary access token
// ([Handler.NewTemporaryUser]); nothing moves an account into pending.
//
// Error codes and the HTTP statuses the fake pairs them with are listed on
// [APIError].
package wepaytest
