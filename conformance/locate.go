package conformance

import (
	"bytes"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// ShippedSpecPath is where the embedded contract sits in wepaykit's
// repository: the file SARIF results name when the run used the embedded
// spec and [Output.SpecFile] is empty.
const ShippedSpecPath = "spec/openapi.yaml"

// placer locates causes in the contract's source.
type placer struct {
	sp   *spec.Spec
	loc  *spec.Locator
	file string
}

// newPlacer locates in sp (nil: the embedded spec); file is the path
// reports give, "" for sp's own (ShippedSpecPath for the embedded one).
func newPlacer(sp *spec.Spec, file string) *placer {
	if sp == nil {
		var err error
		if sp, err = spec.Load(); err != nil {
			return &placer{file: file}
		}
	}
	if file == "" {
		file = sp.Name()
		if bytes.Equal(sp.Source(), spec.Embedded()) {
			file = ShippedSpecPath
		}
	}
	return &placer{sp: sp, loc: sp.Locator(), file: file}
}

// requestPointer reports whether a rule's pointer names a member of the
// request (a refusal was wanted for it) rather than of the answer.
func requestPointer(rule string) bool {
	switch rule {
	case RuleAccepted, RuleRefused, RuleStatus, RuleErrorBody, RuleErrorCode, RuleDetails:
		return true
	}
	return false
}

// line is where a cause is about, in order: the entry of the named rule it
// broke; the member its pointer names, in the request schema of its call
// (for a refusal that was wanted for that member) or in the schema of the
// answer (the 200 body, or the error body of a refusal); the call's
// operation; else the document's first line.
func (p *placer) line(g Group) int {
	if p.loc == nil {
		return 1
	}
	if n := p.loc.Rule(g.Rule); n > 0 {
		return n
	}
	var op spec.Operation
	found := false
	for _, c := range g.Calls {
		if op, found = p.sp.Operation(c); found {
			break
		}
	}
	if !found {
		return 1
	}
	if g.Pointer != "" {
		schema := op.ResponseSchema
		switch {
		case requestPointer(g.Rule):
			schema = op.RequestSchema
		case g.Example != nil && g.Example.answer != nil && g.Example.answer.status >= 400:
			schema = op.ErrorSchema
		}
		if n := p.loc.Schema(schema, strings.ReplaceAll(g.Pointer, "*", "0")); n > 0 {
			return n
		}
	}
	if n := p.loc.Operation(op.Path); n > 0 {
		return n
	}
	return 1
}
