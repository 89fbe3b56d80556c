package conformance

import (
	"context"
	"fmt"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// enumChecks makes a check per request enum: every value the contract
// lists is accepted (with the members the named rules couple to it
// repaired) and a value outside the set is refused with 400 1003.
func (s *suite) enumChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		for _, f := range s.fields[op.Path] {
			if len(f.Enum) == 0 {
				continue
			}
			ptr := concrete(f.Pointer)
			if !s.reachable(op.Path, ptr) {
				continue
			}
			f, op := f, op.Path
			out = append(out, check{
				name: CatEnums + op + f.Pointer, category: CatEnums, needs: opNeeds(op), ops: []string{op},
				summary: fmt.Sprintf("%s %s: each of %d values accepted, another refused with 400 1003", op, ptr, len(f.Enum)),
				run:     func(ctx context.Context, p *probe) { p.enumCheck(ctx, op, f, ptr) },
			})
		}
	}
	return out
}

func (p *probe) enumCheck(ctx context.Context, op string, f spec.Field, ptr string) {
	acct := p.opAccount(op)
	for _, v := range f.Enum {
		b, _ := p.bodyAt(op, ptr, acct)
		jsonptr.Set(b, ptr, v)
		p.couple(op, b, ptr, v)
		p.wantOK(p.send(ctx, req{op: op, body: b}), fmt.Sprintf("%s = %v", ptr, v))
	}
	b, _ := p.bodyAt(op, ptr, acct)
	bad := outside(f)
	jsonptr.Set(b, ptr, bad)
	p.wantRefused(p.send(ctx, req{op: op, body: b}), fmt.Sprintf("%s = %v, outside the enum", ptr, bad), invalidValue(ptr))
}

// couple repairs the members a named rule ties to the value just set at
// ptr: country and currency go together (currency-matches-country), and a
// daily payout needs a settlement bank (settlement-check-not-daily).
func (p *probe) couple(op string, body map[string]any, ptr string, v any) {
	sites, _ := p.s.sp.RuleSites(op, spec.Request)
	for _, site := range sites {
		switch site.Rule {
		case "currency-matches-country":
			switch ptr {
			case "/country":
				if c := currencyOf(v); c != "" {
					body["currencies"] = []any{c}
				}
			case "/currencies/0":
				if c := countryOf(v); c != "" {
					body["country"] = c
				}
			}
		case "settlement-check-not-daily":
			if ptr == site.Pointer && v == "daily" {
				body["settlement_method"] = map[string]any{"settlement_bank_id": 1234567}
			}
		}
	}
}

// currencyOf and countryOf pair each country with its own currency
// (currency-matches-country: "US with USD, CA with CAD").
func currencyOf(country any) string {
	switch country {
	case "US":
		return "USD"
	case "CA":
		return "CAD"
	}
	return ""
}

func countryOf(currency any) string {
	switch currency {
	case "USD":
		return "US"
	case "CAD":
		return "CA"
	}
	return ""
}
