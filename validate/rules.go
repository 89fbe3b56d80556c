package validate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/emoji"
	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"github.com/wepaykit/wepaykit/spec"
)

// ruleCtx is what a named rule sees at one site.
type ruleCtx struct {
	*call
	rule    spec.Rule
	field   spec.Field
	pointer string         // concrete pointer of the value, when the site fixes it
	path    []byte         // else the pointer built for this value (see at)
	parent  map[string]any // the object holding the value; nil at the root
	key     string
	value   any
	found   bool
}

// ruleFunc implements one named rule.
type ruleFunc func(c *ruleCtx)

// at is the pointer of the value: a site's own, or the one built for an
// item of a wildcard, which becomes a string only when a rule reports.
func (c *ruleCtx) at() string {
	if c.path != nil {
		return string(c.path)
	}
	return c.pointer
}

// report emits a finding of the context's rule at a pointer.
func (c *ruleCtx) report(pointer, msg string) {
	c.add(Finding{Location: InBody, Pointer: pointer, Rule: c.rule.ID, Severity: Severity(c.rule.Severity), Message: msg, Cite: firstCite(c.rule)})
}

func firstCite(r spec.Rule) string {
	if len(r.Cite) == 0 {
		return ""
	}
	return r.Cite[0].Source + ": " + r.Cite[0].Text
}

// named emits a finding of a transport (or other spec-defined) rule by id; a
// rule the spec does not define is not reported.
func (c *call) named(id string, loc Location, pointer, msg string) {
	r, ok := c.v.rules[id]
	if !ok {
		return
	}
	c.add(Finding{Location: loc, Pointer: pointer, Rule: id, Severity: Severity(r.Severity), Message: msg, Cite: firstCite(r)})
}

// implementations maps every named rule id of the spec to its check. A rule
// lives here exactly once; its severity, scope and citation live in the spec.
func implementations() map[string]ruleFunc {
	return map[string]ruleFunc{
		"account-name-no-wepay":                ruleNameNoWepay,
		"account-name-printable":               ruleNamePrintable,
		"callback-uri-no-port-in-production":   ruleNoPort,
		"redirect-uri-no-underscore-subdomain": ruleNoUnderscoreHost,
		"currency-matches-country":             ruleCurrencyCountry,
		"country-options-canada-only":          ruleCountryOptionsCanada,
		"country-options-us-null":              ruleCountryOptionsUSNull,
		"settlement-check-not-daily":           ruleCheckNotDaily,
		"referrer-type-known":                  ruleKnownExample,
		"error-code-known":                     ruleKnownExample,
		"account-state-invariants":             ruleStateInvariants,
		"response-echoes-request":              ruleEchoes,
		"create-initial-state":                 ruleCreateInitial,
		"balances-per-currency":                ruleBalancesPerCurrency,
		"delete-reports-deleted":               ruleDeleteDeleted,
		"settlement-method-matches":            ruleSettlementMethod,
		"find-no-deleted":                      ruleFindNoDeleted,
		"find-within-limit":                    ruleFindLimit,
		"find-sorted":                          ruleFindSorted,
		"find-matches-filter":                  ruleFindFilter,
		// Transport rules are applied by the request and response checks;
		// they are listed so that every rule of the spec has a home.
		"route-unknown":           nil,
		"method-not-post":         nil,
		"method-get-without-body": nil,
		"auth-bearer-required":    nil,
		"token-in-parameter":      nil,
		"content-type-json":       nil,
		"user-agent-required":     nil,
		"api-version-format":      nil,
		"error-body-on-failure":   nil,
	}
}

