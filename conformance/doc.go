// Package conformance checks that an implementation of WePay's /account API
// (a stand-in, proxy or record/replay layer) honours the contract: lengths,
// enums, required arguments, named rules, response schemas and state
// invariants, state transitions, auth and the error format.
//
// It is shaped like testing/fstest.TestFS and log/slog/slogtest: [Check]
// returns every failure joined into one error, [Run] makes one subtest per
// check, [Results] gives the outcome of each check for tools such as the
// wepaykit CLI, and [List] names every check.
//
// The checks are generated from the contract (package spec), not listed by
// hand: a check per length-limited request string (a value at the limit is
// accepted, one past it refused with 400 invalid_request 1003), per request
// enum (every value accepted, one outside the set refused), per required
// argument (missing: 400 1004), per top-level argument (wrong JSON type:
// 400 1003), per call (malformed JSON: 400 1005; a valid call answered 200
// with a conforming body), per request-side named rule site, and per edge of
// the account state table. Hand-written checks cover auth, /account/find
// (limit, sort order, pagination, deleted accounts) and the error format.
// Check names are stable: the category, the call and the JSON pointer, for
// example "lengths/account/create/name" or "states/action_required->active".
//
// Every answer the target sends is validated with package validate
// (response schema, named rules, state invariants, answers that contradict
// their request, the error body of every refusal) and each account's states
// are followed with a validate.StateTracker; an error finding fails the
// check that received the answer.
//
// Request bodies are made by package fake with a fixed seed, then made safe:
// every URL a request carries is a loopback URL, and every callback_uri
// (sent only by the checks of callback_uri itself and the ipn checks) is on
// 127.0.0.1, so a target never calls out: it is never asked to deliver an
// IPN or fetch anything beyond the loopback interface.
//
// The ipn checks host a listener on 127.0.0.1, create an account whose
// callback_uri points at it (with a query of its own), change the
// account's state (delete it; with a driver, complete KYC and add a bank)
// and check the delivery against the contract's webhook
// (webhooks.accountIPN): its method (POST), its form body naming the
// account and nothing else (account_id=N), the callback_uri's query kept
// and not joined by the account id. A target that cannot reach this
// machine (a BaseURL on another host, such as a remote stage) is skipped
// with that reason, and so is one that sends nothing within
// Target.IPNWait: the absence of an IPN alone is never a failure. Some checks need more than a
// token; their needs ([Need]) are derived from the [Target]: a second
// user's token, a revoked token, a [StateDriver] that plays WePay's part
// (KYC, banks, disabling, money) and a production environment. A check
// whose need is missing is skipped with the reason, never reported as
// passed.
package conformance
