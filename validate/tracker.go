package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
)

// AccountState is an account's state as one answer reports it.
type AccountState struct {
	AccountID int64
	State     string
	Pointer   string // where in the body the state sits
	// Environment keeps stage and production accounts apart: their ids
	// never mix, so the same id in both is two accounts. Empty is one
	// environment of its own.
	Environment Environment
	// Reasons are the account's action_reasons and disabled_reasons as the
	// answer lists them; transition conditions of the state table read
	// them. A delete answer lists none.
	Reasons spec.Reasons
	// Country is the account's country as the answer shows it; "" when it
	// shows none (a delete answer).
	Country string
	// Request marks an entry that stands for a request, not an answer:
	// an /account/modify that set country_options whose own exchange did
	// not show the account's country ([Validator.ExchangeStates] adds it).
	// State is empty and Pointer is the request's /country_options; a
	// StateTracker judges it (rule country-options-canada-only) by the
	// country an earlier answer showed, and records no state for it.
	Request bool
}

// AccountStates extracts the accounts and their states from a success body
// of a call: an account (/account, create, modify), the accounts of a find,
// or a delete answer. Bodies it cannot read yield none.
func AccountStates(op string, body []byte) []AccountState {
	val, err := decode(body)
	if err != nil {
		return nil
	}
	return statesOf(op, val)
}

// statesOf extracts the account states from a decoded success body.
func statesOf(op string, val any) []AccountState {
	var out []AccountState
	add := func(v any, ptr string) {
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		n, ok := obj["account_id"].(json.Number)
		st, ok2 := obj["state"].(string)
		if !ok || !ok2 {
			return
		}
		id, err := n.Int64()
		if err != nil {
			return
		}
		country, _ := obj["country"].(string)
		out = append(out, AccountState{AccountID: id, State: st, Pointer: ptr + "/state", Country: country,
			Reasons: spec.Reasons{Action: stringList(obj["action_reasons"]), Disabled: stringList(obj["disabled_reasons"])}})
	}
	switch opPath(op) {
	case "/account/find":
		arr, _ := val.([]any)
		for i, e := range arr {
			add(e, "/"+strconv.Itoa(i))
		}
	case "/account", "/account/create", "/account/modify", "/account/delete":
		add(val, "")
	}
	return out
}

// stringList reads a JSON array of strings; other values are skipped.
func stringList(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// StateTracker follows accounts across a recording and reports changes of
// state that the state table forbids. Feed it answers in time order. It is
// safe for concurrent use, but order matters, so one goroutine should feed it.
type StateTracker struct {
	states  *spec.StateTable
	policy  *policy.Policy
	rules   map[string]spec.Rule
	mu      sync.Mutex
	last    map[accountKey]AccountState
	country map[accountKey]string // the last country an answer showed
}

type accountKey struct {
	env Environment
	id  int64
}

// NewStateTracker returns a tracker that uses the validator's state table.
func (v *Validator) NewStateTracker() *StateTracker {
	return &StateTracker{states: v.states, policy: v.policy, rules: v.rules, last: map[accountKey]AccountState{}, country: map[accountKey]string{}}
}

// Observe records the states a call's success answer reports and returns a
// finding (rule state-transition) for each illegal change. It also keeps
// each account's country, by which a later /account/modify that sets
// country_options without an answer showing the country is judged (see
// [AccountState].Request).
func (t *StateTracker) Observe(op string, body []byte) []Finding {
	return t.ObserveStates(op, AccountStates(op, body))
}

// ObserveStates records states already extracted (with [AccountStates]) and
// returns a finding for each illegal change.
func (t *StateTracker) ObserveStates(op string, states []AccountState) []Finding {
	var out []Finding
	for _, s := range states {
		if f := t.observe(op, s); f != nil {
			out = append(out, *f)
		}
	}
	out, _ = splitPolicy(t.policy, out)
	return out
}

func (t *StateTracker) observe(op string, s AccountState) *Finding {
	k := accountKey{env: s.Environment, id: s.AccountID}
	if s.Request {
		return t.countryOptions(k)
	}
	if s.Country != "" {
		t.mu.Lock()
		t.country[k] = s.Country
		t.mu.Unlock()
	}
	if _, known := t.states.State(s.State); !known {
		return nil // the schema reports unknown states
	}
	t.mu.Lock()
	prev, seen := t.last[k]
	t.last[k] = s
	t.mu.Unlock()
	if !seen {
		return nil
	}
	// The condition reads the reasons the account listed in the state it
	// leaves (for example disabled for high_risk_chargeback).
	r := t.states.Permit(prev.State, s.State, prev.Reasons)
	if r == nil {
		return nil
	}
	msg := fmt.Sprintf("account %d went from %s to %s; the state table allows no such transition", s.AccountID, prev.State, s.State)
	if r.Conditional {
		msg += ": " + r.Why
	}
	return &Finding{Operation: opPath(op), Side: string(spec.Response), Location: InBody, Pointer: s.Pointer,
		Rule: RuleStateTransition, Severity: SeverityError, Message: msg}
}

// countryOptions judges a modify request that set country_options by the
// country an earlier answer showed for its account (quirk
// modify-country-options-country); nothing when none is known.
func (t *StateTracker) countryOptions(k accountKey) *Finding {
	t.mu.Lock()
	country, known := t.country[k]
	t.mu.Unlock()
	if !known || country == "CA" {
		return nil
	}
	f, ok := countryOptionsFinding(t.rules, country, "an earlier answer")
	if !ok {
		return nil
	}
	return &f
}
