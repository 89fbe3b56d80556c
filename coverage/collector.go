// Package coverage measures what validated traffic exercised of the
// /account contract: the calls made, the answers and error codes seen, the
// request arguments and response fields present (with their enum values),
// the account states and state transitions observed, the named rules that
// had a chance to apply, and the environments.
//
// A [Collector] is fed one [Exchange] per validated exchange, by the
// validator (validate.WithCoverage: its Transport and Middleware, and so
// audit and the wepaytest servers) or by hand. It needs no validator: the
// totals are read from the spec. [Collector.Report] returns a [Report], the
// stable JSON document that [Write], [Read] and [Merge] work with; package
// report renders it as text, JSON or HTML.
//
// What counts as covered:
//   - an operation: at least one exchange of the call was validated;
//   - a response: a 200 ("success") or a 4xx/5xx ("error") answer was seen;
//   - an error code: the call answered with it. The contract does not say
//     which codes each call returns (no public table maps them), so each
//     call can return every documented code: error_code's examples;
//   - a field: present with a non-null value in a request (arguments) or a
//     200 answer (response fields), arrays' items included ("/rbits/*/type");
//   - an enum value: a field of the call had that value;
//   - a state: an account in a 200 answer was in it;
//   - a transition: an account (same recording, environment and account_id) was next
//     seen, in time order, in another state, and the state table allows
//     that change; changes the table forbids are listed apart, never
//     covered;
//   - a rule: it applied to at least one exchange (see [Exchange] and the
//     README section "Contract coverage");
//   - an environment: an exchange was validated in it.
package coverage

import (
	"math/bits"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
)

// The environments a run can cover.
const (
	EnvStage      = "stage"
	EnvProduction = "production"
)

// Environments lists the environments counted, in report order.
func Environments() []string { return []string{EnvStage, EnvProduction} }

// Exchange is what the collector learns of one validated exchange. Bodies
// are decoded JSON (as encoding/json decodes into any, json.Number or
// float64 numbers); the collector only reads them and keeps none.
//
// A named rule applied to an exchange when it had a chance to fire:
//   - a field rule: the value it governs is present and not null in the
//     body it belongs to (a request, a 200 answer, or the error body);
//   - an object or exchange rule: the object it reads is present (for
//     the rules on a whole answer: a 200 answer with a body);
//   - a transport rule: route-unknown, method-not-post,
//     auth-bearer-required and token-in-parameter read every request;
//     api-version-format applies when Api-Version was sent,
//     content-type-json when a request or answer had a body,
//     user-agent-required when the request's headers were seen, and
//     error-body-on-failure to 4xx/5xx answers. A transport rule of a
//     partner's spec that is not one of these applies to every exchange;
//   - a rule of environment production applies only to production
//     exchanges.
type Exchange struct {
	Operation   string // the call path, for example spec.OpCreate; other paths count as calls outside the contract
	Environment string // EnvStage or EnvProduction
	Status      int    // the answer's HTTP status; 0 when no answer was seen
	Request     any    // the decoded request body; nil when there was none
	Response    any    // the decoded answer (a 200 body or an error body); nil when there was none
	// APIVersion says whether the request sent an Api-Version header;
	// RequestBody and ResponseBody whether a body (not only white space)
	// was sent each way.
	APIVersion, RequestBody, ResponseBody bool
	// RequestHeaders says whether the request's headers were seen (at
	// least one): user-agent-required reads only such requests.
	RequestHeaders bool
	// Time and Order place the exchange among others for the state
	// transitions: accounts are followed in Time order, ties broken by
	// Order, then by arrival. A zero Time with a zero Order is arrival order.
	Time  time.Time
	Order int64
	// Recording names the recording (a file, a fake server) the exchange
	// belongs to: accounts are followed within one recording, so the same
	// account_id in two (two fake servers that hand out the same ids, two
	// unrelated files) is two accounts. "" is one recording like any other.
	Recording string
}

// Option configures a [Collector].
type Option func(*config) error

type config struct{ spec *spec.Spec }

