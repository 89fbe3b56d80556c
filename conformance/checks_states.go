package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// The state names the driver recipes know; the edges themselves come from
// the contract's state table.
const (
	stActionRequired = "action_required"
	stActive         = "active"
	stDisabled       = "disabled"
	stDeleted        = "deleted"
	stPending        = "pending"
)

// move is one change a check makes, and the state the account must be in
// after it.
type move struct {
	action string // "settle" (CompleteKYC and AddBankAccount), "disable", "reinstate", "delete", "set:STATE" (StateSetter) or "create-pending" (first, TemporaryTokenIssuer)
	want   string
}

// createPending is the move that starts a walk with an account created
// with a temporary access token, in pending, instead of a new
// action_required one.
const createPending = "create-pending"

// plan says how to take a new account (action_required: "A new account
// without KYC starts in action_required"; pending when created with a
// temporary access token) along the edge from -> to, or why the driver
// cannot.
func plan(from, to string) ([]move, string) {
	if to == stPending {
		return nil, "pending is an initial state only: an account starts in it when created with a temporary access token, and nothing moves an account into it; no flag enables it"
	}
	if from == stPending {
		// reference, Account States: "pending: The account was created
		// using a temporary access token and needs to be confirmed by the
		// account owner." The owner's confirmation is a StateSetter's
		// move; disabling and deleting are the driver's and the API's.
		start := move{createPending, stPending}
		switch to {
		case stDisabled:
			return []move{start, {"disable", stDisabled}}, ""
		case stDeleted:
			return []move{start, {"delete", stDeleted}}, ""
		}
		return []move{start, {"set:" + to, to}}, ""
	}
	settle, disable := move{"settle", stActive}, move{"disable", stDisabled}
	var moves []move
	switch from {
	case stActionRequired:
	case stActive:
		moves = []move{settle}
	case stDisabled:
		if to == stActive {
			moves = []move{settle} // reinstated with nothing owed
		}
		moves = append(moves, disable)
	default:
		return nil, "the suite knows no way to bring an account into " + from + "; no flag enables it"
	}
	switch {
	case to == stDeleted:
		return append(moves, move{"delete", stDeleted}), ""
	case to == stDisabled:
		return append(moves, disable), ""
	case from == stDisabled && (to == stActive || to == stActionRequired):
		return append(moves, move{"reinstate", to}), ""
	case from == stActionRequired && to == stActive:
		return append(moves, settle), ""
	}
	return nil, fmt.Sprintf("a state driver has no way to take an account from %s to %s (WePay asking for something new); no flag enables it", from, to)
}

// stateChecks makes a check per edge of the contract's state table, and
// checks that deletion is final and refused while money is held.
func (s *suite) stateChecks() []check {
	var out []check
	for _, tr := range s.sp.States().Transitions {
		moves, why := plan(tr.From, tr.To)
		ops := []string{spec.OpAccount}
		if tr.To == stDeleted {
			ops = append(ops, spec.OpDelete)
		}
		// The driver is needed only by an edge whose moves include one of
		// its changes; an edge no one can take is skipped for its own reason.
		var needs []Need
		for _, m := range moves {
			if m.action != "delete" {
				needs = []Need{NeedDriver}
			}
		}
		// An edge between two states that exist for every account, which no
		// public action takes, is taken by a driver that can set states.
		settable := why != "" && tr.From != stPending && tr.To != stPending
		if settable {
			needs = []Need{NeedDriver}
		}
		out = append(out, check{
			name: CatStates + "/" + tr.From + "->" + tr.To, category: CatStates, needs: needs, ops: ops,
			summary: fmt.Sprintf("an account goes from %s to %s (%s), confirmed with /account", tr.From, tr.To, tr.Why),
			run: func(ctx context.Context, p *probe) {
				if why == "" {
					if lack := p.lacks(moves); lack != "" {
						p.skipped = lack
						return
					}
					p.walk(ctx, moves)
					return
				}
				if _, ok := p.s.t.Driver.(StateSetter); !ok || !settable {
					p.skipped = why
					if settable {
						p.skipped += " (a driver with SetState, as wepaytest's or --admin against wepaykit serve, takes it)"
					}
					return
				}
				var set []move
				if tr.From != stActionRequired {
					set = append(set, move{"set:" + tr.From, tr.From})
				}
				p.walk(ctx, append(set, move{"set:" + tr.To, tr.To}))
			},
		})
	}
	out = append(out, s.conditionChecks()...)
	return append(out,
		check{name: CatStates + "/deleted-refuses-driver", category: CatStates, needs: []Need{NeedDriver},
			ops:     []string{spec.OpAccount, spec.OpDelete},
			summary: "Reinstate and Disable on a deleted account fail and leave it deleted",
			run:     func(ctx context.Context, p *probe) { p.deletedRefusesDriver(ctx) }},
		// Only the public API: no driver needed.
		check{name: CatStates + "/deleted-is-terminal", category: CatStates,
			ops:     []string{spec.OpAccount, spec.OpDelete, spec.OpModify, spec.OpFind},
			summary: "a deleted account: /account answers 3003 or state deleted, /account/modify is refused, /account/find does not list it",
			run:     func(ctx context.Context, p *probe) { p.deletedIsTerminal(ctx) }},
		check{name: CatStates + "/delete-refused-with-balance", category: CatStates, needs: []Need{NeedDriver},
			ops:     []string{spec.OpDelete, spec.OpAccount},
			summary: "/account/delete is refused with an error body while the account has a balance, and succeeds once it is zero",
			run:     func(ctx context.Context, p *probe) { p.deleteWithBalance(ctx) }},
	)
}

