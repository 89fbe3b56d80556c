package fake

import "fmt"

// UnknownOperationError reports a call the contract does not describe, or a
// side other than request and response.
type UnknownOperationError struct {
	Operation string
	Side      string // set when the call is known but the side is not
}

// Error implements error.
func (e *UnknownOperationError) Error() string {
	if e.Side != "" {
		return fmt.Sprintf("fake: unknown side %q of %s", e.Side, e.Operation)
	}
	return fmt.Sprintf("fake: unknown operation %q", e.Operation)
}

// OptionError reports an option value the contract does not allow, or an
// option that would make a valid body impossible.
type OptionError struct {
	Option string // for example "WithState"
	Value  string
	Reason string
}

// Error implements error.
func (e *OptionError) Error() string {
	return fmt.Sprintf("fake: %s(%q): %s", e.Option, e.Value, e.Reason)
}

// BuildError reports a schema construct the generator cannot plan for, found
// while building a [Contract].
type BuildError struct {
	Schema string // component name, for example "Account"
	Where  string // pointer pattern inside it
	Msg    string
}

// Error implements error.
func (e *BuildError) Error() string {
	return fmt.Sprintf("fake: %s%s: %s", e.Schema, e.Where, e.Msg)
}

// SelfCheckError reports a generated valid body that fails its JSON Schema.
// It means the generator or the schemas are wrong; please report it.
type SelfCheckError struct {
	Operation string
	Side      string
	Err       error
}

// Error implements error.
func (e *SelfCheckError) Error() string {
	return fmt.Sprintf("fake: generated %s %s body fails its schema: %v", e.Operation, e.Side, e.Err)
}

// Unwrap returns the schema error.
func (e *SelfCheckError) Unwrap() error { return e.Err }
