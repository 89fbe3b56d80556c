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
	What string // "operation", "field", "enum value", "rule", "state", "status" or "format"
	Name string
}

// Error implements error.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("coverage: the report names %s %q, which this contract does not have (made with another spec?)", e.What, e.Name)
}

// NegativeCountError reports a coverage report holding a count below zero,
// which no run writes: the file was edited or damaged.
type NegativeCountError struct {
	File  string // the file it was read from; "" for a report built in code or read from a stream
	Field string // where in the report, such as "detail.operations[0].calls"
	Name  string // what the count is of, such as "/account"; "" when Field says it
	Value int
}

// Error implements error.
func (e *NegativeCountError) Error() string {
	s := "coverage: "
	if e.File != "" {
		s += e.File + ": "
	}
	s += e.Field
	if e.Name != "" {
		s += fmt.Sprintf(" (%s)", e.Name)
	}
	return s + fmt.Sprintf(" is %d: a count cannot be negative (was the file edited?)", e.Value)
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