// newAccount creates an account for a state check and confirms that it
// starts in action_required.
func (p *probe) newAccount(ctx context.Context) int64 {
	a := p.createAnswer(ctx, p.s.uniqueName("Conformance States"))
	if a == nil {
		return 0
	}
	if st := a.state(); st != stActionRequired {
		p.failAs(why{rule: RuleState, pointer: "/state", cause: fmt.Sprintf("a new account without KYC starts in %q, not %s", st, stActionRequired)},
			a.op, a, "a new account without KYC must start in %s, not %q", stActionRequired, st)
		return 0
	}
	return a.accountID()
}

// newPendingAccount creates an account with a temporary access token the
// driver issues and confirms that it starts in pending; the probe then
// sends every call with that token, the account owner's. 0 when it could
// not, and the reason to skip when the driver does not issue such tokens.
func (p *probe) newPendingAccount(ctx context.Context) (int64, string) {
	iss, _ := p.s.t.Driver.(TemporaryTokenIssuer)
	if iss == nil {
		return 0, noTemporaryTokens
	}
	tok, err := iss.TemporaryToken(ctx, p.s.uniqueName("Conformance Temporary"))
	var de *DriverError
	if errors.As(err, &de) && (de.Status == http.StatusNotFound || de.Status == http.StatusMethodNotAllowed || de.Status == http.StatusNotImplemented) {
		return 0, noTemporaryTokens + fmt.Sprintf("; its TemporaryToken answered HTTP %d", de.Status)
	}
	if err == nil && tok == "" {
		err = errors.New("no token")
	}
	if err != nil {
		p.failAs(why{rule: RuleDriver, cause: "driver TemporaryToken refused: " + errText(err)}, "driver TemporaryToken", nil, "%s", errText(err))
		return 0, ""
	}
	p.s.red.sec.Add(tok)
	p.token = tok
	a := p.createAnswer(ctx, p.s.uniqueName("Conformance Pending"))
	if a == nil {
		return 0, ""
	}
	if st := a.state(); st != stPending {
		// reference, Account States: "pending: The account was created
		// using a temporary access token and needs to be confirmed by the
		// account owner." (The messages keep "token" before punctuation:
		// the report's redaction masks the word after "token".)
		p.failAs(why{rule: RuleState, pointer: "/state", cause: fmt.Sprintf("a temporary access token's new account starts in %q, not %s", st, stPending)},
			a.op, a, "/account/create with a temporary access token, answered state %q; want %s", st, stPending)
		return 0, ""
	}
	return a.accountID(), ""
}

// noTemporaryTokens is the reason to skip an edge out of pending when the
// driver issues no temporary access token.
const noTemporaryTokens = "pending needs an account created with a temporary access token, which the state driver does not issue (a driver with TemporaryToken, as wepaytest's or --admin against wepaykit serve, does)"

// lacks returns why the target's driver cannot make the moves, or "".
// Only the optional capabilities are asked about: the needs of the check
// cover the StateDriver itself.
func (p *probe) lacks(moves []move) string {
	d := p.s.t.Driver
	for _, m := range moves {
		switch {
		case m.action == createPending:
			if _, ok := d.(TemporaryTokenIssuer); !ok {
				return noTemporaryTokens
			}
		case strings.HasPrefix(m.action, "set:"):
			if _, ok := d.(StateSetter); !ok {
				return "the owner's confirmation of a pending account needs a state driver with SetState (as wepaytest's, or --admin against wepaykit serve)"
			}
		}
	}
	return ""
}

// walk makes the moves on a new account, confirming each state; a walk
// that starts with createPending starts from a pending account.
func (p *probe) walk(ctx context.Context, moves []move) {
	var id int64
	if len(moves) > 0 && moves[0].action == createPending {
		var skip string
		if id, skip = p.newPendingAccount(ctx); skip != "" {
			p.skipped = skip
			return
		}
		moves = moves[1:]
	} else {
		id = p.newAccount(ctx)
	}
	if id == 0 {
		return
	}
	for _, m := range moves {
		if !p.act(ctx, id, m.action) || !p.confirm(ctx, id, m.want, "after the "+m.action) {
			return
		}
	}
}

