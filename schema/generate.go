package schema

// The schema files are generated from the contract's single source,
// spec/openapi.yaml; TestGeneratedFilesUpToDate fails when they drift.
//go:generate go run ../internal/cmd/schemagen -spec ../spec/openapi.yaml -out .
