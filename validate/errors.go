package validate

import "fmt"

// OptionError reports a bad option value.
type OptionError struct {
	Option string
	Value  string
}

// Error implements error.
func (e *OptionError) Error() string { return fmt.Sprintf("validate: bad %s: %s", e.Option, e.Value) }

// RuleError reports a named rule the validator cannot apply.
type RuleError struct {
	Rule string
	Msg  string
}

// Error implements error.
func (e *RuleError) Error() string { return fmt.Sprintf("validate: rule %s: %s", e.Rule, e.Msg) }

// UnknownOperationError reports a call the contract does not have, where a
// method needs one (Body, Response).
type UnknownOperationError struct{ Operation string }

// Error implements error.
func (e *UnknownOperationError) Error() string {
	return fmt.Sprintf("validate: unknown operation %q", e.Operation)
}

// ReadError reports a body that could not be read from its reader.
type ReadError struct {
	Side string
	Err  error
}

// Error implements error.
func (e *ReadError) Error() string {
	return fmt.Sprintf("validate: reading %s body: %v", e.Side, e.Err)
}

// Unwrap returns the underlying error.
func (e *ReadError) Unwrap() error { return e.Err }

// InputError reports an argument the validator cannot work with, such as a
// nil request or a request without a URL.
type InputError struct{ What string }

// Error implements error.
func (e *InputError) Error() string { return "validate: " + e.What }
