// Package lint checks an OpenAPI document meant for wepaykit (the embedded
// spec, or a partner's copy or extension of it) and compares it with a
// baseline to find breaking changes.
//
// [Lint] checks that the document is valid OpenAPI, that every component
// schema compiles, that every example validates against its schema, that
// every operation has a request, a 200 and an error body, that every named
// rule a schema refers to is defined and that the validator implements
// every rule. Given a baseline it reports the changes that narrow the
// contract: removed operations and fields, removed enum values, tighter
// maximum lengths, new required fields and changed types.
package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/internal/schemagen"
	"github.com/wepaykit/wepaykit/schema"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// Rule ids of problems.
const (
	RuleOpenAPI          = "lint.openapi"               // not valid OpenAPI, or not what wepaykit can read
	RuleSchema           = "lint.schema"                // a component schema does not compile
	RuleExample          = "lint.example"               // an example does not validate against its schema
	RuleOperation        = "lint.operation"             // an operation lacks a request, 200 or error body
	RuleRule             = "lint.rule"                  // a named rule is undefined, duplicated or not implemented
	RuleRemovedOperation = "breaking.removed-operation" // the baseline has an operation the document lacks
	RuleRemovedField     = "breaking.removed-field"     // a body field of the baseline is gone
	RuleEnumRemoved      = "breaking.enum-removed"      // a value of an enum is gone
	RuleMaxLength        = "breaking.max-length"        // a maximum length is smaller or new
	RuleRequiredAdded    = "breaking.required-added"    // a field became required
	RuleTypeChanged      = "breaking.type-changed"      // a field lost a type, or is no longer nullable
)

// Severities of problems.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Problem is one thing wrong with a document.
type Problem struct {
	Severity string // SeverityError or SeverityWarning
	Rule     string // one of the Rule* ids
	File     string // the document's name
	Where    string // dotted path in the document, for example "components.schemas.Account.properties.name"
	Line     int    // 1-based line of Where in File, 0 if unknown
	Message  string
}

// String formats a problem on one line.
func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc += fmt.Sprintf(":%d", p.Line)
	}
	if p.Where != "" {
		loc += ": " + p.Where
	}
	return fmt.Sprintf("%s: %s: %s [%s]", loc, p.Severity, p.Message, p.Rule)
}

// BaselineError reports a baseline document that cannot be loaded.
type BaselineError struct{ Err error }

// Error implements error.
func (e *BaselineError) Error() string { return "lint: baseline: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *BaselineError) Unwrap() error { return e.Err }

// linter collects the problems of one document.
type linter struct {
	name  string
	data  []byte
	loc   *locator
	out   []Problem
	seen  map[string]bool
	doc   *openapi3.T
	s     *spec.Spec
	set   *schema.Set
	rules map[string]bool // problems already reported, by rule
}

func (l *linter) add(sev, rule string, where path, format string, args ...any) {
	p := Problem{Severity: sev, Rule: rule, File: l.name, Where: where.String(), Line: l.loc.line(where), Message: fmt.Sprintf(format, args...)}
	key := p.Rule + "\x00" + p.Where + "\x00" + p.Message
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.rules[rule] = true
	l.out = append(l.out, p)
}

// Lint checks the document data (YAML or JSON), called name in problems.
// With a non-nil against, it also reports the changes from that baseline
// document that break its users. It returns an error only when against
// cannot be loaded; everything wrong with data is a Problem.
func Lint(data []byte, name string, against []byte) ([]Problem, error) {
	var base *spec.Spec
	if against != nil {
		b, err := spec.Parse(against, "baseline")
		if err != nil {
			return nil, &BaselineError{Err: err}
		}
		base = b
	}
	l := &linter{name: name, data: data, seen: map[string]bool{}, rules: map[string]bool{}}
	loc, err := newLocator(data)
	if err != nil {
		l.add(SeverityError, RuleOpenAPI, nil, "not YAML or JSON: %v", err)
		return l.out, nil
	}
	l.loc = loc
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		l.add(SeverityError, RuleOpenAPI, nil, "cannot load the document: %v", err)
		return l.out, nil
	}
	l.doc = doc
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		l.add(SeverityError, RuleOpenAPI, nil, "not valid OpenAPI: %v", err)
	}
	l.operations()
	l.ruleRefs()
	l.compile()
	l.examples()
	l.parse()
	l.implemented()
	if base != nil && l.s != nil {
		l.breaking(base)
	}
	return l.out, nil
}

// compile compiles the component schemas as the validator will.
func (l *linter) compile() {
	set, err := schema.FromSpec(l.data)
	if err != nil {
		var ge *schemagen.Error
		if errors.As(err, &ge) && strings.HasPrefix(ge.Path, "paths") {
			if !l.rules[RuleOperation] {
				l.add(SeverityError, RuleOperation, dotted(ge.Path), "%s", ge.Msg)
			}
			return
		}
		var ce *schema.CompileError
		if errors.As(err, &ce) {
			l.add(SeverityError, RuleSchema, path{"components", "schemas", ce.Name}, "does not compile: %v", ce.Err)
			return
		}
		l.add(SeverityError, RuleSchema, path{"components", "schemas"}, "cannot generate JSON Schemas: %v", err)
		return
	}
	l.set = set
}

// parse loads the document as wepaykit does, reporting what the earlier
// checks did not already explain.
func (l *linter) parse() {
	s, err := spec.Parse(l.data, l.name)
	if err == nil {
		l.s = s
		return
	}
	var se *spec.SpecError
	if errors.As(err, &se) {
		rule := RuleOpenAPI
		switch {
		case contains(se.Where, "paths"):
			rule = RuleOperation
		case contains(se.Msg, "rule") || contains(se.Where, spec.ExtRules):
			rule = RuleRule
		}
		if !l.rules[rule] {
			l.add(SeverityError, rule, dotted(se.Where), "%s", se.Msg)
		}
		return
	}
	if !l.rules[RuleOpenAPI] && !l.rules[RuleExample] {
		var le *spec.LoadError
		msg := err.Error()
		if errors.As(err, &le) {
			msg = le.Err.Error()
		}
		l.add(SeverityError, RuleOpenAPI, nil, "%s", msg)
	}
}

// implemented checks that the validator accepts the spec and its schemas.
func (l *linter) implemented() {
	if l.s == nil || l.set == nil {
		return
	}
	_, err := validate.New(validate.WithSpec(l.s), validate.WithSchemas(l.set))
	if err == nil {
		return
	}
	var re *validate.RuleError
	if errors.As(err, &re) {
		l.add(SeverityError, RuleRule, path{spec.ExtRules}, "rule %s: %s", re.Rule, re.Msg)
		return
	}
	l.add(SeverityError, RuleSchema, path{"components", "schemas"}, "the validator cannot use the schemas: %v", err)
}
