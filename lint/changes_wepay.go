package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/spec"
)

// wepayChanges compares what oasdiff cannot know: the named rules (their
// definitions and where fields apply them), the account state machine and
// the quirks. The extensions are read leniently, so a version whose state
// table is inconsistent (which lint reports on its own) is still compared.
func wepayChanges(b, n *version) []Change {
	w := &wepayDiff{b: b, n: n}
	w.ruleDefinitions()
	w.fieldExtensions()
	w.states()
	w.quirks()
	return w.out
}

type wepayDiff struct {
	b, n *version
	out  []Change
}

// add records a change; at is the place in each document (nil where the
// thing does not exist).
func (w *wepayDiff) add(check, op, side, cite string, bAt, nAt path, format string, args ...any) {
	c := Change{Check: check, Level: wepaykitLevel(check), Operation: op, Side: side, Cite: cite, Message: fmt.Sprintf(format, args...)}
	if bAt == nil && nAt != nil {
		bAt = counterpart(w.b.loc, nAt)
	}
	if nAt == nil && bAt != nil {
		nAt = counterpart(w.n.loc, bAt)
	}
	if bAt != nil {
		bAt = w.b.loc.deepest(bAt)
		c.Base = &Location{File: w.b.name, Where: bAt.String(), Line: w.b.loc.line(bAt)}
	}
	if nAt != nil {
		nAt = w.n.loc.deepest(nAt)
		c.New = &Location{File: w.n.name, Where: nAt.String(), Line: w.n.loc.line(nAt)}
	}
	w.out = append(w.out, c)
}

