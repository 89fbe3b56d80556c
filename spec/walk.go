package spec

import (
	"errors"
	"fmt"
	"sort"

	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"github.com/getkin/kin-openapi/openapi3"
)

// Field describes one argument or response field of a call, flattened from
// the schema: oneOf members with a null are folded into Nullable.
type Field struct {
	Pointer    string   // JSON pointer pattern into the body; "*" stands for any array index
	Types      []string // JSON types allowed, without "null"
	Format     string
	Nullable   bool
	Required   bool // required in its parent object
	MaxLength  *uint64
	MinLength  uint64
	Minimum    *float64
	Maximum    *float64
	MaxItems   *uint64
	Pattern    string
	Enum       []any // allowed values, without null
	Default    any
	Examples   []any // the schema's examples; open-set rules read known values here
	Deprecated bool
	Rules      []string // named rules that govern the field
	Quirk      string   // quirk id, if any
	Ref        string   // component name when the field is a structure
}

// RuleSite says that a named rule applies to the value at Pointer.
type RuleSite struct {
	Pointer string // pattern, "*" for any array index; "" is the body root
	Rule    string
}

// Fields lists every field of the body of a call's side, depth first,
// properties sorted by name. The root is not listed. Structures that contain
// themselves (an rbit's related_rbits) are listed once.
func (s *Spec) Fields(op string, side Side) ([]Field, error) {
	root, err := s.bodyRoot(op, side)
	if err != nil {
		return nil, err
	}
	var out []Field
	budget := MaxBodyFields
	collectFields(root, "", false, map[string]bool{}, &out, &budget)
	if budget < 0 {
		return nil, s.budgetError(op, side)
	}
	return out, nil
}

// MaxBodyFields bounds the fields (pointer patterns) one side of a call may
// expand to. A schema shared by several properties is listed under each,
// so a chain of schemas with ten properties each pointing to the next
// grows tenfold per level: D0 to D5 is 111,110 fields from a 72 KB file.
// The contract has a few hundred; a spec past the bound is refused with a
// *BudgetError instead of taking seconds and gigabytes.
const MaxBodyFields = 20000

// BudgetError reports a call body whose schema expands to more than
// [MaxBodyFields] fields.
type BudgetError struct {
	File      string
	Operation string
	Side      Side
	Schema    string // the body's component
	Limit     int
}

// Error implements error.
func (e *BudgetError) Error() string {
	return fmt.Sprintf("spec: %s: the %s body of %s (components.schemas.%s) expands to more than %d fields: shared sub-schemas nest too deep (each level multiplies the fields)",
		e.File, e.Side, e.Operation, e.Schema, e.Limit)
}

func (s *Spec) budgetError(op string, side Side) error {
	name, _ := s.BodySchema(op, side)
	return &BudgetError{File: s.name, Operation: op, Side: side, Schema: name, Limit: MaxBodyFields}
}

// checkBudget refuses a spec whose call bodies expand past MaxBodyFields,
// so that every user of the spec (the validator, the generators, lint) can
// walk its fields.
func (s *Spec) checkBudget() error {
	for _, o := range s.ops {
		for _, side := range []Side{Request, Response} {
			if _, err := s.Fields(o.Path, side); err != nil {
				var be *BudgetError
				if errors.As(err, &be) {
					return err
				}
			}
		}
	}
	return nil
}

// RuleSites lists where named rules apply in a call's body.
func (s *Spec) RuleSites(op string, side Side) ([]RuleSite, error) {
	root, err := s.bodyRoot(op, side)
	if err != nil {
		return nil, err
	}
	var out []RuleSite
	seen := map[RuleSite]bool{}
	budget := MaxBodyFields
	walk(root, "", map[string]bool{}, &budget, func(p string, sc *openapi3.Schema) {
		for _, id := range schemaRules(sc) {
			rs := RuleSite{Pointer: p, Rule: id}
			if !seen[rs] {
				seen[rs] = true
				out = append(out, rs)
			}
		}
	})
	if budget < 0 {
		return nil, s.budgetError(op, side)
	}
	return out, nil
}

// BodySchema returns the component name of a call's body schema on a side.
func (s *Spec) BodySchema(op string, side Side) (string, error) {
	o, ok := s.Operation(op)
	if !ok {
		return "", &NotFoundError{Kind: "operation", Name: op}
	}
	switch side {
	case Request:
		return o.RequestSchema, nil
	case Response:
		return o.ResponseSchema, nil
	case ErrorBody:
		return o.ErrorSchema, nil
	}
	return "", &NotFoundError{Kind: "side", Name: string(side)}
}

func (s *Spec) bodyRoot(op string, side Side) (*openapi3.SchemaRef, error) {
	name, err := s.BodySchema(op, side)
	if err != nil {
		return nil, err
	}
	r := s.doc.Components.Schemas[name]
	if r == nil {
		return nil, &NotFoundError{Kind: "schema", Name: name}
	}
	return r, nil
}

// walk calls fn for every schema reachable from r with the instance
// pointer pattern it governs, until budget visits are spent. A component
// already on the path is not entered again, so recursive structures end.
func walk(r *openapi3.SchemaRef, p string, stack map[string]bool, budget *int, fn func(string, *openapi3.Schema)) {
	if r == nil || r.Value == nil || *budget < 0 {
		return
	}
	if *budget--; *budget < 0 {
		return
	}
	if r.Ref != "" {
		if stack[r.Ref] {
			return
		}
		stack[r.Ref] = true
		defer delete(stack, r.Ref)
	}
	sc := r.Value
	fn(p, sc)
	for _, sub := range [][]*openapi3.SchemaRef{sc.OneOf, sc.AnyOf, sc.AllOf} {
		for _, m := range sub {
			walk(m, p, stack, budget, fn)
		}
	}
	for _, name := range sortedProps(sc) {
		walk(sc.Properties[name], p+"/"+jsonptr.Escape(name), stack, budget, fn)
	}
	if sc.Items != nil {
		walk(sc.Items, p+"/*", stack, budget, fn)
	}
}

