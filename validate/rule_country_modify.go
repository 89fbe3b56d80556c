package validate

import (
	"encoding/json"
	"fmt"

	"github.com/wepaykit/wepaykit/spec"
)

// The rule country-options-canada-only on /account/modify (quirk
// modify-country-options-country). The reference repeats for the call's
// country_options: "Used for Canadian accounts only." The call names no
// country, so the request alone is not judged (ruleCountryOptionsCanada):
//   - with a 200 answer, the answer's country decides ("This call returns
//     the same response as the /account call."): modifyCountryOptions;
//   - without one, [Validator.ExchangeStates] adds an entry that stands for
//     the request, and a [StateTracker] judges it by the country an earlier
//     answer of the recording showed; with none known, nothing is said.

// modifyCountryOptionsPointer is where the finding points: the request's
// country_options.
const modifyCountryOptionsPointer = "/country_options"

// modifyCountryOptions judges a modify request's country_options by the
// country its 200 answer shows.
func (c *call) modifyCountryOptions(answer any) {
	if c.op != spec.OpModify {
		return
	}
	if _, set := countryOptionsSet(c.req); !set {
		return
	}
	acct, _ := answer.(map[string]any)
	country, _ := acct["country"].(string)
	if country == "" || country == "CA" {
		return // no country to judge by (the schema reports a missing one)
	}
	if f, ok := countryOptionsFinding(c.v.rules, country, "the answer"); ok {
		*c.out = append(*c.out, f)
	}
}

// countryOptionsSet reports whether a modify request sets country_options
// (an object, not null) and returns the account it names.
func countryOptionsSet(req any) (int64, bool) {
	body, _ := req.(map[string]any)
	if _, isObj := body["country_options"].(map[string]any); !isObj {
		return 0, false
	}
	id := int64(0)
	if n, ok := body["account_id"].(json.Number); ok {
		id, _ = n.Int64()
	}
	return id, true
}

// countryOptionsFinding is the finding about a modify request's
// country_options for an account of another country than CA; ok is false
// when the validator's spec has no such rule.
func countryOptionsFinding(rules map[string]spec.Rule, country, source string) (Finding, bool) {
	r, ok := rules[spec.RuleCountryOptionsCanadaOnly]
	if !ok {
		return Finding{}, false
	}
	return Finding{Operation: spec.OpModify, Side: string(spec.Request), Location: InBody, Pointer: modifyCountryOptionsPointer,
		Rule: r.ID, Severity: Severity(r.Severity), Cite: firstCite(r),
		Message: fmt.Sprintf("country_options is for Canadian accounts only; %s shows this account's country is %s", source, clip(country))}, true
}

// countryOptionsPending returns the entry that stands for a modify request
// setting country_options whose exchange did not show the account's
// country (no answer, an error, or an answer without it), for a
// StateTracker to judge.
func countryOptionsPending(op string, reqVal any, states []AccountState) (AccountState, bool) {
	if op != spec.OpModify {
		return AccountState{}, false
	}
	id, set := countryOptionsSet(reqVal)
	if !set || id == 0 {
		return AccountState{}, false
	}
	for _, s := range states {
		if s.AccountID == id && s.Country != "" {
			return AccountState{}, false // the answer showed it: judged already
		}
	}
	return AccountState{AccountID: id, Pointer: modifyCountryOptionsPointer, Request: true}, true
}