// decodeNode decodes the YAML at p into v through JSON, as spec does with
// the kin-openapi extensions; false when there is nothing there or it does
// not decode.
func decodeNode(l *locator, p path, v any) bool {
	nd := l.node(p)
	if nd == nil {
		return false
	}
	var raw any
	if err := nd.Decode(&raw); err != nil {
		return false
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

func cites(cs []spec.Cite) string {
	var out []string
	for _, c := range cs {
		if c.Text != "" {
			out = append(out, c.Text)
		}
	}
	return strings.Join(out, " / ")
}

// ---- rule definitions ----

func readRules(v *version) ([]spec.Rule, map[string]int) {
	var rs []spec.Rule
	decodeNode(v.loc, path{spec.ExtRules}, &rs)
	idx := map[string]int{}
	for i, r := range rs {
		if _, dup := idx[r.ID]; !dup && r.ID != "" {
			idx[r.ID] = i
		}
	}
	return rs, idx
}

func envOf(r spec.Rule) string {
	if r.Environment == "" {
		return "all"
	}
	return r.Environment
}

func (w *wepayDiff) ruleDefinitions() {
	br, bi := readRules(w.b)
	nr, ni := readRules(w.n)
	at := func(i int, field ...any) path { return path{spec.ExtRules}.at(i).at(field...) }
	for _, o := range br {
		j, ok := ni[o.ID]
		if !ok {
			w.add(CheckRuleUndefined, "", "", cites(o.Cite), at(bi[o.ID]), nil, "rule %s is no longer defined (%s)", o.ID, o.Summary)
			continue
		}
		nw := nr[j]
		i := bi[o.ID]
		switch {
		case o.Severity == "warning" && nw.Severity == "error":
			w.add(CheckRuleSeverityRaised, "", "", cites(nw.Cite), at(i, "severity"), at(j, "severity"), "rule %s: severity raised from warning to error", o.ID)
		case o.Severity == "error" && nw.Severity == "warning":
			w.add(CheckRuleSeverityLowered, "", "", cites(nw.Cite), at(i, "severity"), at(j, "severity"), "rule %s: severity lowered from error to warning", o.ID)
		case o.Severity != nw.Severity:
			w.add(CheckRuleSeverityRaised, "", "", cites(nw.Cite), at(i, "severity"), at(j, "severity"), "rule %s: severity %q, was %q", o.ID, nw.Severity, o.Severity)
		}
		switch oe, ne := envOf(o), envOf(nw); {
		case oe == ne:
		case oe == "production" && ne == "all":
			w.add(CheckRuleEnvWidened, "", "", cites(nw.Cite), at(i, "environment"), at(j, "environment"), "rule %s now applies in every environment, was production only", o.ID)
		case oe == "all" && ne == "production":
			w.add(CheckRuleEnvNarrowed, "", "", cites(nw.Cite), at(i, "environment"), at(j, "environment"), "rule %s now applies in production only, was every environment", o.ID)
		default:
			w.add(CheckRuleEnvNarrowed, "", "", cites(nw.Cite), at(i, "environment"), at(j, "environment"), "rule %s: environment %q, was %q", o.ID, ne, oe)
		}
		if o.Where != nw.Where {
			w.add(CheckRuleWhereChanged, "", "", cites(nw.Cite), at(i, "where"), at(j, "where"), "rule %s now reads the %s, was the %s", o.ID, nw.Where, o.Where)
		}
		if o.Summary != nw.Summary {
			w.add(CheckRuleTextChanged, "", "", cites(nw.Cite), at(i, "summary"), at(j, "summary"), "rule %s: summary now %q, was %q", o.ID, nw.Summary, o.Summary)
		}
		if oc, nc := cites(o.Cite), cites(nw.Cite); oc != nc {
			w.add(CheckRuleTextChanged, "", "", nc, at(i, "cite"), at(j, "cite"), "rule %s now cites %q, was %q", o.ID, nc, oc)
		}
	}
	for _, r := range nr {
		if _, ok := bi[r.ID]; !ok && r.ID != "" {
			w.add(CheckRuleDefined, "", "", cites(r.Cite), nil, at(ni[r.ID]), "new rule %s (%s, %s): %s", r.ID, r.Severity, envOf(r), r.Summary)
		}
	}
}

// ---- rules and quirks named by schemas ----

// schemaMarks are the rule ids and the quirk a schema names, by its dotted
// place in the document.
type schemaMark struct {
	at       path
	rules    []string
	quirk    string
	examples []string // the examples (and example), as JSON
}

func marks(v *version) map[string]schemaMark {
	out := map[string]schemaMark{}
	if v.doc.Components == nil {
		return out
	}
	names := make([]string, 0, len(v.doc.Components.Schemas))
	for k := range v.doc.Components.Schemas {
		names = append(names, k)
	}
	sort.Strings(names)
	seen := map[*openapi3.Schema]bool{}
	for _, k := range names {
		walkSchemas(v.doc.Components.Schemas[k], path{"components", "schemas", k}, seen, func(at path, sc *openapi3.Schema) {
			q, _ := sc.Extensions[spec.ExtQuirk].(string)
			ids := ruleIDs(sc)
			var ex []string
			for _, e := range append(append([]any(nil), sc.Examples...), sc.Example) {
				if e == nil {
					continue
				}
				if b, err := json.Marshal(e); err == nil {
					ex = append(ex, string(b))
				}
			}
			if len(ids) > 0 || q != "" || len(ex) > 0 {
				out[at.String()] = schemaMark{at: at, rules: ids, quirk: q, examples: ex}
			}
		})
	}
	return out
}

// use is an operation and side that reaches a component schema.
type use struct{ op, side string }

// uses maps each component schema to the operations and sides whose bodies
// reach it. Each (operation, side) walk visits a schema once, so a document
// whose schemas fan out (D0 with ten members pointing to D1, and so on) costs
// its number of schemas, not its number of paths.
func uses(d *openapi3.T) map[string][]use {
	out := map[string][]use{}
	if d.Paths == nil {
		return out
	}
	for _, p := range d.Paths.InMatchingOrder() {
		item := d.Paths.Value(p)
		for _, op := range item.Operations() {
			var reqs, resps []*openapi3.SchemaRef
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					reqs = append(reqs, mt.Schema)
				}
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					if r == nil || r.Value == nil {
						continue
					}
					for _, mt := range r.Value.Content {
						resps = append(resps, mt.Schema)
					}
				}
			}
			for _, side := range []struct {
				name string
				refs []*openapi3.SchemaRef
			}{{sideRequest, reqs}, {sideResponse, resps}} {
				reached := map[string]bool{}
				seen := map[*openapi3.Schema]bool{}
				for _, r := range side.refs {
					reach(r, seen, reached)
				}
				for name := range reached {
					u := use{p, side.name}
					if !slices.Contains(out[name], u) {
						out[name] = append(out[name], u)
					}
				}
			}
		}
	}
	for k := range out {
		slices.SortFunc(out[k], func(a, b use) int {
			if c := strings.Compare(a.op, b.op); c != 0 {
				return c
			}
			return strings.Compare(a.side, b.side)
		})
	}
	return out
}

