package conformance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// breach is one way to break a named rule at its site.
type breach struct {
	label string // tells several breaches of one rule apart; "" when alone
	what  string
	body  func(p *probe, op, ptr string, acct int64) map[string]any
}

// setAt breaks a rule by putting v at the site.
func setAt(v any) func(p *probe, op, ptr string, acct int64) map[string]any {
	return func(p *probe, op, ptr string, acct int64) map[string]any {
		b, _ := p.bodyAt(op, ptr, acct)
		jsonptr.Set(b, ptr, v)
		return b
	}
}

// nameAt breaks a rule of the account name by putting v at the site, with
// the run's mark after it (see uniqueName), which breaks no rule.
func nameAt(v string) func(p *probe, op, ptr string, acct int64) map[string]any {
	return func(p *probe, op, ptr string, acct int64) map[string]any {
		return setAt(p.s.uniqueName(v))(p, op, ptr, acct)
	}
}

// breaches says how to break each request-side named rule of the contract.
// The rules are the spec's; only the breaking values live here.
func breaches(rule string) []breach {
	switch rule {
	case "account-name-no-wepay":
		// reference: "For security reasons, the word wepay cannot be in the account name."
		return []breach{{what: `a name with "WePay" in it`, body: nameAt("Shop WePay Partners")}}
	case "account-name-printable":
		// reference: "Account names cannot contain control characters or non-printable characters, like emojis."
		return []breach{
			{label: "control", what: "a name with a control character", body: nameAt("Shop\u0007Partners")},
			{label: "emoji", what: "a name with an emoji", body: nameAt("Shop \U0001F600 Partners")},
		}
	case "callback-uri-no-port-in-production":
		return []breach{{what: "a callback_uri with a port", body: setAt("https://127.0.0.1:8443/ipn")}}
	case "redirect-uri-no-underscore-subdomain":
		return []breach{{what: "a redirect_uri host with an underscore", body: setAt("https://shop_front.localhost/done")}}
	case "currency-matches-country":
		pair := func(country, currency string) func(p *probe, op, ptr string, acct int64) map[string]any {
			return func(p *probe, op, ptr string, acct int64) map[string]any {
				b := p.body(op, acct)
				b["country"], b["currencies"] = country, []any{currency}
				return b
			}
		}
		return []breach{
			{label: "us-cad", what: "a US account in CAD", body: pair("US", "CAD")},
			{label: "ca-usd", what: "a CA account in USD", body: pair("CA", "USD")},
		}
	case "country-options-canada-only":
		return []breach{{what: "country_options on a US account", body: func(p *probe, op, ptr string, acct int64) map[string]any {
			b := p.body(op, acct)
			if op == spec.OpCreate {
				b["country"], b["currencies"] = "US", []any{"USD"}
			} // /account/modify names no country: the shared account is a US one
			jsonptr.Set(b, ptr, map[string]any{"debit_opt_in": true})
			return b
		}}}
	case "settlement-check-not-daily":
		return []breach{{what: "daily payouts by check", body: func(p *probe, op, ptr string, acct int64) map[string]any {
			b, ok := p.bodyAt(op, "/settlement_method/send_check_to_address/address1", acct)
			if !ok {
				return nil
			}
			jsonptr.Set(b, ptr, "daily")
			return b
		}}}
	}
	return nil
}

// ruleChecks makes a check per way of breaking each request-side named
// rule site: a rule at error severity must be refused with 400
// invalid_request 1003; at warning severity the target may accept, and only
// a conforming answer is required. Rules that hold in production only need
// Target.Environment production.
func (s *suite) ruleChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		sites, err := s.sp.RuleSites(op.Path, spec.Request)
		if err != nil {
			continue
		}
		for _, site := range sites {
			rule, _ := s.sp.Rule(site.Rule)
			// A breach is refused (or, for a warning, any answer will
			// do): the call's own needs do not apply.
			var needs []Need
			if rule.Environment == "production" {
				needs = append(needs, NeedProduction)
			}
			name := CatRules + op.Path + site.Pointer + ":" + rule.ID
			bs := breaches(rule.ID)
			if len(bs) == 0 {
				out = append(out, check{name: name, category: CatRules, needs: needs, ops: []string{op.Path}, summary: "no way to break " + rule.ID + " is known",
					run: func(_ context.Context, p *probe) {
						p.skipped = "the suite knows no way to break rule " + rule.ID + "; no flag enables it"
					}})
				continue
			}
			for _, b := range bs {
				n := name
				if b.label != "" {
					n += ":" + b.label
				}
				op, ptr, b := op.Path, concrete(site.Pointer), b
				summary := fmt.Sprintf("%s with %s: refused with 400 invalid_request 1003", op, b.what)
				if rule.Severity != "error" {
					summary = fmt.Sprintf("%s with %s (a warning): any answer, conforming", op, b.what)
				}
				out = append(out, check{name: n, category: CatRules, needs: needs, ops: []string{op}, summary: summary,
					run: func(ctx context.Context, p *probe) { p.ruleCheck(ctx, op, ptr, rule, b) }})
			}
		}
	}
	return out
}

func (p *probe) ruleCheck(ctx context.Context, op, ptr string, rule spec.Rule, b breach) {
	body := b.body(p, op, ptr, p.opAccount(op))
	if body == nil {
		p.skipped = "no request body of " + op + " can carry the breach"
		return
	}
	a := p.send(ctx, req{op: op, body: body})
	if rule.Severity == "error" {
		p.wantRefused(a, b.what+" ("+rule.ID+")", invalidValue(ptr))
		return
	}
	if a.err == nil && a.status != http.StatusOK {
		p.wantRefused(a, b.what+" ("+rule.ID+", a warning)", refusal{})
	}
}