// runSites applies the named rules bound to places in the body. A site
// without a wildcard is resolved in place, without allocating, which is
// what nearly every site is.
func (c *call) runSites(root any) {
	sites := c.p.sites[c.side]
	rc := &c.rules
	for i := range sites {
		s := &sites[i]
		if s.impl == nil {
			continue
		}
		if s.rule.Environment == "production" && c.env != EnvProduction {
			continue
		}
		if s.rule.Where == "exchange" && c.req == nil {
			continue
		}
		base := ruleCtx{call: c, rule: s.rule, field: s.field}
		*rc = base
		if len(s.tokens) == 0 {
			rc.value, rc.found = root, true
			s.impl(rc)
			continue
		}
		last := s.tokens[len(s.tokens)-1]
		if !s.wild {
			parent, ok := lookup(root, s.tokens[:len(s.tokens)-1])
			obj, isObj := parent.(map[string]any)
			if !ok || !isObj {
				continue
			}
			rc.parent, rc.key, rc.pointer = obj, last, s.pointer
			rc.value, rc.found = obj[last]
			s.impl(rc)
			continue
		}
		visit(root, s.tokens[:len(s.tokens)-1], c.ptrBuf[:0], func(ptr []byte, v any) {
			if last == "*" {
				arr, _ := v.([]any)
				for i, e := range arr {
					*rc = base // one context for every call: a copy each would escape
					rc.path = strconv.AppendInt(append(ptr, '/'), int64(i), 10)
					rc.value, rc.found = e, true
					s.impl(rc)
				}
				return
			}
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			*rc = base
			rc.parent, rc.key = obj, last
			rc.path = append(append(ptr, '/'), jsonptr.Escape(last)...)
			rc.value, rc.found = obj[last]
			s.impl(rc)
		})
	}
}

// lookup follows member names (no wildcards) from v.
func lookup(v any, toks []string) (any, bool) {
	for _, t := range toks {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[t]; !ok {
			return nil, false
		}
	}
	return v, true
}

// visit calls f with every value that pattern tokens ("*" = every item)
// lead to from v, and its pointer: ptr with the tokens' steps appended (in
// ptr's array, which f may use until it returns).
func visit(v any, toks []string, ptr []byte, f func(ptr []byte, v any)) {
	if len(toks) == 0 {
		f(ptr, v)
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if child, ok := x[toks[0]]; ok {
			visit(child, toks[1:], append(append(ptr, '/'), jsonptr.Escape(toks[0])...), f)
		}
	case []any:
		if toks[0] != "*" {
			return
		}
		for i, e := range x {
			visit(e, toks[1:], strconv.AppendInt(append(ptr, '/'), int64(i), 10), f)
		}
	}
}

func ruleNameNoWepay(c *ruleCtx) {
	// reference: "For security reasons, the word wepay cannot be in the account name."
	if s, ok := c.value.(string); ok && strings.Contains(strings.ToLower(s), "wepay") {
		c.report(c.at(), "the account name may not contain the word \"wepay\"")
	}
}

func ruleNamePrintable(c *ruleCtx) {
	// reference: "Account names cannot contain control characters or non-printable characters, like emojis."
	s, ok := c.value.(string)
	if !ok {
		return
	}
	for i, r := range s {
		if badNameRune(r) {
			c.report(c.at(), fmt.Sprintf("the account name contains %U at byte %d; control and non-printable characters are not allowed", r, i))
			return
		}
	}
	// An emoji is what Unicode shows as a picture (UTS #51): a character
	// with Emoji_Presentation, or an emoji sequence (U+FE0F, keycaps,
	// skin tones). Symbols shown as text (★ ✓ ☃ ©) are printable.
	if at, seq, ok := emoji.Find(s); ok {
		c.report(c.at(), fmt.Sprintf("the account name contains the emoji %q (%U) at byte %d; emoji are not allowed", seq, []rune(seq), at))
	}
}

// badNameRune reports a control or non-printable character. Space
// separators (U+00A0 no-break space, U+2003 em space) print as space: the
// reference itself is written with no-break spaces.
func badNameRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf: // ASCII: the controls are the bad ones
		return r < 0x20 || r == 0x7f
	case unicode.Is(unicode.Zs, r):
		return false
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		return true
	}
	return !unicode.IsPrint(r)
}

