package conformance

import (
	"regexp"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// selector is the checks a Target's Run and Ops select.
type selector struct {
	run *regexp.Regexp // nil: every name
	ops []string       // nil: every operation
}

// selector compiles the Target's selection.
func (t *Target) selector() (selector, error) {
	var s selector
	if t.Run != "" {
		re, err := regexp.Compile(t.Run)
		if err != nil {
			return s, &TargetError{Msg: "Run (--run) is not a regular expression: " + err.Error()}
		}
		s.run = re
	}
	for _, op := range t.Ops {
		if !slices.Contains(spec.OperationPaths(), op) {
			return s, &TargetError{Msg: "Ops (--op): unknown operation " + op + " (want one of " + strings.Join(spec.OperationPaths(), ", ") + ")"}
		}
		s.ops = append(s.ops, op)
	}
	return s, nil
}

// selects reports whether the selection takes the check: its name matches
// Run, and the call it examines is one of Ops and every other call it
// makes is one of Ops or /account/create.
func (s selector) selects(c *check) bool {
	if s.run != nil && !s.run.MatchString(c.name) {
		return false
	}
	if len(s.ops) == 0 || len(c.ops) == 0 {
		return true
	}
	if !slices.Contains(s.ops, c.ops[0]) {
		return false
	}
	for _, op := range c.ops[1:] {
		if op != spec.OpCreate && !slices.Contains(s.ops, op) {
			return false
		}
	}
	return true
}

// describe names the selection for an error: "--run X --op Y".
func (s selector) describe() string {
	var parts []string
	if s.run != nil {
		parts = append(parts, "--run "+s.run.String())
	}
	for _, op := range s.ops {
		parts = append(parts, "--op "+op)
	}
	return strings.Join(parts, " ")
}
