// Package policy is wepaykit's team policy: the .wepaykit.yaml file that
// the CLI, go test helpers and conformance runs all read, so that they
// agree on what fails.
//
// A [Policy] holds the settings every command takes (hosts, environment,
// strictness, limits, report formats), rule control (turn a rule off or
// change its severity, optionally only for some operations and JSON
// pointers), ignores (one known finding, with a mandatory reason and an
// optional expiry date) and the path of a [Baseline] of known findings.
//
// The package is data and matching only: it knows the key of a finding
// ([Key]: rule, operation, side, pointer and recording path), never the
// validator, the linter or the conformance checks, which consult it.
package policy