func ruleNoPort(c *ruleCtx) {
	// reference: "Your platform may test using ports in staging but ports are not allowed in production."
	s, ok := c.value.(string)
	if !ok {
		return
	}
	if u, err := url.Parse(s); err == nil && u.Port() != "" {
		c.report(c.at(), fmt.Sprintf("callback_uri names port %s; ports are not allowed in production", u.Port()))
	}
}

func ruleNoUnderscoreHost(c *ruleCtx) {
	// reference: "WePay does not allow underscores in subdomains"
	s, ok := c.value.(string)
	if !ok {
		return
	}
	if u, err := url.Parse(s); err == nil && strings.Contains(u.Hostname(), "_") {
		c.report(c.at(), fmt.Sprintf("host %q contains an underscore; WePay does not allow underscores in subdomains", u.Hostname()))
	}
}

func ruleCurrencyCountry(c *ruleCtx) {
	// A request without currencies (absent or []) lets the server choose:
	// "Default: USD" describes the field (quirk currencies-default-country).
	if !c.found {
		return
	}
	country, _ := c.parent["country"].(string)
	if country == "" && c.side == spec.Request {
		country = "US" // reference default
	}
	want, ok := spec.CountryCurrency(country)
	if !ok {
		return
	}
	if c.side == spec.Response && disabledFor(c.parent, "country_not_supported") {
		// reference, country_not_supported: "accepting payment in a currency
		// other than that of the country where they are registered" is why
		// WePay disables an account; such an account is the documented state.
		return
	}
	arr, _ := c.value.([]any)
	for i, e := range arr {
		if s, ok := e.(string); ok && s != want {
			c.report(c.at()+"/"+strconv.Itoa(i), fmt.Sprintf("currency %s does not match country %s, whose currency is %s", s, country, want))
		}
	}
}

// disabledFor reports whether an account lists reason among its
// disabled_reasons.
func disabledFor(acct map[string]any, reason string) bool {
	rs, _ := acct["disabled_reasons"].([]any)
	for _, r := range rs {
		if r == reason {
			return true
		}
	}
	return false
}

func ruleCountryOptionsCanada(c *ruleCtx) {
	if !c.found || c.value == nil {
		return
	}
	if _, named := c.parent["country"]; !named && c.op == spec.OpModify {
		// quirk modify-country-options-country: the call names no
		// country; its answer or the recording's earlier answers tell it
		// (modifyCountryOptions, StateTracker).
		return
	}
	country, _ := c.parent["country"].(string)
	if country == "" {
		country = "US"
	}
	if country != "CA" {
		c.report(c.at(), fmt.Sprintf("country_options is for Canadian accounts only; this account's country is %s", country))
	}
}

func ruleCountryOptionsUSNull(c *ruleCtx) {
	obj, _ := c.value.(map[string]any)
	if obj["country"] != "US" {
		return
	}
	co, isObj := obj["country_options"].(map[string]any)
	switch v, ok := co["debit_opt_in"]; {
	case !isObj:
		// reference: "For US accounts, the response will contain a literal null."
		c.report(c.at()+"/country_options", "a US account must answer country_options with debit_opt_in a literal null; the answer has none")
	case !ok:
		c.report(c.at()+"/country_options/debit_opt_in", "a US account must answer debit_opt_in with a literal null; the answer leaves it out")
	case v != nil:
		c.report(c.at()+"/country_options/debit_opt_in", "a US account must answer debit_opt_in with a literal null")
	}
}

func ruleCheckNotDaily(c *ruleCtx) {
	// reference: "daily is not allowed for the send_check_to_address settlement method."
	if c.value != "daily" {
		return
	}
	sm, _ := c.parent["settlement_method"].(map[string]any)
	_, check := sm["send_check_to_address"]
	// The settlement_setup answer says method check; a balance says
	// withdrawal_type check.
	check = check || c.parent["method"] == "check" || c.parent["withdrawal_type"] == "check"
	if check {
		c.report(c.at(), "daily is not allowed for the send_check_to_address settlement method (payouts by check)")
	}
}

