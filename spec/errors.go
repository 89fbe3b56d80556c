package spec

import "fmt"

// LoadError reports a document that could not be read, parsed or validated
// as OpenAPI.
type LoadError struct {
	File string
	Err  error
}

// Error implements error.
func (e *LoadError) Error() string { return fmt.Sprintf("spec: %s: %v", e.File, e.Err) }

// Unwrap returns the underlying error.
func (e *LoadError) Unwrap() error { return e.Err }

// SpecError reports a document that is valid OpenAPI but breaks what wepaykit
// needs of it (for example a rule id that is not defined).
type SpecError struct {
	File  string
	Where string // dotted path in the document
	Msg   string
}

// Error implements error.
func (e *SpecError) Error() string { return fmt.Sprintf("spec: %s: %s: %s", e.File, e.Where, e.Msg) }

// NotFoundError reports an unknown operation, schema or state.
type NotFoundError struct {
	Kind string // "operation", "schema", "state"
	Name string
}

// Error implements error.
func (e *NotFoundError) Error() string { return fmt.Sprintf("spec: unknown %s %q", e.Kind, e.Name) }