func reach(r *openapi3.SchemaRef, seen map[*openapi3.Schema]bool, reached map[string]bool) {
	if r == nil || r.Value == nil {
		return
	}
	if name, ok := strings.CutPrefix(r.Ref, schemaRef); ok {
		reached[name] = true
	}
	sc := r.Value
	if seen[sc] {
		return
	}
	seen[sc] = true
	for _, p := range sc.Properties {
		reach(p, seen, reached)
	}
	reach(sc.Items, seen, reached)
	reach(sc.Not, seen, reached)
	reach(sc.AdditionalProperties.Schema, seen, reached)
	for _, l := range []openapi3.SchemaRefs{sc.AllOf, sc.AnyOf, sc.OneOf} {
		for _, x := range l {
			reach(x, seen, reached)
		}
	}
}

// fieldName is a short name for a schema place: "AccountCreateRequest.name",
// "Account.statuses[].incoming_payments_status".
func fieldName(at path) string {
	if len(at) < 3 {
		return at.String()
	}
	var b strings.Builder
	b.WriteString(at[2])
	for i := 3; i < len(at); i++ {
		switch s := at[i]; {
		case s == "properties" && i+1 < len(at):
			b.WriteString("." + at[i+1])
			i++
		case s == "items":
			b.WriteString("[]")
		case s == "oneOf" || s == "anyOf" || s == "allOf":
			if i+1 < len(at) {
				b.WriteString("." + s + at[i+1])
				i++
			}
		default:
			b.WriteString("." + s)
		}
	}
	return b.String()
}

