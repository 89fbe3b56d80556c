package wepaytest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// SetState drives the account to state along the shortest legal path of
// the spec's state table, as WePay and the owner would: each step is an
// edge of the table whose condition the account meets, and each change of
// state sends the account's IPN, in order, as the single calls do. reasons
// are the account's action_reasons when state is action_required and its
// disabled_reasons when state is disabled (each a value of the contract's
// enum); no reasons gives "document" and "fraud". For the other states
// reasons must be empty.
//
// The steps do what the state asks: active completes KYC, adds a bank and
// clears every reason; action_required lists the reasons; disabled sets
// disablement_time; deleted needs a zero balance and no pending payments
// (*APIError 1003 otherwise, as /account/delete answers).
//
// pending is only an initial state: "The account was created using a
// temporary access token" (reference, Account States), and the table lets
// nothing return to it. A fresh account (no change of state since it was
// created) is re-marked as created in it, with no IPN, so that SetState
// reaches every state from a fresh account; but its /account/create answer
// already said action_required, so a recording that holds that answer and
// a later one shows action_required -> pending, which the table forbids
// and `wepaykit validate` reports. Where the recording must validate,
// create the account with a temporary token ([Handler.NewTemporaryUser],
// POST /admin/temporary_users with [WithAdmin]): its create answer says
// pending. An account that has moved is never put back into pending: an
// *[InitialStateError] names that way. Every other target the table
// does not reach returns a *TransitionError with the table's reason (for
// example "an account disabled for high_risk_chargeback is never
// reinstated"). Asking for the state the account is in replaces its
// reasons and sends nothing; a pending account may be asked for pending.
func (h *Handler) SetState(id int64, state string, reasons ...string) error {
	_, err := h.setState(id, state, reasons)
	return err
}

func (h *Handler) setState(id int64, state string, reasons []string) (accountView, error) {
	if err := h.checkReasons(state, reasons); err != nil {
		return accountView{}, err
	}
	h.mu.Lock()
	a, err := h.find(anyUser, id)
	var events []ipnEvent
	if err == nil {
		events, err = h.walk(a, state, reasons)
	}
	var v accountView
	if err == nil {
		v = h.render(a)
	}
	h.mu.Unlock()
	for _, ev := range events {
		h.ipn.notify(ev)
	}
	return v, err
}

// checkReasons checks SetState's arguments against the contract.
func (h *Handler) checkReasons(state string, reasons []string) error {
	if _, ok := h.states.State(state); !ok {
		return &ArgumentError{Method: "SetState", Msg: fmt.Sprintf("unknown state %q; the state table lists %s", state, strings.Join(h.states.Names(), ", "))}
	}
	var enum []string
	switch state {
	case stateDisabled:
		enum = h.disabledReason
	case stateActionRequired:
		enum = h.actionReason
	default:
		if len(reasons) > 0 {
			return &ArgumentError{Method: "SetState", Msg: "reasons are action_reasons for action_required or disabled_reasons for disabled; " + state + " takes none"}
		}
	}
	for _, r := range reasons {
		if !slices.Contains(enum, r) {
			return &ArgumentError{Method: "SetState", Msg: fmt.Sprintf("unknown reason %q for %s; the contract lists %s", r, state, strings.Join(enum, ", "))}
		}
	}
	return nil
}