// ruleKnownExample warns on a value outside the field's documented examples
// (an open set: referrer_type, error_code).
func ruleKnownExample(c *ruleCtx) {
	if !c.found || c.value == nil || len(c.field.Examples) == 0 {
		return
	}
	for _, e := range c.field.Examples {
		if sameJSON(e, c.value) {
			return
		}
	}
	c.report(c.at(), fmt.Sprintf("%s is not one of the documented values %s", jsonText(c.value), jsonText(c.field.Examples)))
}

func ruleStateInvariants(c *ruleCtx) {
	for _, vi := range c.v.states.Violations(c.value) {
		state, _ := c.value.(map[string]any)["state"].(string)
		c.report(c.at()+vi.Pointer, fmt.Sprintf("%s %s account breaks invariant %s (%s %s): %q",
			article(state), state, vi.Invariant.ID, vi.Invariant.Pointer, describeCheck(vi.Invariant), vi.Invariant.Cite))
	}
}

func ruleCreateInitial(c *ruleCtx) {
	if c.op != spec.OpCreate || c.at() != "" || c.side != spec.Response {
		return
	}
	obj, _ := c.value.(map[string]any)
	st, _ := obj["state"].(string)
	if s, ok := c.v.states.State(st); !ok || s.Initial {
		return // an unknown state is the schema's to report
	}
	c.report("/state", fmt.Sprintf("a new account answered in state %s; an account is created in one of %s", st, strings.Join(c.v.states.Initials(), ", ")))
}

func ruleBalancesPerCurrency(c *ruleCtx) {
	// reference: "Array of account balances for each currency" and "status
	// for each currency".
	obj, _ := c.value.(map[string]any)
	curs, ok := obj["currencies"].([]any)
	if !ok || len(curs) == 0 {
		return // the schema reports an account without its currency
	}
	want := map[string]bool{}
	for _, x := range curs {
		if s, ok := x.(string); ok {
			want[s] = true
		}
	}
	for _, member := range []string{"balances", "statuses"} {
		arr, ok := obj[member].([]any)
		if !ok {
			continue
		}
		seen := map[string]bool{}
		for i, e := range arr {
			entry, _ := e.(map[string]any) // other shapes are the schema's to report
			cur, _ := entry["currency"].(string)
			switch {
			case cur == "":
			case !want[cur]:
				c.report(fmt.Sprintf("%s/%s/%d/currency", c.at(), member, i), fmt.Sprintf("%s lists %s, which is not one of the account's currencies %s", member, cur, jsonText(curs)))
			case seen[cur]:
				c.report(fmt.Sprintf("%s/%s/%d/currency", c.at(), member, i), fmt.Sprintf("%s lists %s twice; there is one per currency", member, cur))
			}
			seen[cur] = true
		}
		for _, x := range curs {
			if s, ok := x.(string); ok && !seen[s] {
				c.report(c.at()+"/"+member, fmt.Sprintf("%s has no entry for the account's currency %s", member, s))
			}
		}
	}
}

func describeCheck(inv spec.Invariant) string {
	if inv.Check == "equals" {
		return "must equal " + jsonText(inv.Value)
	}
	return "must be " + inv.Check
}

// echoed lists the members a success answer repeats from its request.
var echoed = []string{"account_id", "name", "description", "reference_id", "callback_uri", "type", "country", "currencies", "image_uri", "gaq_domains", "currency", "frequency"}