func (w *wepayDiff) fieldExtensions() {
	bm, nm := marks(w.b), marks(w.n)
	bu, nu := uses(w.b.doc), uses(w.n.doc)
	_, bi := readRules(w.b)
	br, _ := readRules(w.b)
	nr, ni := readRules(w.n)
	ruleText := func(id string, inNew bool) (string, string) {
		if inNew {
			if i, ok := ni[id]; ok {
				return nr[i].Summary, cites(nr[i].Cite)
			}
		}
		if i, ok := bi[id]; ok {
			return br[i].Summary, cites(br[i].Cite)
		}
		return "", ""
	}
	keys := map[string]bool{}
	for k := range bm {
		keys[k] = true
	}
	for k := range nm {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		o, hadO := bm[k]
		nw := nm[k]
		at := o.at
		if !hadO {
			at = nw.at
		}
		var bAt, nAt path
		if w.b.loc.has(at) {
			bAt = at
		}
		if w.n.loc.has(at) {
			nAt = at
		}
		component := at[2]
		// Where the field is used: from the new version for what it
		// applies, from the baseline for what it dropped.
		where := func(fromNew bool) []use {
			u := bu[component]
			if fromNew {
				u = nu[component]
			}
			if len(u) == 0 {
				return []use{{"", ""}}
			}
			return u
		}
		// Rules the field no longer applies (read in the baseline), then
		// rules it newly applies (read in the new spec).
		for _, ch := range []struct {
			ids, others       []string
			fromNew           bool
			request, response string
			verb              string
		}{
			{o.rules, nw.rules, false, CheckRuleRequestUnapplied, CheckRuleResponseUnapplied, "no longer applies"},
			{nw.rules, o.rules, true, CheckRuleRequestApplied, CheckRuleResponseApplied, "now applies"},
		} {
			for _, id := range ch.ids {
				if slices.Contains(ch.others, id) {
					continue
				}
				summary, cite := ruleText(id, ch.fromNew)
				for _, u := range where(ch.fromNew) {
					check := ch.request
					if u.side == sideResponse {
						check = ch.response
					}
					w.add(check, u.op, u.side, cite, within(bAt, spec.ExtRules), within(nAt, spec.ExtRules), "%s %s rule %s (%s)", fieldName(at), ch.verb, id, summary)
				}
			}
		}
		if gone, added := setDiff(o.examples, nw.examples), setDiff(nw.examples, o.examples); len(gone)+len(added) > 0 {
			check, why := CheckExamplesChanged, ""
			if len(nw.rules) > 0 {
				check, why = CheckRuleExamplesChanged, fmt.Sprintf(" (rule %s reads them)", strings.Join(nw.rules, ", "))
				if len(nw.rules) > 1 {
					why = fmt.Sprintf(" (rules %s read them)", strings.Join(nw.rules, ", "))
				}
			}
			w.add(check, "", "", "", within(bAt, "examples"), within(nAt, "examples"), "%s: examples%s: %s", fieldName(at), why, listChange(added, gone))
		}
		if o.quirk != nw.quirk {
			msg := fmt.Sprintf("%s is now subject to quirk %s, was %s", fieldName(at), orNone(nw.quirk), orNone(o.quirk))
			w.add(CheckQuirkFieldChanged, "", "", "", within(bAt, spec.ExtQuirk), within(nAt, spec.ExtQuirk), "%s", msg)
		}
	}
}

// within is p.at(seg), or nil when p is (the place does not exist).
func within(p path, seg string) path {
	if p == nil {
		return nil
	}
	return p.at(seg)
}