// WithSpec counts against a user's copy of the contract instead of the
// embedded one.
func WithSpec(s *spec.Spec) Option {
	return func(c *config) error {
		if s == nil {
			return &OptionError{Option: "spec", Msg: "nil spec"}
		}
		c.spec = s
		return nil
	}
}

// Collector gathers observations. It is safe for concurrent use; share one
// across a test binary (see the package example) or a whole audit run.
// The zero value is not usable; a nil *Collector ignores observations.
type Collector struct {
	plan *plan

	mu        sync.Mutex
	exchanges int
	ops       []*opCount // parallel to plan.ops
	other     map[string]int
	envs      map[string]int
	states    []int // per plan.states
	rules     []int // per plan.rules: exchanges the rule applied to
	accounts  map[accountKey][]point
	arrival   int64
}

type opCount struct {
	calls    int
	statuses map[int]int
	codes    map[int64]int
	marks    []int // per bit of the op's marks: exchanges that had it
}

type accountKey struct {
	rec string
	env string
	id  int64
}

type point struct {
	t              time.Time
	order, arrival int64
	state          int
	// reasons are the account's action_reasons and disabled_reasons in
	// the answer: a conditional edge of the state table reads them (an
	// account disabled for high_risk_chargeback is never reinstated).
	reasons spec.Reasons
}

// maxOther bounds the distinct calls outside the contract that are named;
// the rest are counted under otherCalls.
const (
	maxOther   = 256
	otherCalls = "(other)"
)

// New returns an empty collector for the embedded contract, or the one
// [WithSpec] gives.
func New(opts ...Option) (*Collector, error) {
	var cfg config
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.spec == nil {
		s, err := spec.Load()
		if err != nil {
			return nil, err
		}
		cfg.spec = s
	}
	p, err := newPlan(cfg.spec)
	if err != nil {
		return nil, err
	}
	c := &Collector{plan: p, other: map[string]int{}, envs: map[string]int{},
		states: make([]int, len(p.states)), rules: make([]int, len(p.rules)), accounts: map[accountKey][]point{}}
	for _, op := range p.ops {
		c.ops = append(c.ops, &opCount{statuses: map[int]int{}, codes: map[int64]int{}, marks: make([]int, op.words*64)})
	}
	return c, nil
}

// Spec returns the contract the collector counts against.
func (c *Collector) Spec() *spec.Spec { return c.plan.spec }

