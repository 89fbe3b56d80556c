package fake

import (
	"math"
	"strconv"

	"github.com/wepaykit/wepaykit/schema"
)

// Option configures a [Generator].
type Option func(*settings)

type settings struct {
	rate      float64 // probability of including an optional member
	check     *schema.Set
	badOption *OptionError
}

// DefaultOptionalRate is the probability that a body includes an optional
// member when no [WithOptionalRate] is given.
const DefaultOptionalRate = 0.6

// WithOptionalRate sets the probability (0 to 1) that an optional member is
// included. Required members are always included. [New] and [NewWithSpec]
// refuse a rate outside [0, 1] with an *OptionError; [Contract.Generator]
// clamps it.
func WithOptionalRate(p float64) Option {
	return func(s *settings) {
		if math.IsNaN(p) || p < 0 || p > 1 {
			s.badOption = &OptionError{Option: "WithOptionalRate", Value: strconv.FormatFloat(p, 'g', -1, 64), Reason: "must be between 0 and 1"}
			p = math.Max(0, math.Min(1, p))
			if math.IsNaN(p) {
				p = DefaultOptionalRate
			}
		}
		s.rate = p
	}
}

// WithSelfCheck makes the generator validate every valid body it makes
// against set (a body that fails is a bug, reported as a *SelfCheckError).
// nil turns the check off. [New] turns it on with the embedded schemas.
func WithSelfCheck(set *schema.Set) Option {
	return func(s *settings) { s.check = set }
}

// BodyOption shapes one body. Options that do not apply to a body (a state
// for a request, a country for /account/delete) are ignored.
type BodyOption func(*bodyOpts)

type bodyOpts struct {
	state, country, typ string
	balance             float64
	hasBalance          bool
	full                bool // include every optional member, non-null
	requiredOnly        bool
	branch              int // oneOf branch in full mode
}

// WithState makes every account in the body be in state s, one of the
// states of the spec's state table (action_required, pending, active,
// disabled, deleted). /account/find never lists deleted accounts, so a
// deleted state there is an *OptionError.
func WithState(s string) BodyOption {
	return func(o *bodyOpts) { o.state = s }
}

// WithCountry makes every account in the body be in country c ("US" or
// "CA"), with the country's currency (USD or CAD).
func WithCountry(c string) BodyOption {
	return func(o *bodyOpts) { o.country = c }
}

// WithType makes every account in the body be of type t (nonprofit,
// business or personal).
func WithType(t string) BodyOption {
	return func(o *bodyOpts) { o.typ = t }
}

// WithBalance sets the available balance of every account in the body. A
// deleted account has no balance, so WithBalance with a non-zero amount and
// WithState("deleted") is an *OptionError.
func WithBalance(amount float64) BodyOption {
	return func(o *bodyOpts) { o.balance, o.hasBalance = amount, true }
}

// WithAllFields includes every optional member, with a non-null value where
// the contract allows one, and at least one element in every array the
// semantics do not force empty.
func WithAllFields() BodyOption {
	return func(o *bodyOpts) { o.full, o.requiredOnly = true, false }
}

// WithRequiredOnly leaves out every optional member the semantics do not
// need (an account's state fields are always present).
func WithRequiredOnly() BodyOption {
	return func(o *bodyOpts) { o.requiredOnly, o.full = true, false }
}

// withBranch picks oneOf branch i (modulo the number of branches) in full
// mode; Invalid uses it to reach every branch.
func withBranch(i int) BodyOption {
	return func(o *bodyOpts) { o.branch = i }
}

// check validates the options against the contract and the body's plan.
func (o *bodyOpts) check(c *Contract, root *node) error {
	if o.state != "" && !contains(c.allStates, o.state) {
		return &OptionError{Option: "WithState", Value: o.state, Reason: "not a state of the state table"}
	}
	if o.state != "" && contains(root.rules, "find-no-deleted") && !contains(c.liveStates, o.state) {
		return &OptionError{Option: "WithState", Value: o.state, Reason: "/account/find never lists an account in a terminal state (find-no-deleted)"}
	}
	if o.country != "" && currencyOf(o.country) == "" {
		return &OptionError{Option: "WithCountry", Value: o.country, Reason: "want US or CA"}
	}
	if o.typ != "" && o.typ != "nonprofit" && o.typ != "business" && o.typ != "personal" {
		return &OptionError{Option: "WithType", Value: o.typ, Reason: "want nonprofit, business or personal"}
	}
	if o.hasBalance {
		v := strconv.FormatFloat(o.balance, 'g', -1, 64)
		if math.IsNaN(o.balance) || math.IsInf(o.balance, 0) {
			return &OptionError{Option: "WithBalance", Value: v, Reason: "not a finite number"}
		}
		if o.balance != 0 && o.state == "deleted" {
			return &OptionError{Option: "WithBalance", Value: v, Reason: "a deleted account has no balance"}
		}
	}
	return nil
}

// currencyOf is the currency an account in a country must use
// (currency-matches-country).
func currencyOf(country string) string {
	switch country {
	case "US":
		return "USD"
	case "CA":
		return "CAD"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