// setDiff lists the values of a missing from b.
func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// listChange is "added 1, 2; removed 3", long lists shortened.
func listChange(added, gone []string) string {
	short := func(l []string) string {
		if len(l) > 8 {
			return strings.Join(l[:8], ", ") + fmt.Sprintf(" and %d more", len(l)-8)
		}
		return strings.Join(l, ", ")
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+short(added))
	}
	if len(gone) > 0 {
		parts = append(parts, "removed "+short(gone))
	}
	return strings.Join(parts, "; ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// ---- account states ----

func readStates(v *version) *spec.StateTable {
	t := new(spec.StateTable)
	decodeNode(v.loc, path{spec.ExtStates}, t)
	return t
}

func (w *wepayDiff) states() {
	bt, nt := readStates(w.b), readStates(w.n)
	root := path{spec.ExtStates}
	bIdx, nIdx := map[string]int{}, map[string]int{}
	for i, s := range bt.States {
		bIdx[s.Name] = i
	}
	for i, s := range nt.States {
		nIdx[s.Name] = i
	}
	sAt := func(i int, f ...any) path { return root.at("states", i).at(f...) }
	for i, o := range bt.States {
		j, ok := nIdx[o.Name]
		if !ok {
			w.add(CheckStateRemoved, "", "", o.Definition, sAt(i), nil, "account state %s was removed", o.Name)
			continue
		}
		nw := nt.States[j]
		switch {
		case !o.Initial && nw.Initial:
			w.add(CheckStateInitialAdded, "", "", firstNonEmpty(nw.WhyInitial, nw.Definition), sAt(i, "initial"), sAt(j, "initial"), "a new account may now start in state %s", o.Name)
		case o.Initial && !nw.Initial:
			w.add(CheckStateInitialRemoved, "", "", firstNonEmpty(o.WhyInitial, o.Definition), sAt(i, "initial"), sAt(j, "initial"), "a new account can no longer start in state %s", o.Name)
		}
		switch {
		case o.Terminal && !nw.Terminal:
			w.add(CheckStateTerminalRemoved, "", "", nw.Definition, sAt(i, "terminal"), sAt(j, "terminal"), "state %s is no longer terminal: accounts may leave it", o.Name)
		case !o.Terminal && nw.Terminal:
			w.add(CheckStateTerminalAdded, "", "", nw.Definition, sAt(i, "terminal"), sAt(j, "terminal"), "state %s is now terminal", o.Name)
		}
		// One change per text that changed, each naming its field.
		if o.Definition != nw.Definition {
			w.add(CheckStateTextChanged, "", "", nw.Definition, sAt(i, "definition"), sAt(j, "definition"), "state %s: definition now %s, was %s", o.Name, quoteOrNone(nw.Definition), quoteOrNone(o.Definition))
		}
		if o.WhyInitial != nw.WhyInitial {
			w.add(CheckStateTextChanged, "", "", firstNonEmpty(nw.WhyInitial, nw.Definition), sAt(i, "why_initial"), sAt(j, "why_initial"), "state %s: why_initial now %s, was %s", o.Name, quoteOrNone(nw.WhyInitial), quoteOrNone(o.WhyInitial))
		}
		w.invariants(o, nw, sAt(i, "invariants"), sAt(j, "invariants"))
	}
	for j, s := range nt.States {
		if _, ok := bIdx[s.Name]; !ok {
			w.add(CheckStateAdded, "", "", s.Definition, nil, sAt(j), "new account state %s (initial %t, terminal %t)", s.Name, s.Initial, s.Terminal)
		}
	}
	edge := func(t spec.Transition) string { return t.From + " -> " + t.To }
	bE, nE := map[string]int{}, map[string]int{}
	for i, t := range bt.Transitions {
		bE[edge(t)] = i
	}
	for i, t := range nt.Transitions {
		nE[edge(t)] = i
	}
	tAt := func(i int) path { return root.at("transitions", i) }
	for i, o := range bt.Transitions {
		j, ok := nE[edge(o)]
		if !ok {
			w.add(CheckStateTransitionGone, "", "", o.Cite, tAt(i), nil, "transition %s is no longer allowed (it was: %s)", edge(o), o.Why)
			continue
		}
		nw := nt.Transitions[j]
		if nw.Why != o.Why {
			w.add(CheckStateTextChanged, "", "", nw.Cite, tAt(i).at("why"), tAt(j).at("why"), "transition %s: reasoning now %s, was %s", edge(o), quoteOrNone(nw.Why), quoteOrNone(o.Why))
		}
		if nw.Cite != o.Cite {
			w.add(CheckStateTextChanged, "", "", nw.Cite, tAt(i).at("cite"), tAt(j).at("cite"), "transition %s now cites %s, was %s", edge(o), quoteOrNone(nw.Cite), quoteOrNone(o.Cite))
		}
	}
	for j, t := range nt.Transitions {
		if _, ok := bE[edge(t)]; !ok {
			w.add(CheckStateTransitionAdded, "", "", t.Cite, nil, tAt(j), "new transition %s: %s", edge(t), t.Why)
		}
	}
	pKey := func(p spec.Prohibition) string { return "from " + orAny(p.From) + " to " + orAny(p.To) }
	bP, nP := map[string]int{}, map[string]int{}
	for i, p := range bt.NotAllowed {
		bP[pKey(p)] = i
	}
	for i, p := range nt.NotAllowed {
		nP[pKey(p)] = i
	}
	pAt := func(i int) path { return root.at("not_allowed", i) }
	for i, p := range bt.NotAllowed {
		if _, ok := nP[pKey(p)]; !ok {
			w.add(CheckStateProhibition, "", "", p.Cite, pAt(i), nil, "the prohibition of transitions %s was removed", pKey(p))
		}
	}
	for j, p := range nt.NotAllowed {
		if _, ok := bP[pKey(p)]; !ok {
			w.add(CheckStateProhibition, "", "", p.Cite, nil, pAt(j), "transitions %s are now prohibited: %s", pKey(p), p.Why)
		}
	}
}

func orAny(s string) string {
	if s == "" {
		return "any state"
	}
	return s
}

// quoteOrNone quotes a text, or says none when it is empty (a field
// added or removed).
func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return strconv.Quote(s)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func (w *wepayDiff) invariants(o, nw spec.State, bAt, nAt path) {
	nIdx := map[string]int{}
	for i, v := range nw.Invariants {
		nIdx[v.ID] = i
	}
	bIdx := map[string]int{}
	for i, v := range o.Invariants {
		bIdx[v.ID] = i
		j, ok := nIdx[v.ID]
		if !ok {
			w.add(CheckStateInvariantRemoved, "", "", v.Cite, bAt.at(i), nil, "state %s no longer promises invariant %s (%s %s)", o.Name, v.ID, v.Pointer, describeCheck(v))
			continue
		}
		n := nw.Invariants[j]
		if n.Pointer != v.Pointer || n.Check != v.Check || !reflect.DeepEqual(n.Value, v.Value) {
			w.add(CheckStateInvariantChanged, "", "", n.Cite, bAt.at(i), nAt.at(j), "state %s invariant %s: now %s %s, was %s %s", o.Name, v.ID, n.Pointer, describeCheck(n), v.Pointer, describeCheck(v))
		} else if n.Cite != v.Cite {
			w.add(CheckStateTextChanged, "", "", n.Cite, bAt.at(i, "cite"), nAt.at(j, "cite"), "state %s invariant %s now cites %q, was %q", o.Name, v.ID, n.Cite, v.Cite)
		}
	}
	for j, v := range nw.Invariants {
		if _, ok := bIdx[v.ID]; !ok {
			w.add(CheckStateInvariantAdded, "", "", v.Cite, nil, nAt.at(j), "state %s has a new invariant %s (%s %s)", nw.Name, v.ID, v.Pointer, describeCheck(v))
		}
	}
}

func describeCheck(v spec.Invariant) string {
	if v.Check == "equals" {
		return fmt.Sprintf("equals %v", v.Value)
	}
	return "is " + v.Check
}

// ---- quirks ----

func (w *wepayDiff) quirks() {
	var bq, nq []spec.Quirk
	decodeNode(w.b.loc, path{spec.ExtQuirks}, &bq)
	decodeNode(w.n.loc, path{spec.ExtQuirks}, &nq)
	at := func(i int, f ...any) path { return path{spec.ExtQuirks}.at(i).at(f...) }
	nIdx, bIdx := map[string]int{}, map[string]int{}
	for i, q := range nq {
		nIdx[q.ID] = i
	}
	for i, q := range bq {
		bIdx[q.ID] = i
		j, ok := nIdx[q.ID]
		if !ok {
			w.add(CheckQuirkRemoved, "", "", q.Found, at(i), nil, "quirk %s was removed; its reading was: %s", q.ID, q.Handling)
			continue
		}
		n := nq[j]
		if n.Handling != q.Handling {
			w.add(CheckQuirkReadingChanged, "", "", n.Found, at(i, "handling"), at(j, "handling"), "quirk %s is read differently: now %q, was %q", q.ID, n.Handling, q.Handling)
		}
		if n.Found != q.Found {
			w.add(CheckQuirkFoundChanged, "", "", n.Found, at(i, "found"), at(j, "found"), "quirk %s: the contradiction is now described as %q, was %q", q.ID, n.Found, q.Found)
		}
	}
	for j, q := range nq {
		if _, ok := bIdx[q.ID]; !ok {
			w.add(CheckQuirkAdded, "", "", q.Found, nil, at(j), "new quirk %s, read as: %s", q.ID, q.Handling)
		}
	}
}
