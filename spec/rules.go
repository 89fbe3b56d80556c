package spec

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// Extension names wepaykit reads from the document.
const (
	ExtRules  = "x-wepaykit-rules"          // top level: the rule list; on a schema: the rule ids that govern it
	ExtQuirk  = "x-wepaykit-quirk"          // on a schema: the id of the quirk it is subject to
	ExtQuirks = "x-wepaykit-quirks"         // top level: the quirk list
	ExtStates = "x-wepaykit-account-states" // top level: the account state machine
)

// Cite is a sentence a rule comes from.
type Cite struct {
	Source string `json:"source"`
	Text   string `json:"text"`
}

// Rule is a named rule: a check JSON Schema cannot express portably.
type Rule struct {
	ID          string `json:"id"`
	Severity    string `json:"severity"`    // "error" or "warning"
	Where       string `json:"where"`       // "field", "object", "exchange" or "transport"
	Environment string `json:"environment"` // "all" or "production"
	Summary     string `json:"summary"`
	Cite        []Cite `json:"cite"`
}

// Quirk is a documented contradiction of the reference and how wepaykit reads it.
type Quirk struct {
	ID       string `json:"id"`
	Found    string `json:"found"`
	Handling string `json:"handling"`
}

// Rules lists the named rules in document order.
func (s *Spec) Rules() []Rule { return append([]Rule(nil), s.rules...) }

// Rule finds a named rule by id.
func (s *Spec) Rule(id string) (Rule, bool) {
	i, ok := s.ruleBy[id]
	if !ok {
		return Rule{}, false
	}
	return s.rules[i], true
}

// Quirks lists the documented quirks.
func (s *Spec) Quirks() []Quirk { return append([]Quirk(nil), s.quirks...) }

func (s *Spec) readExtensions() error {
	if v, ok := s.doc.Extensions[ExtRules]; ok {
		if err := decodeExt(v, &s.rules); err != nil {
			return &SpecError{File: s.name, Where: ExtRules, Msg: err.Error()}
		}
	}
	for i, r := range s.rules {
		where := ExtRules + "[" + r.ID + "]"
		if r.ID == "" {
			return &SpecError{File: s.name, Where: ExtRules, Msg: "a rule has no id"}
		}
		if _, dup := s.ruleBy[r.ID]; dup {
			return &SpecError{File: s.name, Where: where, Msg: "defined twice"}
		}
		if r.Severity != "error" && r.Severity != "warning" {
			return &SpecError{File: s.name, Where: where, Msg: "severity must be error or warning"}
		}
		if r.Environment == "" {
			s.rules[i].Environment = "all"
		} else if r.Environment != "all" && r.Environment != "production" {
			return &SpecError{File: s.name, Where: where, Msg: "environment must be all or production"}
		}
		switch r.Where {
		case "field", "object", "exchange", "transport":
		default:
			return &SpecError{File: s.name, Where: where, Msg: "where must be field, object, exchange or transport"}
		}
		if len(r.Cite) == 0 {
			return &SpecError{File: s.name, Where: where, Msg: "a rule must cite the sentence it comes from"}
		}
		s.ruleBy[r.ID] = i
	}
	if v, ok := s.doc.Extensions[ExtQuirks]; ok {
		if err := decodeExt(v, &s.quirks); err != nil {
			return &SpecError{File: s.name, Where: ExtQuirks, Msg: err.Error()}
		}
	}
	v, ok := s.doc.Extensions[ExtStates]
	if !ok {
		return &SpecError{File: s.name, Where: ExtStates, Msg: "missing: the account state machine is required"}
	}
	t := new(StateTable)
	if err := decodeExt(v, t); err != nil {
		return &SpecError{File: s.name, Where: ExtStates, Msg: err.Error()}
	}
	if err := t.Check(); err != nil {
		return &SpecError{File: s.name, Where: ExtStates, Msg: err.Error()}
	}
	s.states = t
	return nil
}

// checkRuleRefs makes sure every rule and quirk a schema names is defined.
func (s *Spec) checkRuleRefs() error {
	quirks := map[string]bool{}
	for _, q := range s.quirks {
		quirks[q.ID] = true
	}
	names := make([]string, 0, len(s.doc.Components.Schemas))
	for n := range s.doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	// A schema's rules do not depend on where it is used: each schema is
	// checked once, however many properties share it.
	seen := map[*openapi3.Schema]bool{}
	for _, n := range names {
		var err error
		walkOnce(s.doc.Components.Schemas[n], "", seen, func(p string, sc *openapi3.Schema) {
			if err != nil {
				return
			}
			for _, id := range schemaRules(sc) {
				if _, ok := s.ruleBy[id]; !ok {
					err = &SpecError{File: s.name, Where: "components.schemas." + n + p, Msg: "names undefined rule " + id}
				}
			}
			if q, ok := sc.Extensions[ExtQuirk].(string); ok && !quirks[q] {
				err = &SpecError{File: s.name, Where: "components.schemas." + n + p, Msg: "names undefined quirk " + q}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func schemaRules(sc *openapi3.Schema) []string {
	raw, ok := sc.Extensions[ExtRules].([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		if id, ok := r.(string); ok {
			out = append(out, id)
		}
	}
	return out
}
