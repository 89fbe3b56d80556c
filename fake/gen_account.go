package fake

import (
	"github.com/wepaykit/wepaykit/spec"
	"sort"
	"strconv"
	"time"
)

// profile is what an account's fields must agree on: its state, country,
// currency, age and payout set-up.
type profile struct {
	state, country, currency, typ string
	created, now                  int64 // creation time and the time the body describes
	actionReasons, disabled       []any
	setup                         bool   // withdrawals are set up
	method, period                string // withdrawal_type and withdrawal_period when set up
}

// Account creation times end (2024-11-30 00:00 UTC) a year and a month
// before timeHigh so that every later time of the account (payouts, a
// scheduled disablement) stays in range.
const createdHigh int64 = 1732924800

const day = 24 * 60 * 60

// banks names payout banks; read only.
var banks = []string{"Chase", "Bank of America", "Wells Fargo", "Citibank", "U.S. Bank", "PNC Bank", "Capital One", "TD Bank", "RBC Royal Bank", "Scotiabank"}

// newProfile decides an account's state and what follows from it. The
// state table's invariants (x-wepaykit-account-states) hold by
// construction: action_required has action reasons, disabled has disabled
// reasons and paused incoming payments, active has neither reason nor a
// scheduled disablement, and reasons appear only where the state needs them.
func (g *Generator) newProfile(n *node, c *genCtx) *profile {
	p := &profile{state: c.o.state, country: c.o.country, typ: c.o.typ}
	if p.state == "" {
		states := g.c.liveStates
		if c.op == spec.OpCreate {
			states = g.c.initialStates
		}
		p.state = g.pick(states)
	}
	if p.country == "" {
		p.country = g.pick([]string{"US", "US", "US", "CA"})
	}
	p.currency = currencyOf(p.country)
	if p.typ == "" {
		p.typ = g.pick(enumStrings(n, "type", []string{"business"}))
	}
	p.created = g.unixTime(timeLow, createdHigh)
	p.now = p.created + day + g.r.Int63n(364*day)
	most := 3
	if c.o.full {
		most = 1 // one element is enough to reach every member
	}
	switch p.state {
	case "action_required":
		p.actionReasons = g.subset(enumStrings(itemsOf(n, "action_reasons"), "", []string{"kyc"}), most)
	case "disabled":
		p.disabled = g.subset(enumStrings(itemsOf(n, "disabled_reasons"), "", []string{"fraud"}), min(most, 2))
	}
	switch p.state {
	case "active":
		p.setup = true
	case "disabled":
		p.setup = c.o.full || g.r.Intn(2) == 0
	case "action_required":
		p.setup = !containsAny(p.actionReasons, "bank_account") && (c.o.full || g.r.Intn(2) == 0)
	}
	if p.setup {
		p.method = "ach"
		if !c.o.full && g.r.Intn(4) == 0 {
			p.method = "check"
		}
		periods := []string{"daily", "weekly", "monthly"}
		if p.method == "check" {
			periods = periods[1:] // settlement-check-not-daily
		}
		p.period = g.pick(periods)
	}
	return p
}

