// Package partner is a partner-style example: a platform's own tests that
// drive its WePay client through validate.Transport under the team policy
// (.wepaykit.yaml in this directory), record the traffic, and show that
// wepaykit validate in CI, reading the same file, reaches the same verdict.
// It has no API; see partner_test.go.
package partner