// Observe records one validated exchange. The bodies are read during the
// call and not kept.
func (c *Collector) Observe(ex Exchange) {
	if c == nil {
		return
	}
	p := c.plan
	opi := -1
	var marks []uint64
	var ruleBuf [2]uint64
	ruleMarks := ruleBuf[:]
	if n := (len(p.rules) + 63) / 64; n > len(ruleBuf) {
		ruleMarks = make([]uint64, n)
	}
	var states []obsState
	for i, op := range p.ops {
		if op.path == ex.Operation {
			opi = i
			break
		}
	}
	if opi >= 0 {
		op := p.ops[opi]
		var markBuf [16]uint64
		if op.words <= len(markBuf) {
			marks = markBuf[:op.words]
		} else {
			marks = make([]uint64, op.words)
		}
		if ex.Request != nil {
			walkBody(op.sides[sideReq], ex.Request, marks, ruleMarks)
		}
		switch {
		case ex.Response == nil:
		case ex.Status == 200:
			walkBody(op.sides[sideResp], ex.Response, marks, ruleMarks)
			states = statesIn(ex.Response, p.stateIdx)
		case ex.Status >= 400 && ex.Status <= 599:
			walkBody(op.sides[sideErr], ex.Response, marks, ruleMarks)
		}
	}
	for _, i := range p.transport {
		if transportApplies(p.rules[i].ID, ex) {
			ruleMarks[i/64] |= 1 << (i % 64)
		}
	}
	var code int64
	hasCode := false
	if ex.Status >= 400 && ex.Status <= 599 {
		if m, ok := ex.Response.(map[string]any); ok {
			code, hasCode = asInt(m["error_code"])
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.exchanges++
	c.envs[ex.Environment]++
	if opi >= 0 {
		oc := c.ops[opi]
		oc.calls++
		oc.statuses[ex.Status]++
		if hasCode {
			oc.codes[code]++
		}
		for wi, w := range marks {
			for w != 0 {
				oc.marks[wi*64+bits.TrailingZeros64(w)]++
				w &= w - 1
			}
		}
	} else {
		c.addOther(ex.Operation, 1)
	}
	for wi, w := range ruleMarks {
		for w != 0 {
			i := wi*64 + bits.TrailingZeros64(w)
			w &= w - 1
			if p.rules[i].Environment == EnvProduction && ex.Environment != EnvProduction {
				continue
			}
			c.rules[i]++
		}
	}
	for _, s := range states {
		c.states[s.state]++
		c.arrival++
		k := accountKey{rec: ex.Recording, env: ex.Environment, id: s.id}
		c.accounts[k] = append(c.accounts[k], point{t: ex.Time, order: ex.Order, arrival: c.arrival, state: s.state, reasons: s.reasons})
	}
}

func (c *Collector) addOther(op string, n int) {
	// The key is written as is by every report (JSON included) and by
	// merged files: its secrets (a ";access_token=" path parameter, a
	// token in a path segment) are masked before it is cut.
	pol := redact.Default()
	op = pol.Path(pol.Message(op))
	if len(op) > 100 {
		op = op[:100] + "..."
	}
	if _, ok := c.other[op]; !ok && len(c.other) >= maxOther {
		op = otherCalls
	}
	c.other[op] += n
}

// transportApplies says whether a transport rule read the exchange.
func transportApplies(id string, ex Exchange) bool {
	switch id {
	case "api-version-format":
		return ex.APIVersion
	case "content-type-json":
		return ex.RequestBody || ex.ResponseBody
	case "user-agent-required":
		return ex.RequestHeaders
	case "error-body-on-failure":
		return ex.Status >= 400 && ex.Status <= 599
	}
	return true
}

// walkBody marks the fields, enum values and rule sites present in a body.
func walkBody(sp *sidePlan, v any, marks, rules []uint64) {
	if v == nil {
		return
	}
	for _, r := range sp.rootRules {
		rules[r/64] |= 1 << (r % 64)
	}
	walk(sp, sp.root, v, marks, rules)
}

func walk(sp *sidePlan, n *node, v any, marks, rules []uint64) {
	if v == nil {
		return // null: not present
	}
	if n.field >= 0 {
		b := sp.fieldOff + n.field
		marks[b/64] |= 1 << (b % 64)
		if n.enum != nil {
			slot, ok := -1, false
			if str, isStr := v.(string); isStr {
				slot, ok = n.enumStr[str] // no key to build: the common case
			} else if k, known := enumKey(v); known {
				slot, ok = n.enum[k]
			}
			if ok {
				b := sp.enumOff + slot
				marks[b/64] |= 1 << (b % 64)
			}
		}
	}
	for _, r := range n.rules {
		rules[r/64] |= 1 << (r % 64)
	}
	switch x := v.(type) {
	case map[string]any:
		if n.children == nil {
			return
		}
		for k, cv := range x {
			if cn := n.children[k]; cn != nil {
				walk(sp, cn, cv, marks, rules)
			}
		}
	case []any:
		if n.items == nil {
			return
		}
		for _, e := range x {
			walk(sp, n.items, e, marks, rules)
		}
	}
}

type obsState struct {
	id      int64
	state   int
	reasons spec.Reasons
}

// statesIn finds the accounts of a 200 answer: the body itself, or the
// items of an array body (a find), each an object with account_id and a
// state of the table.
func statesIn(v any, idx map[string]int) []obsState {
	var out []obsState
	one := func(v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		id, ok := asInt(m["account_id"])
		st, ok2 := m["state"].(string)
		if !ok || !ok2 {
			return
		}
		if i, known := idx[st]; known {
			out = append(out, obsState{id: id, state: i, reasons: spec.Reasons{Action: strs(m["action_reasons"]), Disabled: strs(m["disabled_reasons"])}})
		}
	}
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			one(e)
		}
		return out
	}
	one(v)
	return out
}

// strs returns the strings of a JSON array (nil for anything else).
func strs(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
