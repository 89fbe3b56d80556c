package fake

import "time"

// attachHooks gives the structures whose members must agree with each other
// the hooks that make them agree. Members a hook makes are marked hooked so
// the generic walker leaves them alone.
func attachHooks(n *node) {
	type post = func(g *Generator, n *node, c *genCtx, m map[string]any)
	var fn post
	switch n.ref {
	case "Account":
		hook(n, "state", "type", "create_time", "country", "currencies", "balances", "statuses",
			"action_reasons", "disabled_reasons", "disablement_time", "country_options")
		n.pre = func(g *Generator, c *genCtx) { c.acct = g.newProfile(n, c) }
		fn = (*Generator).accountPost
	case "AccountBalance":
		hook(n, "currency", "balance", "withdrawal_period", "withdrawal_type", "withdrawal_next_time", "withdrawal_bank_name")
		fn = (*Generator).balancePost
	case "AccountCurrencyStatus":
		hook(n, "currency", "incoming_payments_status", "outgoing_payments_status", "account_review_status")
		fn = (*Generator).statusPost
	case "AccountList":
		if n.items != nil && n.items.ref == "Account" {
			n.list = (*Generator).accountList
		}
	case "AccountDeleteResponse":
		hook(n, "state")
		fn = func(g *Generator, n *node, c *genCtx, m map[string]any) {
			set(n, m, "state", "deleted") // delete-reports-deleted
		}
	case "AccountCreateRequest":
		hook(n, "country", "currencies", "country_options", "type")
		fn = (*Generator).createPost
	case "AccountSettlementSetupRequest":
		hook(n, "frequency")
		fn = (*Generator).settlementRequestPost
	case "AccountSettlementSetupResponse":
		hook(n, "method", "frequency")
		fn = (*Generator).settlementResponsePost
	case "AccountGetReserveDetailsResponse":
		hook(n, "withdrawals_schedule")
		fn = (*Generator).reservePost
	case "AccountGetUpdateUriResponse":
		hook(n, "uri")
		fn = func(g *Generator, n *node, c *genCtx, m map[string]any) {
			id, _ := m["account_id"].(float64)
			set(n, m, "uri", updateURI(int64(id), g.r.Int63()))
		}
	case "Rbit":
		hook(n, "type", "properties")
		fn = (*Generator).rbitPost
	case "KycDate":
		fn = func(g *Generator, n *node, c *genCtx, m map[string]any) {
			y, _ := m["year"].(float64)
			mo, _ := m["month"].(float64)
			d, _ := m["day"].(float64)
			if last := time.Date(int(y), time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > float64(last) {
				m["day"] = float64(last)
			}
		}
	}
	if fn != nil {
		n.post = func(g *Generator, c *genCtx, m map[string]any) { fn(g, n, c, m) }
	}
}

func hook(n *node, names ...string) {
	for _, name := range names {
		if p := n.prop(name); p != nil {
			p.hooked = true
		}
	}
}

// createPost keeps /account/create's country, currency and country options
// consistent: the currency is the country's (an absent country is US, an
// absent currency USD, so a Canadian account always names CAD), and
// country_options is sent for Canadian accounts only
// (country-options-canada-only).
func (g *Generator) createPost(n *node, c *genCtx, m map[string]any) {
	country := c.o.country
	if country == "" && (c.o.full || g.include(c)) {
		country = "CA"
		if !c.o.full && g.r.Intn(3) != 0 {
			country = "US"
		}
	}
	if country != "" {
		set(n, m, "country", country)
	}
	if country == "CA" || g.include(c) {
		cur := currencyOf(country)
		if cur == "" {
			cur = "USD"
		}
		set(n, m, "currencies", []any{cur})
	}
	if p := n.prop("country_options"); p != nil && country == "CA" && g.include(c) {
		m["country_options"] = g.value(nonNull(p.n), c)
	}
	if c.o.typ != "" {
		set(n, m, "type", c.o.typ)
	} else if p := n.prop("type"); p != nil && g.include(c) {
		m["type"] = g.value(p.n, c)
	}
}

// nonNull returns the non-null branch of a nullable wrapper.
func nonNull(n *node) *node {
	if len(n.alts) == 1 {
		return n.alts[0]
	}
	return n
}

// settlementRequestPost never asks for daily payouts by check
// (settlement-check-not-daily).
func (g *Generator) settlementRequestPost(n *node, c *genCtx, m map[string]any) {
	sm, _ := m["settlement_method"].(map[string]any)
	_, check := sm["send_check_to_address"]
	set(n, m, "frequency", g.frequency(check || c.o.full)) // full bodies may switch branch
}

// settlementResponsePost answers ach or check with a frequency a check
// allows.
func (g *Generator) settlementResponsePost(n *node, c *genCtx, m map[string]any) {
	method := "ach"
	if g.r.Intn(3) == 0 {
		method = "check"
	}
	set(n, m, "method", method)
	set(n, m, "frequency", g.frequency(method == "check"))
}

func (g *Generator) frequency(check bool) string {
	if check {
		return g.pick([]string{"weekly", "monthly"})
	}
	return g.pick([]string{"daily", "weekly", "monthly"})
}

// reservePost makes up to ten upcoming withdrawals on one payout schedule.
func (g *Generator) reservePost(n *node, c *genCtx, m map[string]any) {
	p := n.prop("withdrawals_schedule")
	if p == nil || p.n.items == nil {
		return
	}
	limit := 10
	if p.n.maxItems >= 0 {
		limit = p.n.maxItems
	}
	count := min(1, limit)
	if !c.o.full {
		count = g.r.Intn(limit + 1)
	}
	period := g.pick([]string{"daily", "weekly", "monthly"})
	t := g.unixTime(timeLow, createdHigh)
	out := make([]any, 0, count)
	for i := 0; i < count; i++ {
		t = nextPayout(t, period)
		e := g.value(p.n.items, c)
		if em, ok := e.(map[string]any); ok {
			set(p.n.items, em, "time", float64(t))
		}
		out = append(out, e)
	}
	m["withdrawals_schedule"] = out
}

// rbitPost gives an rbit the properties its type calls for.
func (g *Generator) rbitPost(n *node, c *genCtx, m map[string]any) {
	f := g.f
	types := enumStrings(n, "type", []string{"comment"})
	typ := g.pick(types)
	if g.r.Intn(5) < 3 {
		var rich []string
		for _, t := range []string{"address", "phone", "website_uri", "business_name", "person", "email"} {
			if contains(types, t) {
				rich = append(rich, t)
			}
		}
		if len(rich) > 0 {
			typ = g.pick(rich)
		}
	}
	set(n, m, "type", typ)
	if n.prop("properties") == nil {
		return
	}
	var props map[string]any
	switch typ {
	case "address":
		props = map[string]any{"address": map[string]any{
			"address1": f.Street(), "city": f.City(), "zip": f.Zip(), "state": f.StateAbr(), "country": "US",
		}}
	case "phone":
		props = map[string]any{"phone": "+1" + g.phone()}
	case "website_uri":
		props = map[string]any{"uri": "https://" + g.host()}
	case "business_name":
		props = map[string]any{"business_name": g.accountName()}
	case "person":
		props = map[string]any{"name": f.FirstName() + " " + f.LastName(), "email": g.text(kEmail, c)}
	case "email":
		props = map[string]any{"email": g.text(kEmail, c)}
	default:
		props = map[string]any{"note": f.Sentence(5 + g.r.Intn(8))}
	}
	m["properties"] = props
}
