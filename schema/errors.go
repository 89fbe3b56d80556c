package schema

import (
	"errors"
	"fmt"
)

var errInvalidJSON = errors.New("not valid JSON")

// LoadError reports a schema file that could not be read or parsed.
type LoadError struct {
	File string
	Err  error
}

// Error implements error.
func (e *LoadError) Error() string { return fmt.Sprintf("schema: %s: %v", e.File, e.Err) }

// Unwrap returns the underlying error.
func (e *LoadError) Unwrap() error { return e.Err }

// CompileError reports a schema that does not compile.
type CompileError struct {
	Name string
	Err  error
}

// Error implements error.
func (e *CompileError) Error() string { return fmt.Sprintf("schema: compile %s: %v", e.Name, e.Err) }

// Unwrap returns the underlying error.
func (e *CompileError) Unwrap() error { return e.Err }

// NotFoundError reports an unknown schema, call or side.
type NotFoundError struct {
	Name      string
	Operation string
	Side      string
}

// Error implements error.
func (e *NotFoundError) Error() string {
	switch {
	case e.Side != "":
		return fmt.Sprintf("schema: unknown side %q for %s", e.Side, e.Operation)
	case e.Name != "" && e.Operation != "":
		return fmt.Sprintf("schema: %s names unknown schema %q", e.Operation, e.Name)
	case e.Operation != "":
		return fmt.Sprintf("schema: unknown operation %q", e.Operation)
	}
	return fmt.Sprintf("schema: unknown schema %q", e.Name)
}
