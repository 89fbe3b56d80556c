package conformance

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// The country and currency of every account the checks create: the
// contract's defaults (currency-matches-country: "absent values take their
// defaults (US, USD)").
const (
	homeCountry  = "US"
	homeCurrency = "USD"
)

// makeBases makes one safe, valid request body per call from the fake
// generator (every optional member set), and for members under a oneOf
// branch the body lacks (a check address instead of a settlement bank), a
// second body from the generator's single-defect variants, repaired.
func (s *suite) makeBases(c *fake.Contract, seed int64) error {
	for _, op := range s.sp.Operations() {
		fields, err := s.sp.Fields(op.Path, spec.Request)
		if err != nil {
			return err
		}
		s.fields[op.Path] = fields
		p, err := c.Generator(seed).Body(op.Path, spec.Request, fake.WithAllFields())
		if err != nil {
			return err
		}
		base := p.Value
		s.makeSafe(op.Path, base)
		s.bases[op.Path] = base
		var variants []fake.Variant
		for _, f := range fields {
			pp, _ := parent(concrete(f.Pointer))
			if _, ok := jsonptr.Get(base, pp); ok || s.alts[op.Path+" "+pp] != nil {
				continue
			}
			if variants == nil {
				if variants, err = c.Generator(seed).Invalid(op.Path, spec.Request); err != nil {
					return err
				}
			}
			if alt := s.altBody(op.Path, pp, variants); alt != nil {
				s.alts[op.Path+" "+pp] = alt
			}
		}
	}
	return nil
}

// altBody finds a variant with a too-long string under parent pp, shortens
// the string back to its limit and makes the body safe.
func (s *suite) altBody(op, pp string, variants []fake.Variant) any {
	sort.Slice(variants, func(i, j int) bool { return variants[i].Name < variants[j].Name })
	for _, v := range variants {
		if v.Want.Rule != "schema.maxLength" || !strings.HasPrefix(v.Want.Pointer, pp+"/") {
			continue
		}
		f, ok := s.field(op, v.Want.Pointer)
		long, _ := jsonptr.Get(v.Payload.Value, v.Want.Pointer)
		str, isStr := long.(string)
		if !ok || !isStr || f.MaxLength == nil {
			continue
		}
		body := jsonptr.Clone(v.Payload.Value)
		jsonptr.Set(body, v.Want.Pointer, truncate(str, int(*f.MaxLength)))
		s.makeSafe(op, body)
		return body
	}
	return nil
}

// reachable reports whether some body of the call has the parent of the
// member at a concrete pointer, so that a check can set or remove it.
func (s *suite) reachable(op, ptr string) bool {
	pp, _ := parent(ptr)
	_, ok := jsonptr.Get(s.bases[op], pp)
	return ok || s.alts[op+" "+pp] != nil
}

// field finds a request field of a call by concrete pointer.
func (s *suite) field(op, ptr string) (spec.Field, bool) {
	for _, f := range s.fields[op] {
		if concrete(f.Pointer) == ptr {
			return f, true
		}
	}
	return spec.Field{}, false
}

// makeSafe keeps a generated body from reaching beyond this machine and
// keeps the couplings of the named rules valid:
//   - callback_uri is removed (a target would deliver IPNs there; the
//     checks of callback_uri itself set loopback URLs); every other URL
//     moves to 127.0.0.1, e-mail addresses and domains to localhost;
//   - currency-matches-country: country US with currencies [USD];
//   - country-options-canada-only: no country_options on a US account;
//   - settlement-check-not-daily: a check address is paid out weekly;
//   - a request currency (get_reserve_details) is the account's, USD.
func (s *suite) makeSafe(op string, body any) {
	scrub(body, "")
	for _, f := range s.fields[op] {
		if strings.HasSuffix(f.Pointer, "/callback_uri") {
			jsonptr.Delete(body, concrete(f.Pointer))
		}
	}
	sites, _ := s.sp.RuleSites(op, spec.Request)
	for _, site := range sites {
		pp, _ := parent(site.Pointer)
		obj, _ := jsonptr.Get(body, concrete(pp))
		m, _ := obj.(map[string]any)
		if m == nil {
			continue
		}
		switch site.Rule {
		case "currency-matches-country":
			m["country"], m["currencies"] = homeCountry, []any{homeCurrency}
		case "country-options-canada-only":
			delete(m, "country_options")
		case "settlement-check-not-daily":
			sm, _ := m["settlement_method"].(map[string]any)
			if _, check := sm["send_check_to_address"]; check && m["frequency"] == "daily" {
				m["frequency"] = "weekly"
			}
		}
	}
	if m, ok := body.(map[string]any); ok {
		if _, ok := m["currency"].(string); ok {
			m["currency"] = homeCurrency
		}
	}
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
