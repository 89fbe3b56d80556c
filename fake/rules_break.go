package fake

import (
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// rules adds, for each named rule n carries, the variants that break it at
// ptr. A rule the body cannot break on its own (one that compares a
// response with its request, such as delete-reports-deleted) adds nothing.
func (e *enumerator) rules(n *node, v any, ptr string) {
	for _, id := range n.rules {
		r, ok := e.c.sp.Rule(id)
		if !ok {
			continue
		}
		want := Expect{Pointer: ptr, Rule: id, Severity: r.Severity}
		if r.Environment == "production" {
			want.Env = "production"
		}
		name := id + " " + ptr
		parent := parentPtr(ptr)
		s, _ := v.(string)
		switch id {
		case "account-name-no-wepay":
			e.add(cand{name: name, want: want, apply: setTo(ptr, "My WePay shop")})
		case "account-name-printable":
			base := truncate(s, max(n.maxLen, 8)-2)
			if base == "" {
				base = "Acme"
			}
			e.add(cand{name: name + " control", want: want, apply: setTo(ptr, base+"\u0007")})
			e.add(cand{name: name + " emoji", want: want, apply: setTo(ptr, base+" \U0001F680")})
		case "callback-uri-no-port-in-production":
			if u, ok := withPort(s, "8443"); ok {
				e.add(cand{name: name, want: want, apply: setTo(ptr, u)})
			}
		case "redirect-uri-no-underscore-subdomain":
			e.add(cand{name: name, want: want, apply: setTo(ptr, "https://my_shop.example.com/done")})
		case "referrer-type-known":
			e.add(cand{name: name, want: want, apply: setTo(ptr, "partner_portal")})
		case "currency-matches-country":
			want.Pointer = ptr + "/0" // the currency that contradicts the country
			e.add(cand{name: id + " " + want.Pointer, want: want, apply: func(root any) any {
				obj, _ := mustGet(root, parent).(map[string]any)
				setCountry(obj, "CA", "USD")
				return root
			}})
		case "country-options-canada-only":
			// Only a body that names its country can break it alone: an
			// /account/modify names none (quirk modify-country-options-country).
			if obj, _ := mustGet(e.base.value, parent).(map[string]any); obj != nil && v != nil && obj["country"] != nil {
				e.add(cand{name: name, want: want, apply: func(root any) any {
					obj, _ := mustGet(root, parent).(map[string]any)
					setCountry(obj, "US", "USD")
					return root
				}})
			}
		case "country-options-us-null":
			obj, _ := v.(map[string]any)
			if co, _ := obj["country_options"].(map[string]any); obj["country"] == "US" && co != nil {
				p := ptr + "/country_options/debit_opt_in"
				want.Pointer = p
				e.add(cand{name: id + " " + p, want: want, apply: setTo(p, true)})
			}
		case "settlement-check-not-daily":
			obj, _ := mustGet(e.base.value, parent).(map[string]any)
			sm, _ := obj["settlement_method"].(map[string]any)
			if _, check := sm["send_check_to_address"]; check {
				e.add(cand{name: name, want: want, apply: setTo(ptr, "daily")})
				break
			}
			// An answer: daily payouts by check (settlement_setup's method,
			// a balance's withdrawal_type).
			kind := "withdrawal_type"
			if _, ok := obj["method"]; ok {
				kind = "method"
			}
			if _, isRequest := obj["settlement_method"]; obj != nil && !isRequest {
				e.add(cand{name: name, want: want, apply: func(root any) any {
					o, _ := mustGet(root, parent).(map[string]any)
					if o != nil {
						o[kind], o[strings.TrimPrefix(ptr, parent+"/")] = "check", "daily"
					}
					return root
				}})
			}
		case "balances-per-currency":
			obj, _ := v.(map[string]any)
			if bals, _ := obj["balances"].([]any); len(bals) > 0 {
				p := ptr + "/balances/0/currency"
				want.Pointer = p
				other := "CAD"
				if cur, _ := bals[0].(map[string]any)["currency"].(string); cur == "CAD" {
					other = "USD"
				}
				e.add(cand{name: id + " " + p, want: want, apply: setTo(p, other)})
			}
		case "find-no-deleted":
			if list, _ := v.([]any); len(list) > 0 {
				p := ptr + "/0/state"
				want.Pointer = p
				e.add(cand{name: id + " " + p, want: want, apply: setTo(p, "deleted")})
			}
		case ruleStates:
			e.stateVariants(n, v, ptr, want)
		}
	}
}

// setCountry makes an account (or a create request) claim country and
// currency everywhere it names them, so only the pair is wrong; a Canadian
// account's debit_opt_in becomes a boolean and a US one's stays as is.
func setCountry(obj map[string]any, country, currency string) {
	if obj == nil {
		return
	}
	obj["country"] = country
	obj["currencies"] = []any{currency}
	for _, k := range []string{"balances", "statuses"} {
		list, _ := obj[k].([]any)
		for _, x := range list {
			if m, ok := x.(map[string]any); ok {
				m["currency"] = currency
			}
		}
	}
	if co, ok := obj["country_options"].(map[string]any); ok && country == "CA" && co["debit_opt_in"] == nil {
		co["debit_opt_in"] = false
	}
}

// withPort puts a port after the host of an https URI.
func withPort(u, port string) (string, bool) {
	const scheme = "https://"
	if !strings.HasPrefix(u, scheme) {
		return "", false
	}
	rest := u[len(scheme):]
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	return scheme + host + ":" + port + path, true
}

func parentPtr(ptr string) string {
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		return ptr[:i]
	}
	return ""
}