// act makes one change; it reports whether the target made it.
func (p *probe) act(ctx context.Context, id int64, action string) bool {
	d := p.s.t.Driver
	var err error
	call := "driver " + action
	switch action {
	case "settle":
		if err = d.CompleteKYC(ctx, id); err == nil {
			call, err = "driver AddBankAccount", d.AddBankAccount(ctx, id)
		} else {
			call = "driver CompleteKYC"
		}
	case "disable":
		call, err = "driver Disable", d.Disable(ctx, id, "fraud")
	case "reinstate":
		call, err = "driver Reinstate", d.Reinstate(ctx, id)
	case "delete":
		return p.wantOK(p.send(ctx, req{op: spec.OpDelete, body: map[string]any{"account_id": id}}), "deleting the account")
	default:
		state, ok := strings.CutPrefix(action, "set:")
		ss, can := d.(StateSetter)
		if !ok || !can {
			p.failAs(why{rule: RuleDriver, cause: "unknown move " + action}, call, nil, "account %d", id)
			return false
		}
		call, err = "driver SetState "+state, ss.SetState(ctx, id, state)
	}
	if err != nil {
		p.failAs(why{rule: RuleDriver, cause: call + " refused: " + errText(err)}, call, nil, "account %d: %s", id, errText(err))
		return false
	}
	return true
}

// confirm looks the account up and requires state want; a deleted account
// may instead be refused with 3003 ("account deleted").
func (p *probe) confirm(ctx context.Context, id int64, want, when string) bool {
	a := p.lookup(ctx, id)
	if a.err != nil {
		return false
	}
	if want == stDeleted && a.status != http.StatusOK {
		return p.wantRefused(a, "looking up a deleted account "+when, refusal{codes: []int64{3003}, pointer: "/account_id"})
	}
	if !p.wantOK(a, fmt.Sprintf("looking up the account %s", when)) {
		return false
	}
	if st := a.state(); st != want {
		p.failAs(why{rule: RuleState, pointer: "/state", cause: fmt.Sprintf("looking an account up %s: want state %s, got %q", when, want, st)},
			a.op, a, "%s: want state %s, got %q", when, want, st)
		return false
	}
	return true
}

// deleted makes an account and deletes it; 0 when it could not.
func (p *probe) deleted(ctx context.Context) (int64, string) {
	name := p.s.uniqueName("Conformance Deleted")
	id := p.create(ctx, name)
	if id == 0 || !p.act(ctx, id, "delete") {
		return 0, ""
	}
	return id, name
}

func (p *probe) deletedRefusesDriver(ctx context.Context) {
	id, _ := p.deleted(ctx)
	if id == 0 {
		return
	}
	d := p.s.t.Driver
	if err := d.Reinstate(ctx, id); err == nil {
		p.failAs(why{rule: RuleDriver, cause: "the state driver changed a deleted account; deleted is terminal"},
			"driver Reinstate", nil, "account %d: Reinstate of a deleted account succeeded; deleted is terminal", id)
	}
	if err := d.Disable(ctx, id, "fraud"); err == nil {
		p.failAs(why{rule: RuleDriver, cause: "the state driver changed a deleted account; deleted is terminal"},
			"driver Disable", nil, "account %d: Disable of a deleted account succeeded; deleted is terminal", id)
	}
	p.confirm(ctx, id, stDeleted, "after the refused changes")
}

func (p *probe) deletedIsTerminal(ctx context.Context) {
	id, name := p.deleted(ctx)
	if id == 0 {
		return
	}
	p.confirm(ctx, id, stDeleted, "after the delete")
	a := p.send(ctx, req{op: spec.OpModify, body: map[string]any{"account_id": id, "name": p.s.uniqueName("Conformance Revived")}})
	p.wantRefused(a, "modifying a deleted account", refusal{pointer: "/account_id"})
	if got, ok := p.findIDs(ctx, map[string]any{"name": name}, []int64{id}, "find the deleted account by name"); ok && len(got) > 0 {
		p.failAs(why{rule: RuleFind, cause: "/account/find lists a deleted account"}, spec.OpFind, nil, "find by name lists the deleted account %d", id)
	}
}

func (p *probe) deleteWithBalance(ctx context.Context) {
	id := p.newAccount(ctx)
	if id == 0 {
		return
	}
	d := p.s.t.Driver
	if err := d.AddBalance(ctx, id, 25); err != nil {
		p.failAs(why{rule: RuleDriver, cause: "driver AddBalance refused: " + errText(err)}, "driver AddBalance", nil, "account %d: %s", id, errText(err))
		return
	}
	a := p.send(ctx, req{op: spec.OpDelete, body: map[string]any{"account_id": id}})
	// reference: "An account may not be deleted if it has a balance or pending payments."
	p.wantRefused(a, "deleting an account with a balance", refusal{})
	if !p.confirm(ctx, id, stActionRequired, "after the refused delete") {
		return
	}
	if err := d.AddBalance(ctx, id, -25); err != nil {
		p.failAs(why{rule: RuleDriver, cause: "driver AddBalance refused: " + errText(err)}, "driver AddBalance", nil, "account %d: %s", id, errText(err))
		return
	}
	p.act(ctx, id, "delete")
}
