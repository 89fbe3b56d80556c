// Package fake generates deterministic, realistic WePay /account payloads,
// valid and deliberately invalid.
//
// The generator walks the contract (spec/openapi.yaml, through package spec)
// so every generated body satisfies its JSON Schema: types, lengths, enums,
// required members, nullability, patterns, bounds, item limits and oneOf
// branches. On top of the schema it keeps the semantics the schema cannot
// express: accounts obey the invariants of the state table
// (x-wepaykit-account-states), currencies match countries, payouts by check
// are never daily, names never contain "wepay", and withdrawal times follow
// the payout schedule.
//
// Values are field-aware and realistic (company names, sentences, https
// URLs, e-mail addresses, E.164-style phones, US addresses, hex colours,
// Unix times between 2015 and 2025, rbits whose properties match their
// type), drawn from a gofakeit Faker seeded from the generator's seed. The
// same seed gives byte-identical JSON on every run and platform. Every host,
// domain and e-mail address is under a name RFC 2606 reserves (example.com,
// example.net, example.org), so a generated callback_uri sent to WePay's
// stage environment makes WePay deliver no IPN to a third party.
//
// Build a [Contract] once (it is immutable and safe for concurrent use) and
// make a cheap [Generator] per goroutine with [Contract.Generator]; [New] does
// both in one call. [Generator.Invalid] yields every single-defect variant of
// a body that the contract implies, each with the finding a validator must
// report.
package fake