// stateVariants breaks each invariant of the account's state, one at a
// time.
func (e *enumerator) stateVariants(n *node, v any, ptr string, want Expect) {
	obj, _ := v.(map[string]any)
	name, _ := obj["state"].(string)
	st, ok := e.c.states.State(name)
	if !ok {
		return
	}
	for _, inv := range st.Invariants {
		at := concrete(obj, inv.Pointer)
		if at == "" {
			continue
		}
		target := nodeAt(n, at)
		if target == nil {
			continue
		}
		bad, ok := breakInvariant(inv, target, obj)
		if !ok {
			continue
		}
		p := ptr + at
		w := want
		w.Pointer = p
		e.add(cand{name: ruleStates + " " + p + " " + name + " " + inv.ID, want: w, inv: inv.ID, apply: setTo(p, bad)})
	}
}

// breakInvariant is a value of target's type that fails inv.
func breakInvariant(inv spec.Invariant, target *node, obj map[string]any) (any, bool) {
	switch inv.Check {
	case "nonempty":
		if target.types&tArray != 0 {
			return []any{}, true
		}
	case "empty":
		if target.types&tArray != 0 && target.items != nil && len(target.items.enum) > 0 {
			return []any{target.items.enum[0]}, true
		}
	case "null":
		if target.types&tInteger != 0 {
			t, _ := obj["create_time"].(float64)
			return t + 30*day, true
		}
	case "equals":
		for _, x := range target.enum {
			if x != inv.Value {
				return x, true
			}
		}
	}
	return nil, false
}

// concrete turns an invariant pointer pattern into a pointer into obj,
// taking element 0 for "*"; "" when the member or element is absent.
func concrete(obj map[string]any, pattern string) string {
	toks := jsonptr.Split(pattern)
	var out []string
	var cur any = obj
	for _, t := range toks {
		if t == "*" {
			t = "0"
		}
		out = append(out, t)
		next, ok := jsonptr.Get(cur, "/"+jsonptr.Escape(t))
		if !ok && len(out) < len(toks) {
			return ""
		}
		cur = next
	}
	return jsonptr.Join(out)
}

// nodeAt follows a concrete pointer through the plan.
func nodeAt(n *node, ptr string) *node {
	for _, t := range jsonptr.Split(ptr) {
		if len(n.alts) == 1 {
			n = n.alts[0]
		}
		if p := n.prop(t); p != nil {
			n = p.n
		} else if n.items != nil {
			n = n.items
		} else {
			return nil
		}
	}
	return n
}