func ruleEchoes(c *ruleCtx) {
	if c.at() != "" {
		// Only an answer's root object answers the request. The accounts
		// /account/find lists (the Account schema at /*) are matched by
		// its own rules: its request is a filter, not values to echo.
		return
	}
	req, _ := c.req.(map[string]any)
	resp, _ := c.value.(map[string]any)
	for _, k := range echoed {
		rv, inReq := req[k]
		if !inReq {
			continue
		}
		if arr, ok := rv.([]any); ok && len(arr) == 0 && k == "currencies" {
			continue // [] asks for the default (quirk currencies-default-country)
		}
		sv, inResp := resp[k]
		if !inResp {
			if c.responseDeclares(k) && !(k == "reference_id" && c.op == spec.OpCreate) {
				// quirk create-example-omits-reference-id: the reference's
				// create answer leaves out the reference_id it was sent.
				c.report(c.at()+"/"+k, fmt.Sprintf("the request set %s = %s but the answer leaves it out", k, jsonText(rv)))
			}
			continue
		}
		if k == "account_id" {
			rv = digitsAsNumber(rv) // quirk settlement-account-id-type: "123" is account 123
		}
		if !sameJSON(rv, sv) {
			c.report(c.at()+"/"+k, fmt.Sprintf("answer has %s = %s but the request set %s", k, jsonText(sv), jsonText(rv)))
		}
	}
	echoFeeSlot(c, req, resp)
	echoDebitOptIn(c, req, resp)
}

// responseDeclares reports whether the call's answer schema declares the
// member k.
func (c *ruleCtx) responseDeclares(k string) bool {
	if c.p == nil {
		return false
	}
	sc, ok := c.v.spec.Schema(c.p.op.ResponseSchema)
	if !ok {
		return false
	}
	_, ok = sc.Properties[k]
	return ok
}

// echoFeeSlot: fee_schedule_slot N sets the custom schedule N ("The custom
// fee schedule value to use for the merchant"); 0 removes it ("Passing 0
// will remove the custom fee schedule"), after which no entry has a slot
// above 0.
func echoFeeSlot(c *ruleCtx, req, resp map[string]any) {
	n, ok := req["fee_schedule_slot"].(json.Number)
	if !ok {
		return
	}
	want, err := n.Int64()
	if err != nil {
		return
	}
	if !c.responseDeclares("fee_schedule") {
		return
	}
	entries, _ := resp["fee_schedule"].([]any)
	found := false
	for i, e := range entries {
		obj, _ := e.(map[string]any)
		sn, _ := obj["slot"].(json.Number)
		slot, err := sn.Int64()
		if err != nil {
			continue
		}
		if want == 0 && slot > 0 {
			c.report(fmt.Sprintf("/fee_schedule/%d/slot", i), fmt.Sprintf("the request removed the custom fee schedule (fee_schedule_slot 0) but the answer lists slot %d", slot))
		}
		found = found || slot == want
	}
	if want > 0 && !found {
		c.report("/fee_schedule", fmt.Sprintf("the request set fee_schedule_slot %d but no fee_schedule entry has that slot", want))
	}
}

// echoDebitOptIn: a Canadian account answers the debit_opt_in it was sent.
func echoDebitOptIn(c *ruleCtx, req, resp map[string]any) {
	rco, _ := req["country_options"].(map[string]any)
	want, ok := rco["debit_opt_in"].(bool)
	if !ok {
		return
	}
	sco, _ := resp["country_options"].(map[string]any)
	got, present := sco["debit_opt_in"]
	if !present || resp["country"] != "CA" {
		return // a US account answers null (country-options-us-null)
	}
	if got != want {
		c.report("/country_options/debit_opt_in", fmt.Sprintf("answer has debit_opt_in = %s but the request set %v", jsonText(got), want))
	}
}

func ruleDeleteDeleted(c *ruleCtx) {
	obj, _ := c.value.(map[string]any)
	if st, ok := obj["state"].(string); ok && st != "deleted" {
		c.report(c.at()+"/state", fmt.Sprintf("a successful delete must report state deleted, not %s", st))
	}
}