// walkOnce calls fn once for every distinct schema reachable from r
// (memoised by the schema, not by the path that reached it), with the
// first pointer pattern that reached it: for checks of a schema's own
// content, which do not depend on where it is used.
func walkOnce(r *openapi3.SchemaRef, p string, seen map[*openapi3.Schema]bool, fn func(string, *openapi3.Schema)) {
	if r == nil || r.Value == nil || seen[r.Value] {
		return
	}
	sc := r.Value
	seen[sc] = true
	fn(p, sc)
	for _, sub := range [][]*openapi3.SchemaRef{sc.OneOf, sc.AnyOf, sc.AllOf} {
		for _, m := range sub {
			walkOnce(m, p, seen, fn)
		}
	}
	for _, name := range sortedProps(sc) {
		walkOnce(sc.Properties[name], p+"/"+jsonptr.Escape(name), seen, fn)
	}
	if sc.Items != nil {
		walkOnce(sc.Items, p+"/*", seen, fn)
	}
}

func sortedProps(sc *openapi3.Schema) []string {
	names := make([]string, 0, len(sc.Properties))
	for n := range sc.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func collectFields(r *openapi3.SchemaRef, p string, required bool, stack map[string]bool, out *[]Field, budget *int) {
	if r == nil || r.Value == nil || *budget < 0 {
		return
	}
	if r.Ref != "" {
		if stack[r.Ref] {
			return
		}
		stack[r.Ref] = true
		defer delete(stack, r.Ref)
	}
	f := Field{Pointer: p, Required: required, Ref: refName(r)}
	var objs []branchSchema
	merge(&f, r.Value, false, stack, &objs)
	if p != "" {
		if *budget--; *budget < 0 {
			return
		}
		*out = append(*out, f)
	}
	for _, b := range objs {
		sc := b.schema
		req := map[string]bool{}
		// Required members of a oneOf alternative are not required of the
		// parent: the alternative as a whole is one choice among several.
		if !b.inOneOf {
			for _, n := range sc.Required {
				req[n] = true
			}
		}
		for _, name := range sortedProps(sc) {
			collectFields(sc.Properties[name], p+"/"+jsonptr.Escape(name), req[name], stack, out, budget)
		}
		if sc.Items != nil {
			collectFields(sc.Items, p+"/*", false, stack, out, budget)
		}
	}
}

// branchSchema is a schema whose properties describe deeper fields, and
// whether it is an alternative of a oneOf.
type branchSchema struct {
	schema  *openapi3.Schema
	inOneOf bool
}

// merge folds a schema (and its oneOf members) into f and collects the
// schemas whose properties or items describe deeper fields.
func merge(f *Field, sc *openapi3.Schema, inOneOf bool, stack map[string]bool, objs *[]branchSchema) {
	if sc.Type != nil {
		for _, t := range *sc.Type {
			if t == "null" {
				f.Nullable = true
			} else if !contains(f.Types, t) {
				f.Types = append(f.Types, t)
			}
		}
	}
	for _, e := range sc.Enum {
		if e == nil {
			f.Nullable = true
		} else {
			f.Enum = append(f.Enum, e)
		}
	}
	if sc.Format != "" {
		f.Format = sc.Format
	}
	if sc.MaxLength != nil {
		f.MaxLength = sc.MaxLength
	}
	if sc.MinLength > f.MinLength {
		f.MinLength = sc.MinLength
	}
	if sc.Min != nil {
		f.Minimum = sc.Min
	}
	if sc.Max != nil {
		f.Maximum = sc.Max
	}
	if sc.MaxItems != nil {
		f.MaxItems = sc.MaxItems
	}
	if sc.Pattern != "" {
		f.Pattern = sc.Pattern
	}
	if sc.Default != nil {
		f.Default = sc.Default
	}
	if len(sc.Examples) > 0 {
		f.Examples = sc.Examples
	}
	f.Deprecated = f.Deprecated || sc.Deprecated
	f.Rules = append(f.Rules, schemaRules(sc)...)
	if q, ok := sc.Extensions[ExtQuirk].(string); ok {
		f.Quirk = q
	}
	if len(sc.Properties) > 0 || sc.Items != nil {
		*objs = append(*objs, branchSchema{schema: sc, inOneOf: inOneOf})
	}
	// Only when several alternatives are objects is each one's required
	// list a choice rather than a requirement (settlement_method).
	objAlts := 0
	for _, m := range sc.OneOf {
		if m.Value != nil && (len(m.Value.Properties) > 0 || len(m.Value.Required) > 0) {
			objAlts++
		}
	}
	for _, m := range sc.OneOf {
		if m.Value == nil {
			continue
		}
		if m.Ref != "" {
			if stack[m.Ref] {
				continue // a oneOf that contains itself: its fields are listed once
			}
			stack[m.Ref] = true
		}
		if f.Ref == "" {
			f.Ref = refName(m)
		}
		merge(f, m.Value, inOneOf || objAlts > 1, stack, objs)
		if m.Ref != "" {
			delete(stack, m.Ref)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
