package validate

import (
	"fmt"
	"strings"
)

// Severity of a finding.
type Severity string

// Severities, from most to least serious.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Location says in which part of an exchange a finding sits.
type Location string

// Locations of findings.
const (
	InBody   Location = "body"
	InHeader Location = "header"
	InQuery  Location = "query"
	InRoute  Location = "route"
	InStatus Location = "status"
)

// Rule identifiers the validator reports besides the named rules of the
// spec (x-wepaykit-rules, reported under their own ids). Schema findings are
// "schema." followed by the JSON Schema keyword that failed.
const (
	RuleSchemaType      = "schema.type"
	RuleSchemaMaxLength = "schema.maxLength"
	RuleSchemaMinLength = "schema.minLength"
	RuleSchemaEnum      = "schema.enum"
	RuleSchemaRequired  = "schema.required"
	RuleSchemaPattern   = "schema.pattern"
	RuleSchemaFormat    = "schema.format"
	RuleSchemaMinimum   = "schema.minimum"
	RuleSchemaMaximum   = "schema.maximum"
	RuleSchemaMaxItems  = "schema.maxItems"
	RuleSchemaMinItems  = "schema.minItems"
	RuleSchemaOneOf     = "schema.oneOf"
	RuleUnknownField    = "unknown-field"         // a member the schema does not list
	RuleJSONSyntax      = "json-syntax"           // a body that is not JSON (malformed, truncated, empty when required)
	RuleJSONInvalidUTF8 = "json-utf8"             // a body that is not valid UTF-8
	RuleJSONTooDeep     = "json-depth"            // nesting deeper than the configured limit
	RuleJSONDuplicate   = "json-duplicate-member" // an object that names a member twice (RFC 8259 section 4)
	RuleJSONNumberRange = "json-number-range"     // a number beyond what IEEE 754 binary64 carries (RFC 8259 section 6)
	RuleBodyTooLarge    = "body-too-large"        // a body over the configured limit
	RuleFindingsLimit   = "findings-limit"        // findings of one side of an exchange past the limit, counted
	RuleStatusUnknown   = "status-unexpected"     // a status the call does not answer with (1xx, 3xx)
	RuleStateTransition = "state-transition"      // an account changed state along an edge the state table forbids
)

// Finding is one contract violation (or warning) in an exchange. Its JSON
// form is part of wepaykit's machine-readable reports.
type Finding struct {
	Operation string   `json:"operation"`        // the call path, for example "/account/create"
	Side      string   `json:"side"`             // "request" or "response"
	Location  Location `json:"location"`         // body, header, query, route or status
	Pointer   string   `json:"pointer"`          // RFC 6901 pointer into the body ("" is the root); set for body findings
	Rule      string   `json:"rule"`             // stable identifier; see the Rule* constants and the spec's named rules
	Severity  Severity `json:"severity"`         // error or warning
	Message   string   `json:"message"`          // for people; never contains a secret
	Schema    string   `json:"schema,omitempty"` // the schema location that produced it, for schema findings
	Cite      string   `json:"cite,omitempty"`   // the reference sentence a named rule comes from
}

// String formats a finding on one line.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", f.Severity, f.Operation, f.Side)
	if f.Location == InBody {
		p := f.Pointer
		if p == "" {
			p = "(root)"
		}
		fmt.Fprintf(&b, " body %s", p)
	} else {
		fmt.Fprintf(&b, " %s", f.Location)
	}
	fmt.Fprintf(&b, ": %s [%s]", f.Message, f.Rule)
	return b.String()
}
