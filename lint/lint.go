// Package lint checks an OpenAPI document meant for wepaykit (the embedded
// spec, or a partner's copy or extension of it) and compares it with a
// baseline to find breaking changes.
//
// [Lint] checks that the document is valid OpenAPI, that every component
// schema compiles, that every example validates against its schema, that
// every operation has a request, a 200 and an error body, that every named
// rule a schema refers to is defined and that the validator implements
// every rule; that every x-wepaykit-* key is one wepaykit reads, where it
// reads it; that the account state enum and the state table name the same
// states; and that every pattern compiles as the validator compiles it and
// is an ECMA-262 regular expression. Every problem carries its file and,
// where the document has it, its line. Given a baseline it reports the changes that break clients
// built against it, in both directions (requests that accept less,
// responses that may answer more), as oasdiff's checks see them, plus the
// changes to wepaykit's named rules, account states and quirks that oasdiff
// cannot know. [Diff] lists every change, breaking or not, as a changelog.
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
	RuleOpenAPI   = "lint.openapi"   // not valid OpenAPI, or not what wepaykit can read
	RuleSchema    = "lint.schema"    // a component schema does not compile
	RuleExample   = "lint.example"   // an example does not validate against its schema
	RuleOperation = "lint.operation" // an operation lacks a request, 200 or error body
	RuleRule      = "lint.rule"      // a named rule is undefined, duplicated or not implemented
	RuleExtension = "lint.extension" // an x-wepaykit-* key wepaykit does not read (a typo of one it does)
	RuleState     = "lint.state"     // the account state enum and x-wepaykit-account-states disagree
	RulePattern   = "lint.pattern"   // a pattern that does not compile, or is not ECMA-262
)

// Problems found against a baseline carry the id of the check that found
// them ([Checks]: oasdiff's ids, such as "response-property-enum-value-added",
// and wepaykit's, such as [CheckRuleRequestUnapplied]) as their Rule.

// Severities of problems.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Problem is one thing wrong with a document.
type Problem struct {
	Severity string // SeverityError or SeverityWarning
	Rule     string // one of the Rule* ids, or a check id ([Checks]) for a change from the baseline
	File     string // the document's name (the baseline's, for something the document no longer has)
	Where    string // dotted path in the document, for example "components.schemas.Account.properties.name"
	Line     int    // 1-based line of Where in File, 0 if unknown
	Message  string
	Base     *Location // for a change from the baseline: where it is in the baseline, nil for something new
	Cite     string    // for a change to a rule, state or quirk: the sentence it comes from
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

	badPattern bool // a pattern does not compile (reported at the pattern; the loader and compiler fail on it too)
}

func (l *linter) add(sev, rule string, where path, format string, args ...any) {
	l.addAt(sev, rule, where, 0, format, args...)
}

// Lint checks the document data (YAML or JSON), called name in problems.
// With a non-nil against, it also reports the changes from that baseline
// document at level warning or above (see [Diff] and [Checks]; [WithLevels]
// sets a check's level, [WithNames] the baseline's name). It returns an
// error only when against cannot be loaded; everything wrong with data is a
// Problem.
func Lint(data []byte, name string, against []byte, opts ...Option) ([]Problem, error) {
	o := buildOptions(append([]Option{WithNames("baseline", "")}, opts...))
	o.newName = name
	var base *version
	if against != nil {
		b, err := loadVersion(against, o.baseName)
		if err != nil {
			return nil, &BaselineError{Err: err}
		}
		base = b
	}
	l := &linter{name: name, data: data, seen: map[string]bool{}, rules: map[string]bool{}}
	loc, err := newLocator(data)
	if err != nil {
		l.addAt(SeverityError, RuleOpenAPI, nil, yamlErrorLine(err), "not YAML or JSON: %v", err)
		return l.out, nil
	}
	l.loc = loc
	l.extensions()
	l.patterns()
	badRefs := l.refs()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		if at, line := l.loc.refPlace(err); badRefs == 0 || at == nil {
			l.addAt(SeverityError, RuleOpenAPI, at, line, "cannot load the document: %v", err)
		}
		return l.out, nil
	}
	l.doc = doc
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil && !(l.badPattern && strings.Contains(err.Error(), "error parsing regexp")) {
		l.addAt(SeverityError, RuleOpenAPI, validationPlace(err), 0, "not valid OpenAPI: %v", err)
	}
	l.accountStates()
	l.operations()
	l.ruleRefs()
	l.compile()
	l.examples()
	l.parse()
	l.implemented()
	if base != nil {
		if err := l.against(base, o); err != nil {
			return nil, err
		}
	}
	return l.out, nil
}

// against reports the changes from base at level warning or above. A
// document that is not valid OpenAPI was reported already and is not
// compared.
func (l *linter) against(base *version, o *options) error {
	n, err := loadVersion(l.data, l.name)
	if err != nil {
		return nil
	}
	cl, err := diffVersions(base, n, o)
	if err != nil {
		l.add(SeverityError, RuleOpenAPI, nil, "cannot compare with the baseline: %v", err)
		return nil
	}
	for _, c := range cl.AtLeast(LevelWarning) {
		p := Problem{Severity: string(c.Level), Rule: c.Check, File: l.name, Message: c.Message, Base: c.Base, Cite: c.Cite}
		switch {
		case c.New != nil:
			p.Where, p.Line = c.New.Where, c.New.Line
		case c.Base != nil:
			p.File, p.Where, p.Line = c.Base.File, c.Base.Where, c.Base.Line
		}
		if c.Operation != "" && !strings.Contains(p.Message, c.Operation) {
			p.Message = c.Operation + ": " + p.Message
		}
		l.out = append(l.out, p)
	}
	return nil
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
		if errors.As(err, &ce) && l.badPattern && strings.Contains(ce.Err.Error(), "pattern") {
			return // reported at the pattern by patterns
		}
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
	var be *spec.BudgetError
	if errors.As(err, &be) {
		l.add(SeverityError, RuleSchema, path{"components", "schemas", be.Schema}, "the %s body of %s expands to more than %d fields: shared sub-schemas nest too deep (each level multiplies the fields)", be.Side, be.Operation, be.Limit)
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
		if l.badPattern && strings.Contains(msg, "error parsing regexp") {
			return // reported at the pattern
		}
		at := validationPlace(err)
		line := 0
		if at == nil {
			at, line = l.loc.refPlace(err)
		}
		l.addAt(SeverityError, RuleOpenAPI, at, line, "%s", msg)
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