// nextPayout is the next payout after now on the schedule of the platform
// sign-up guide, which "lets you receive payouts daily (midnight
// settlement), weekly (every Monday), or monthly (first of the month)":
// the next midnight UTC, the next Monday 00:00 UTC or the 1st of the next
// month 00:00 UTC.
func nextPayout(now int64, period string) int64 {
	t := time.Unix(now, 0).UTC()
	y, m, d := t.Date()
	switch period {
	case "weekly":
		ahead := (8 - int(t.Weekday())) % 7 // days to the next Monday
		if ahead == 0 {
			ahead = 7
		}
		return time.Date(y, m, d+ahead, 0, 0, 0, 0, time.UTC).Unix()
	case "monthly":
		return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Unix()
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Unix()
}

func (g *Generator) accountPost(n *node, c *genCtx, m map[string]any) {
	p := c.acct
	set(n, m, "state", p.state)
	set(n, m, "type", p.typ)
	set(n, m, "country", p.country)
	set(n, m, "currencies", []any{p.currency})
	set(n, m, "create_time", float64(p.created))
	set(n, m, "action_reasons", append([]any{}, p.actionReasons...))
	set(n, m, "disabled_reasons", append([]any{}, p.disabled...))
	var disablement any
	switch {
	case p.state == "disabled":
		disablement = float64(g.unixTime(p.created, p.now))
	case p.state == "action_required" && (c.o.full || g.r.Intn(2) == 0):
		disablement = float64(p.now + 30*day) // 30 days after the first payment
	}
	set(n, m, "disablement_time", disablement)
	if bp := n.prop("balances"); bp != nil && bp.n.items != nil {
		m["balances"] = []any{g.object(bp.n.items, c)}
	}
	if sp := n.prop("statuses"); sp != nil && sp.n.items != nil {
		m["statuses"] = []any{g.object(sp.n.items, c)}
	}
	if op := n.prop("country_options"); op != nil && op.n.prop("debit_opt_in") != nil {
		var debit any // country-options-us-null: a literal null for US accounts
		if p.country != "US" {
			debit = c.o.full || g.r.Intn(2) == 0
		}
		m["country_options"] = map[string]any{"debit_opt_in": debit}
	}
}

func (g *Generator) balancePost(n *node, c *genCtx, m map[string]any) {
	p := c.acct
	set(n, m, "currency", p.currency)
	bal := g.amount(2500000)
	switch {
	case c.o.hasBalance:
		bal = c.o.balance
	case p.state == "deleted": // "An account may not be deleted if it has a balance or pending payments."
		bal = 0
	}
	set(n, m, "balance", bal)
	if p.state == "deleted" {
		for _, k := range []string{"incoming_pending_amount", "outgoing_pending_amount", "reserved_amount", "disputed_amount"} {
			if _, ok := m[k]; ok {
				m[k] = 0.0
			}
		}
	}
	var period, method, next, bank any
	if p.setup {
		period, method, next = p.period, p.method, float64(nextPayout(p.now, p.period))
		if p.method == "ach" {
			bank = g.pick(banks) + " XXXXXX" + strconv.Itoa(1000+g.r.Intn(9000))
		}
	}
	set(n, m, "withdrawal_period", period)
	set(n, m, "withdrawal_type", method)
	set(n, m, "withdrawal_next_time", next)
	set(n, m, "withdrawal_bank_name", bank)
}

func (g *Generator) statusPost(n *node, c *genCtx, m map[string]any) {
	p := c.acct
	set(n, m, "currency", p.currency)
	in, out := "ok", "ok"
	switch {
	case p.state == "disabled" || p.state == "deleted":
		in, out = "paused", "paused"
	case !p.setup:
		out = "paused"
	}
	set(n, m, "incoming_payments_status", in)
	set(n, m, "outgoing_payments_status", out)
	if n.prop("account_review_status") != nil && g.include(c) {
		review := "not_requested"
		switch p.state {
		case "active":
			review = "review_ok"
		case "action_required", "disabled":
			review = g.pick([]string{"pending", "review_ok"})
		}
		m["account_review_status"] = review
	}
}

// accountList makes /account/find's answer: accounts that are never
// deleted (find-no-deleted), at most 50 (find-within-limit), newest first
// (find-sorted with the default order) and with distinct ids.
func (g *Generator) accountList(c *genCtx, n *node) []any {
	count := 1
	if !c.o.full {
		count = 1 + g.r.Intn(4)
		if g.r.Intn(10) == 0 {
			count = 0
		}
	}
	out := make([]any, 0, count)
	ids := map[any]bool{}
	for len(out) < count {
		a := g.value(n.items, c)
		m, ok := a.(map[string]any)
		if ok && ids[m["account_id"]] {
			continue
		}
		if ok {
			ids[m["account_id"]] = true
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool { return createTime(out[i]) > createTime(out[j]) })
	return out
}

func createTime(v any) float64 {
	m, _ := v.(map[string]any)
	t, _ := m["create_time"].(float64)
	return t
}

// set stores v under name when the structure has that member.
func set(n *node, m map[string]any, name string, v any) {
	if n.prop(name) != nil {
		m[name] = v
	}
}

func itemsOf(n *node, name string) *node {
	if p := n.prop(name); p != nil && p.n.items != nil {
		return p.n.items
	}
	return nil
}

// enumStrings lists the string enum of member name of n (of n itself when
// name is ""), or def when there is none.
func enumStrings(n *node, name string, def []string) []string {
	if n != nil && name != "" {
		p := n.prop(name)
		if p == nil {
			return def
		}
		n = p.n
	}
	if n == nil {
		return def
	}
	var out []string
	for _, e := range n.enum {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return def
	}
	return out
}

// subset picks 1 to most distinct values of list, in list order.
func (g *Generator) subset(list []string, most int) []any {
	k := 1 + g.r.Intn(min(most, len(list)))
	idx := sortInts(g.r.Perm(len(list))[:k])
	out := make([]any, k)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

func containsAny(list []any, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
