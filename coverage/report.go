package coverage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

// FormatVersion is the version of the JSON document [Report] marshals to.
// It changes only when a key changes meaning or goes away.
const FormatVersion = 1

// Report is a run's coverage: one [Dimension] per thing counted, and the
// counts behind them in Detail. Marshalled to JSON, its top-level keys are
// exactly the nine dimensions and "detail"; see the README section
// "Coverage JSON".
type Report struct {
	Operations   Dimension `json:"operations"`   // "/account/create"
	Responses    Dimension `json:"responses"`    // "/account/create success", "/account/create error"
	ErrorCodes   Dimension `json:"error_codes"`  // "/account/delete 3003"
	Fields       Dimension `json:"fields"`       // "/account/create request /rbits", "/account/find response /*/state"
	EnumValues   Dimension `json:"enum_values"`  // `/account/create request /country="CA"`
	States       Dimension `json:"states"`       // "disabled"
	Transitions  Dimension `json:"transitions"`  // "action_required -> active"
	Rules        Dimension `json:"rules"`        // "settlement-check-not-daily"
	Environments Dimension `json:"environments"` // "production"
	Detail       Detail    `json:"detail"`
}

// Dimension is one thing counted: how many of its items were exercised,
// of how many, and the names of those that were not, in contract order.
type Dimension struct {
	Covered int      `json:"covered"`
	Total   int      `json:"total"`
	Missing []string `json:"missing"`
}

// Percent is Covered as a percentage of Total; a dimension with nothing to
// cover is 100.
func (d Dimension) Percent() float64 {
	if d.Total == 0 {
		return 100
	}
	return float64(d.Covered) * 100 / float64(d.Total)
}

// Detail holds the counts the dimensions are computed from. Every count is
// a number of exchanges (of observations, for states and accounts).
type Detail struct {
	Format       int              `json:"format"` // FormatVersion
	Spec         string           `json:"spec"`   // the contract's file name
	Exchanges    int              `json:"exchanges"`
	OtherCalls   map[string]int   `json:"other_calls"` // validated calls that are not calls of the contract
	Environments map[string]int   `json:"environments"`
	States       map[string]int   `json:"states"`
	Transitions  []TransitionSeen `json:"transitions"` // every transition of the table, then the forbidden ones seen
	Rules        []RuleSeen       `json:"rules"`
	Operations   []OperationSeen  `json:"operations"`
	// Accounts are the state observations of every account, in time
	// order, so that runs merge exactly (transitions across two runs).
	Accounts []AccountSeen `json:"accounts"`
}

// TransitionSeen is a change of state and how often it was observed.
// Allowed is false for a change the state table forbids.
type TransitionSeen struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Allowed bool   `json:"allowed"`
	Count   int    `json:"count"`
}

// RuleSeen is a named rule and the number of exchanges it applied to.
type RuleSeen struct {
	ID      string `json:"id"`
	Where   string `json:"where"`
	Applied int    `json:"applied"`
}

// OperationSeen is the detail of one call.
type OperationSeen struct {
	Operation  string         `json:"operation"`
	Calls      int            `json:"calls"`
	Statuses   map[string]int `json:"statuses"` // "200": n; "none" for no answer
	ErrorCodes []CodeSeen     `json:"error_codes"`
	Request    []FieldSeen    `json:"request"`
	Response   []FieldSeen    `json:"response"`
}

// CodeSeen is an error code and how often the call answered with it.
// Documented is false for a code outside the contract's list.
type CodeSeen struct {
	Code       int64 `json:"code"`
	Documented bool  `json:"documented"`
	Seen       int   `json:"seen"`
}

// FieldSeen is a field (a JSON pointer pattern, "*" for any array index)
// and the number of exchanges it was present in, with its enum values.
type FieldSeen struct {
	Pointer string      `json:"pointer"`
	Seen    int         `json:"seen"`
	Enum    []ValueSeen `json:"enum,omitempty"`
}

// ValueSeen is an enum value and the number of exchanges that had it.
type ValueSeen struct {
	Value any `json:"value"`
	Seen  int `json:"seen"`
}

// AccountSeen is one account's states, in the order observed.
type AccountSeen struct {
	// Recording is the recording the account was seen in (Exchange.Recording);
	// omitted when "".
	Recording   string      `json:"recording,omitempty"`
	Environment string      `json:"environment"`
	AccountID   int64       `json:"account_id"`
	Seen        []StateSeen `json:"seen"`
}

// StateSeen is one observation of an account's state. It marshals as a
// two-element array, ["2019-04-03T00:00:00Z", "active"], or with the
// account's reasons as a third element when it listed some:
// ["2019-04-03T00:00:00Z", "disabled", {"disabled_reasons": ["fraud"]}].
type StateSeen struct {
	Time  time.Time
	State string
	// Reasons are the account's action_reasons and disabled_reasons, which
	// decide whether a conditional change of state is allowed.
	Reasons spec.Reasons
}

