package coverage

import "fmt"

// OptionError reports a bad option.
type OptionError struct {
	Option string
	Msg    string
}

// Error implements error.
func (e *OptionError) Error() string { return "coverage: option " + e.Option + ": " + e.Msg }

// MismatchError reports a coverage report that names something the
// contract lacks: it was made against another contract (or another
// version of wepaykit's).
type MismatchError struct {
	What string // "operation", "field", "enum value", "rule", "state", "status", "count" (below zero) or "format"
	Name string
}

// Error implements error.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("coverage: the report names %s %q, which this contract does not have (made with another spec?)", e.What, e.Name)
}

// FileError reports a coverage file that could not be read or written.
type FileError struct {
	File string // "" when reading a stream
	Err  error
}

// Error implements error.
func (e *FileError) Error() string {
	if e.File == "" {
		return "coverage: " + e.Err.Error()
	}
	return "coverage: " + e.File + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// ThresholdError reports a --min specification that cannot be parsed.
type ThresholdError struct {
	Spec string
	Msg  string
}

// Error implements error.
func (e *ThresholdError) Error() string {
	return fmt.Sprintf("coverage: minimum %q: %s", e.Spec, e.Msg)
}