func ruleSettlementMethod(c *ruleCtx) {
	req, _ := c.req.(map[string]any)
	sm, _ := req["settlement_method"].(map[string]any)
	obj, _ := c.value.(map[string]any)
	method, _ := obj["method"].(string)
	want := ""
	if _, ok := sm["settlement_bank_id"]; ok {
		want = "ach"
	} else if _, ok := sm["send_check_to_address"]; ok {
		want = "check"
	}
	if want != "" && method != "" && method != want {
		c.report(c.at()+"/method", fmt.Sprintf("method is %s but the request set up %s", method, map[string]string{"ach": "a settlement bank", "check": "a check address"}[want]))
	}
}

func ruleFindNoDeleted(c *ruleCtx) {
	arr, _ := c.value.([]any)
	for i, e := range arr {
		if obj, ok := e.(map[string]any); ok && obj["state"] == "deleted" {
			c.report(c.at()+"/"+strconv.Itoa(i)+"/state", "find lists a deleted account; deleted accounts never appear in /account/find")
		}
	}
}

func ruleFindLimit(c *ruleCtx) {
	arr, _ := c.value.([]any)
	limit, max := c.v.findLimit.dflt, c.v.findLimit.max
	if req, ok := c.req.(map[string]any); ok {
		if n, ok := req["limit"].(json.Number); ok {
			if l, err := n.Int64(); err == nil && l > 0 {
				limit = l
			}
		}
	}
	if max > 0 && limit > max {
		limit = max // "The maximum allowed is 50 results."
	}
	if limit <= 0 {
		return // the spec gives no default
	}
	if int64(len(arr)) > limit {
		c.report(c.at(), fmt.Sprintf("find answered %d accounts, more than the limit of %d", len(arr), limit))
	}
}

func ruleFindSorted(c *ruleCtx) {
	arr, _ := c.value.([]any)
	asc := false
	if req, ok := c.req.(map[string]any); ok {
		asc = req["sort_order"] == "asc"
	}
	prev, have := 0.0, false
	for i, e := range arr {
		obj, _ := e.(map[string]any)
		n, ok := obj["create_time"].(json.Number)
		if !ok {
			continue
		}
		t, _ := n.Float64()
		if have && ((asc && t < prev) || (!asc && t > prev)) {
			order := "newest first (desc)"
			if asc {
				order = "oldest first (asc)"
			}
			c.report(c.at()+"/"+strconv.Itoa(i)+"/create_time", "accounts are not ordered "+order+" by create_time")
			return
		}
		prev, have = t, true
	}
}

func ruleFindFilter(c *ruleCtx) {
	req, _ := c.req.(map[string]any)
	want, ok := req["reference_id"].(string)
	if !ok || want == "" {
		return
	}
	arr, _ := c.value.([]any)
	for i, e := range arr {
		obj, _ := e.(map[string]any)
		if got, ok := obj["reference_id"]; !ok || got != want {
			c.report(c.at()+"/"+strconv.Itoa(i)+"/reference_id", fmt.Sprintf("find for reference_id %q listed an account with reference_id %s", want, jsonText(got)))
		}
	}
}

// digitsAsNumber turns a string of digits into the number it spells.
func digitsAsNumber(v any) any {
	s, ok := v.(string)
	if !ok || s == "" || strings.Trim(s, "0123456789") != "" {
		return v
	}
	return json.Number(s)
}

// sameJSON compares two decoded JSON values; numbers compare by value.
func sameJSON(a, b any) bool {
	switch x := a.(type) { // the common cases, without formatting or reflection
	case json.Number:
		if y, ok := b.(json.Number); ok && x == y {
			return true // spelled alike: the same number
		}
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	na, aok := num(a)
	nb, bok := num(b)
	if aok || bok {
		return aok && bok && na == nb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			if yv, ok := y[k]; !ok || !sameJSON(xv, yv) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func num(v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return strconv.FormatFloat(f, 'g', -1, 64), true
		}
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case int:
		return strconv.FormatFloat(float64(x), 'g', -1, 64), true
	case int64:
		return strconv.FormatFloat(float64(x), 'g', -1, 64), true
	}
	return "", false
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 120 {
		return string(b[:117]) + "..."
	}
	return string(b)
}
