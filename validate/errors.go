package validate

import "fmt"

// OptionError reports a bad option value.
type OptionError struct {
	Option string
	Value  string
}

func (e *OptionError) Error() string { return fmt.Sprintf("validate: bad %s: %s", e.Option, e.Value) }

// RuleError reports a named rule the validator cannot apply.
type RuleError struct {
	Rule string
	Msg  string
}

func (e *RuleError) Error() string { return fmt.Sprintf("validate: rule %s: %s", e.Rule, e.Msg) }

// UnknownOperationError reports a call the contract does not have, where a
// method needs one (Body, Response).
type UnknownOperationError struct{ Operation string }

func (e *UnknownOperationError) Error() string {
	return fmt.Sprintf("validate: unknown operation %q", e.Operation)
}

// ReadError reports a body that could not be read from its reader.
type ReadError struct {
	Side string
	Err  error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("validate: reading %s body: %v", e.Side, e.Err)
}

// Unwrap returns the underlying error.
func (e *ReadError) Unwrap() error { return e.Err }