// walk moves a to target and returns the IPNs to send. Nothing changes when
// it fails. Callers hold h.mu.
func (h *Handler) walk(a *account, target string, reasons []string) ([]ipnEvent, error) {
	if a.state == stateDeleted && target != stateDeleted {
		return nil, transitionError(a.id, h.states.Permit(a.state, target, spec.Reasons{}))
	}
	// The state it is in takes the new reasons; a fresh account is
	// re-marked as created in another initial state, as if its token had
	// been temporary. Neither sends an IPN.
	stay := a.state == target
	if !stay && h.onlyInitial(target) && !a.moved {
		st, _ := h.states.State(a.state)
		stay = st.Initial
	}
	if stay {
		c := a.clone()
		h.enter(c, target, reasons, true)
		c.state = target
		*a = *c
		return nil, nil
	}
	path, err := h.plan(a, target, reasons)
	var te *TransitionError
	if errors.As(err, &te) && h.onlyInitial(target) {
		// The fake never makes a transition its own table forbids: an
		// account that answered another state cannot be re-marked as
		// created in this one.
		return nil, &InitialStateError{AccountID: a.id, From: a.state, To: target, Err: te}
	}
	if err != nil {
		return nil, err
	}
	var events []ipnEvent
	for _, c := range path {
		c.moved = true
		if c.callbackURI != nil {
			// reference: "You will receive an IPN whenever the account is verified or deleted."
			events = append(events, ipnEvent{AccountID: a.id, URL: *c.callbackURI})
		}
	}
	*a = *path[len(path)-1]
	return events, nil
}

// onlyInitial reports whether st is an initial state no edge of the table
// enters: an account is created in it or never is in it (the embedded
// table's pending: "Only a new account made with a temporary token is
// pending; nothing returns to it.").
func (h *Handler) onlyInitial(st string) bool {
	if s, ok := h.states.State(st); !ok || !s.Initial {
		return false
	}
	for _, tr := range h.states.Transitions {
		if tr.To == st && tr.From != st {
			return false
		}
	}
	return true
}

// plan finds the shortest path of permitted edges from a's state to target
// (breadth first, in table order) and returns the account after each step.
func (h *Handler) plan(a *account, target string, reasons []string) ([]*account, error) {
	type node struct {
		acc  *account
		path []*account
	}
	queue := []node{{acc: a}}
	seen := map[string]bool{a.state: true}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, to := range h.states.Next(n.acc.state) {
			if seen[to] || (h.onlyInitial(to) && to != target) {
				continue // no path runs through a state nothing enters
			}
			if h.states.Permit(n.acc.state, to, reasonsOf(n.acc)) != nil {
				continue
			}
			if to == stateDeleted && n.acc.hasMoney() && to == target {
				return nil, invalid(a.id, CodeInvalidParameter, "An account may not be deleted if it has a balance or pending payments.")
			}
			if to == stateDeleted && to != target {
				continue // terminal: no path runs through it
			}
			c := n.acc.clone()
			h.enter(c, to, reasons, to == target)
			c.state = to
			path := append(slices.Clone(n.path), c)
			if to == target {
				return path, nil
			}
			seen[to] = true
			queue = append(queue, node{acc: c, path: path})
		}
	}
	// No path: the table's reason for the direct move says why.
	return nil, transitionError(a.id, h.states.Permit(a.state, target, reasonsOf(a)))
}

// enter sets what being in state st means for c; final is true for the
// state SetState was asked for, whose reasons are the caller's.
func (h *Handler) enter(c *account, st string, reasons []string, final bool) {
	given := final && len(reasons) > 0
	switch st {
	case stateActive:
		c.actionReasons, c.disabledReasons, c.disabledAt = nil, nil, nil
		if c.withdrawalType == "" {
			c.withdrawalType, c.bankName = "ach", maskedBank(c.id)
		}
		if c.withdrawalPeriod == "" {
			c.withdrawalPeriod = "daily"
		}
	case stateActionRequired:
		c.disabledReasons, c.disabledAt = nil, nil
		switch {
		case given:
			c.actionReasons = slices.Clone(reasons)
		case len(c.actionReasons) == 0:
			c.actionReasons = []string{reasonDoc} // "WePay asks for something new, for example a document."
		}
	case stateDisabled:
		switch {
		case given:
			c.disabledReasons = slices.Clone(reasons)
		case len(c.disabledReasons) == 0:
			c.disabledReasons = []string{"fraud"}
		}
		if c.disabledAt == nil {
			t := h.clock.Now()
			c.disabledAt = &t
		}
	case spec.StatePending:
		c.disabledReasons, c.disabledAt = nil, nil
	}
}

func reasonsOf(a *account) spec.Reasons {
	return spec.Reasons{Action: a.actionReasons, Disabled: a.disabledReasons}
}
