package validate

import "github.com/wepaykit/wepaykit/spec"

// RuleInfo describes one rule a [Validator] may report: a built-in check
// (schema keywords, JSON syntax, limits, state transitions) or a named rule
// of the spec (x-wepaykit-rules) with the reference sentences it cites.
type RuleInfo struct {
	ID       string
	Severity Severity // the severity the rule is reported with by default
	Summary  string   // one sentence for people
	Named    bool     // a named rule of the spec, not a built-in check
	// Where and Environment are a named rule's scope ("field", "object",
	// "exchange" or "transport") and environment ("all" or "production").
	Where, Environment string
	Cite               []spec.Cite
}

// schemaKeywords are the JSON Schema keywords whose failures the validator
// reports as "schema.<keyword>".
func schemaKeywords() []string {
	return []string{"type", "maxLength", "minLength", "enum", "required", "pattern", "format", "minimum", "maximum", "maxItems", "oneOf"}
}

// Catalog lists every rule the validator may report: the built-in checks
// first, then the spec's named rules in document order.
func (v *Validator) Catalog() []RuleInfo {
	unknown := SeverityWarning
	if v.strict {
		unknown = SeverityError
	}
	out := []RuleInfo{
		{ID: RuleUnknownField, Severity: unknown, Summary: "A body member that the contract does not list (an error with --strict)."},
		{ID: RuleJSONSyntax, Severity: SeverityError, Summary: "A body that is not valid JSON."},
		{ID: RuleJSONInvalidUTF8, Severity: SeverityError, Summary: "A body that is not valid UTF-8."},
		{ID: RuleJSONTooDeep, Severity: SeverityError, Summary: "A body nested deeper than the limit: JSON arrays and objects, or the brackets of a form key."},
		{ID: RuleJSONDuplicate, Severity: SeverityWarning, Summary: "A JSON object that names a member twice: receivers differ on which value they take (RFC 8259, section 4); the last one is validated."},
		{ID: RuleJSONNumberRange, Severity: SeverityError, Summary: "A JSON number whose magnitude IEEE 754 binary64 cannot hold, with an exponent beyond ±1000, or over 100 characters: receivers differ on its value (RFC 8259, section 6); the body is not validated further."},
		{ID: RuleBodyTooLarge, Severity: SeverityError, Summary: "A body larger than the limit (--max-body); not validated."},
		{ID: RuleFindingsLimit, Severity: SeverityError, Summary: "One side of an exchange had more findings than the limit (max-findings, 200 by default): the rest are counted, by severity, not listed; an error when any of them is one, else a warning."},
		{ID: RuleStatusUnknown, Severity: SeverityError, Summary: "A status WePay does not answer with (1xx, 3xx)."},
		{ID: RuleStateTransition, Severity: SeverityError, Summary: "An account changed state along an edge the state table forbids."},
	}
	for _, kw := range schemaKeywords() {
		out = append(out, RuleInfo{ID: "schema." + kw, Severity: SeverityError,
			Summary: "A body breaks the JSON Schema keyword " + kw + " of the contract."})
	}
	for _, r := range v.spec.Rules() {
		out = append(out, RuleInfo{ID: r.ID, Severity: Severity(r.Severity), Summary: r.Summary, Named: true,
			Where: r.Where, Environment: r.Environment, Cite: r.Cite})
	}
	return out
}
