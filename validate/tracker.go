package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

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
		out = append(out, AccountState{AccountID: id, State: st, Pointer: ptr + "/state"})
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

// StateTracker follows accounts across a recording and reports changes of
// state that the state table forbids. Feed it answers in time order. It is
// safe for concurrent use, but order matters, so one goroutine should feed it.
type StateTracker struct {
	states *spec.StateTable
	mu     sync.Mutex
	last   map[accountKey]string
}

type accountKey struct {
	env Environment
	id  int64
}

// NewStateTracker returns a tracker that uses the validator's state table.
func (v *Validator) NewStateTracker() *StateTracker {
	return &StateTracker{states: v.states, last: map[accountKey]string{}}
}

// Observe records the states a call's success answer reports and returns a
// finding (rule state-transition) for each illegal change.
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
	return out
}

func (t *StateTracker) observe(op string, s AccountState) *Finding {
	if _, known := t.states.State(s.State); !known {
		return nil // the schema reports unknown states
	}
	t.mu.Lock()
	k := accountKey{env: s.Environment, id: s.AccountID}
	prev, seen := t.last[k]
	t.last[k] = s.State
	t.mu.Unlock()
	if !seen || t.states.Allowed(prev, s.State) {
		return nil
	}
	return &Finding{Operation: opPath(op), Side: string(spec.Response), Location: InBody, Pointer: s.Pointer,
		Rule: RuleStateTransition, Severity: SeverityError,
		Message: fmt.Sprintf("account %d went from %s to %s; the state table allows no such transition", s.AccountID, prev, s.State)}
}