// seenReasons is the JSON of StateSeen.Reasons.
type seenReasons struct {
	Action   []string `json:"action_reasons,omitempty"`
	Disabled []string `json:"disabled_reasons,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (s StateSeen) MarshalJSON() ([]byte, error) {
	t := s.Time.UTC().Format(time.RFC3339Nano)
	if len(s.Reasons.Action) == 0 && len(s.Reasons.Disabled) == 0 {
		return json.Marshal([2]string{t, s.State})
	}
	return json.Marshal([3]any{t, s.State, seenReasons{Action: s.Reasons.Action, Disabled: s.Reasons.Disabled}})
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *StateSeen) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) != 2 && len(a) != 3 {
		return &json.UnmarshalTypeError{Value: "array of " + strconv.Itoa(len(a)), Type: reflect.TypeFor[StateSeen]()}
	}
	var ts string
	if err := json.Unmarshal(a[0], &ts); err != nil {
		return err
	}
	if err := json.Unmarshal(a[1], &s.State); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return err
	}
	s.Time, s.Reasons = t, spec.Reasons{}
	if len(a) == 3 {
		var r seenReasons
		dec := json.NewDecoder(bytes.NewReader(a[2]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return err
		}
		s.Reasons = spec.Reasons{Action: r.Action, Disabled: r.Disabled}
	}
	return nil
}

// Dimensions lists the dimensions in report order, with their JSON names.
func (r *Report) Dimensions() []NamedDimension {
	return []NamedDimension{
		{"operations", r.Operations}, {"responses", r.Responses}, {"error_codes", r.ErrorCodes},
		{"fields", r.Fields}, {"enum_values", r.EnumValues}, {"states", r.States},
		{"transitions", r.Transitions}, {"rules", r.Rules}, {"environments", r.Environments},
	}
}

// NamedDimension is a dimension with its JSON name.
type NamedDimension struct {
	Name string
	Dimension
}

// DimensionNames lists the dimensions' JSON names, in report order.
func DimensionNames() []string {
	return []string{"operations", "responses", "error_codes", "fields", "enum_values", "states", "transitions", "rules", "environments"}
}

// Report returns the coverage so far. The collector may go on observing.
func (c *Collector) Report() *Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.plan
	r := &Report{}
	d := &r.Detail
	d.Format, d.Spec, d.Exchanges = FormatVersion, p.spec.Name(), c.exchanges
	d.OtherCalls = copyMap(c.other)
	d.Environments = copyMap(c.envs)
	d.States = map[string]int{}
	for i, n := range c.states {
		if n > 0 {
			d.States[p.states[i]] = n
		}
	}
	dims := map[string]*Dimension{}
	for _, nd := range []struct {
		n string
		d *Dimension
	}{{"operations", &r.Operations}, {"responses", &r.Responses}, {"error_codes", &r.ErrorCodes}, {"fields", &r.Fields},
		{"enum_values", &r.EnumValues}, {"states", &r.States}, {"transitions", &r.Transitions}, {"rules", &r.Rules}, {"environments", &r.Environments}} {
		nd.d.Missing = []string{}
		dims[nd.n] = nd.d
	}
	count := func(dim string, ok bool, name string) {
		dd := dims[dim]
		dd.Total++
		if ok {
			dd.Covered++
		} else {
			dd.Missing = append(dd.Missing, name)
		}
	}
	for i, op := range p.ops {
		oc := c.ops[i]
		count("operations", oc.calls > 0, op.path)
		succ, fail := 0, 0
		od := OperationSeen{Operation: op.path, Calls: oc.calls, Statuses: map[string]int{}, ErrorCodes: []CodeSeen{}, Request: []FieldSeen{}, Response: []FieldSeen{}}
		for st, n := range oc.statuses {
			od.Statuses[statusKey(st)] = n
			switch {
			case st == 200:
				succ += n
			case st >= 400 && st <= 599:
				fail += n
			}
		}
		count("responses", succ > 0, op.path+" success")
		count("responses", fail > 0, op.path+" error")
		for _, code := range op.codes {
			n := oc.codes[code]
			count("error_codes", n > 0, op.path+" "+strconv.FormatInt(code, 10))
			od.ErrorCodes = append(od.ErrorCodes, CodeSeen{Code: code, Documented: true, Seen: n})
		}
		var extra []CodeSeen
		for code, n := range oc.codes {
			if _, ok := op.codeIdx[code]; !ok {
				extra = append(extra, CodeSeen{Code: code, Seen: n})
			}
		}
		sort.Slice(extra, func(a, b int) bool { return extra[a].Code < extra[b].Code })
		od.ErrorCodes = append(od.ErrorCodes, extra...)
		for si, dst := range []*[]FieldSeen{&od.Request, &od.Response} {
			sp := op.sides[si]
			side := string(sides[si])
			for fi, f := range sp.fields {
				n := oc.marks[sp.fieldOff+fi]
				count("fields", n > 0, op.path+" "+side+" "+f.Pointer)
				fs := FieldSeen{Pointer: f.Pointer, Seen: n}
				if sp.enumBase[fi] >= 0 {
					for s := sp.enumBase[fi]; s < len(sp.enumField) && sp.enumField[s] == fi; s++ {
						vn := oc.marks[sp.enumOff+s]
						count("enum_values", vn > 0, op.path+" "+side+" "+f.Pointer+"="+valueText(sp.enumValue[s]))
						fs.Enum = append(fs.Enum, ValueSeen{Value: sp.enumValue[s], Seen: vn})
					}
				}
				*dst = append(*dst, fs)
			}
		}
		d.Operations = append(d.Operations, od)
	}
	for i, st := range p.states {
		count("states", c.states[i] > 0, st)
	}
	seen, refused := c.transitions()
	for _, tr := range p.table.Transitions {
		k := [2]string{tr.From, tr.To}
		n := seen[k]
		delete(seen, k)
		count("transitions", n > 0, tr.From+" -> "+tr.To)
		d.Transitions = append(d.Transitions, TransitionSeen{From: tr.From, To: tr.To, Allowed: true, Count: n})
	}
	var forbidden []TransitionSeen
	for k, n := range seen { // a permitted change the table lists no edge for
		refused[k] += n
	}
	for k, n := range refused {
		forbidden = append(forbidden, TransitionSeen{From: k[0], To: k[1], Count: n})
	}
	sort.Slice(forbidden, func(a, b int) bool {
		if forbidden[a].From != forbidden[b].From {
			return forbidden[a].From < forbidden[b].From
		}
		return forbidden[a].To < forbidden[b].To
	})
	d.Transitions = append(d.Transitions, forbidden...)
	for i, rule := range p.rules {
		count("rules", c.rules[i] > 0, rule.ID)
		d.Rules = append(d.Rules, RuleSeen{ID: rule.ID, Where: rule.Where, Applied: c.rules[i]})
	}
	for _, env := range Environments() {
		count("environments", c.envs[env] > 0, env)
	}
	d.Accounts = c.accountList()
	return r
}

func statusKey(st int) string {
	if st == 0 {
		return "none"
	}
	return strconv.Itoa(st)
}

func copyMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// sortedKeys orders the accounts by recording, environment, then id.
func (c *Collector) sortedKeys() []accountKey {
	keys := make([]accountKey, 0, len(c.accounts))
	for k := range c.accounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].rec != keys[b].rec {
			return keys[a].rec < keys[b].rec
		}
		if keys[a].env != keys[b].env {
			return keys[a].env < keys[b].env
		}
		return keys[a].id < keys[b].id
	})
	return keys
}

// timeline returns an account's observations in time order (ties: Order,
// then arrival). It sorts in place: the order never changes what is kept.
func (c *Collector) timeline(k accountKey) []point {
	pts := c.accounts[k]
	sort.SliceStable(pts, func(a, b int) bool {
		x, y := pts[a], pts[b]
		if !x.t.Equal(y.t) {
			return x.t.Before(y.t)
		}
		if x.order != y.order {
			return x.order < y.order
		}
		return x.arrival < y.arrival
	})
	return pts
}

// transitions counts the changes of state of every account.
// transitions counts the state changes of the accounts seen, apart by
// whether the state table permits each with the reasons the account listed
// before the move.
func (c *Collector) transitions() (allowed, forbidden map[[2]string]int) {
	allowed, forbidden = map[[2]string]int{}, map[[2]string]int{}
	for _, k := range c.sortedKeys() {
		pts := c.timeline(k)
		for i := 1; i < len(pts); i++ {
			if pts[i].state == pts[i-1].state {
				continue
			}
			from, to := c.plan.states[pts[i-1].state], c.plan.states[pts[i].state]
			if c.plan.table.Permit(from, to, pts[i-1].reasons) == nil {
				allowed[[2]string{from, to}]++
			} else {
				forbidden[[2]string{from, to}]++
			}
		}
	}
	return allowed, forbidden
}

func (c *Collector) accountList() []AccountSeen {
	out := []AccountSeen{}
	for _, k := range c.sortedKeys() {
		a := AccountSeen{Recording: k.rec, Environment: k.env, AccountID: k.id}
		for _, pt := range c.timeline(k) {
			a.Seen = append(a.Seen, StateSeen{Time: pt.t, State: c.plan.states[pt.state], Reasons: pt.reasons})
		}
		out = append(out, a)
	}
	return out
}

// String summarises the report in one line per dimension.
func (d Dimension) String() string {
	return fmt.Sprintf("%d/%d (%.1f%%)", d.Covered, d.Total, d.Percent())
}
