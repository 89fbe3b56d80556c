package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/wepaykit/wepaykit/spec"
)

// findChecks: /account/find's limit, order, pages and deleted accounts.
// Each check names its own accounts with a name no other account has, so
// that accounts other checks create cannot shift its pages.
func (s *suite) findChecks() []check {
	max := 50
	for _, f := range s.fields[spec.OpFind] {
		if f.Pointer == "/limit" && f.Maximum != nil {
			max = int(*f.Maximum)
		}
	}
	return []check{
		{name: CatFind + "/limit-over-maximum", category: CatFind, ops: []string{spec.OpFind},
			summary: fmt.Sprintf("/account/find with limit %d (the maximum is %d): refused with 400 invalid_request 1003", max+1, max),
			run: func(ctx context.Context, p *probe) {
				b := p.body(spec.OpFind, 0)
				b["limit"] = max + 1
				p.wantRefused(p.send(ctx, req{op: spec.OpFind, body: b}), fmt.Sprintf("limit %d", max+1), invalidValue("/limit"))
			}},
		{name: CatFind + "/sort-order", category: CatFind, ops: []string{spec.OpFind},
			summary: "three accounts made one after another: newest first by default and with desc, oldest first with asc",
			run:     func(ctx context.Context, p *probe) { p.sortOrder(ctx) }},
		{name: CatFind + "/pagination", category: CatFind, ops: []string{spec.OpFind},
			summary: "four accounts: limit 2 at start 0 and at start 2 give, without duplicates, what limit 4 at start 0 gives",
			run:     func(ctx context.Context, p *probe) { p.pagination(ctx) }},
		{name: CatFind + "/limit", category: CatFind, ops: []string{spec.OpFind},
			summary: "three accounts of one name: limit 1 lists only the newest, limit 2 with asc the two oldest, no limit all three",
			run:     func(ctx context.Context, p *probe) { p.limit(ctx) }},
		{name: CatFind + "/no-deleted", category: CatFind, ops: []string{spec.OpFind, spec.OpDelete},
			summary: "a deleted account is listed neither by name, nor by reference_id, nor in the full list",
			run:     func(ctx context.Context, p *probe) { p.noDeleted(ctx) }},
	}
}

// createSome makes n accounts named name, one after another, each with a
// create_time of its own (the target's clock moves a second before each,
// or the suite waits a second between them), and returns their ids in
// creation order; nil when one could not be made.
func (p *probe) createSome(ctx context.Context, name string, n int) []int64 {
	var ids []int64
	for i := range n {
		if i > 0 && !p.s.spaced() {
			p.s.waitGap(ctx)
		}
		id := p.create(ctx, name)
		if id == 0 {
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}

// findIDs runs /account/find and returns the listed ids that are in want,
// in the order listed; ok is false when the call failed.
func (p *probe) findIDs(ctx context.Context, body map[string]any, want []int64, what string) ([]int64, bool) {
	ids, a := p.findAnswer(ctx, body, want, what)
	return ids, a != nil
}

// findAnswer is findIDs that also returns the answer; nil when the call
// failed.
func (p *probe) findAnswer(ctx context.Context, body map[string]any, want []int64, what string) ([]int64, *answer) {
	a := p.send(ctx, req{op: spec.OpFind, body: body})
	if !p.wantOK(a, what) {
		return nil, nil
	}
	list, _ := a.val.([]any)
	var out []int64
	for _, e := range list {
		m, _ := e.(map[string]any)
		n, _ := m["account_id"].(json.Number)
		if id, err := n.Int64(); err == nil && (want == nil || slices.Contains(want, id)) {
			out = append(out, id)
		}
	}
	return out, a
}

// findFail records a failure of /account/find's answer a (nil when the
// failure is about several answers).
func (p *probe) findFail(cause string, a *answer, format string, args ...any) {
	p.failAs(why{rule: RuleFind, cause: "/account/find " + cause}, spec.OpFind, a, format, args...)
}

// orderFail records that /account/find listed the right accounts in
// another order than wanted. When the contract's rule find-sorted found
// the order of one of the answers wrong already, the failure is that
// rule's cause (one defect, which the check's own expectation sees too,
// reads as one cause); else it is the check's own.
func (p *probe) orderFail(cause string, answers []*answer, format string, args ...any) {
	for _, a := range answers {
		if e := p.sortedFinding(a); e != nil {
			p.failAs(why{rule: e.Rule, pointer: e.Pointer, cause: e.Cause}, spec.OpFind, a, format, args...)
			return
		}
	}
	var a *answer
	if len(answers) == 1 {
		a = answers[0]
	}
	p.findFail(cause, a, format, args...)
}

// sortedFinding is the check's failure of rule find-sorted about answer
// a; nil when there is none.
func (p *probe) sortedFinding(a *answer) *CheckError {
	for _, e := range p.failures {
		if a != nil && e.answer == a && e.Rule == spec.RuleFindSorted {
			return e
		}
	}
	return nil
}

// permutation reports whether a and b list the same ids, in any order.
func permutation(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func (p *probe) sortOrder(ctx context.Context) {
	name := p.s.uniqueName("Conformance Sort")
	ids := p.createSome(ctx, name, 3)
	if ids == nil {
		return
	}
	newest := slices.Clone(ids)
	slices.Reverse(newest)
	for _, c := range []struct {
		order string
		want  []int64
	}{{"", newest}, {"desc", newest}, {"asc", ids}} {
		b := map[string]any{"name": name}
		what := "find by name, default order"
		if c.order != "" {
			b["sort_order"], what = c.order, "find by name, sort_order "+c.order
		}
		got, a := p.findAnswer(ctx, b, ids, what)
		if a != nil && !slices.Equal(got, c.want) {
			cause := "lists accounts in another order than their creation: " + what
			if c.order == "" {
				cause += " (the default is desc)"
			}
			format := "%s: want the accounts in the order %v (created %v, one after another), got %v"
			if permutation(got, c.want) {
				p.orderFail(cause, []*answer{a}, format, what, c.want, ids, got)
			} else {
				p.findFail(cause, a, format, what, c.want, ids, got)
			}
		}
	}
}

func (p *probe) pagination(ctx context.Context) {
	name := p.s.uniqueName("Conformance Pages")
	ids := p.createSome(ctx, name, 4)
	if ids == nil {
		return
	}
	page := func(start, limit int) ([]int64, *answer) {
		return p.findAnswer(ctx, map[string]any{"name": name, "sort_order": "asc", "start": start, "limit": limit}, ids,
			fmt.Sprintf("find start %d limit %d", start, limit))
	}
	one, a1 := page(0, 2)
	two, a2 := page(2, 2)
	all, a3 := page(0, 4)
	if a1 == nil || a2 == nil || a3 == nil {
		return
	}
	if len(one) > 2 || len(two) > 2 || len(all) > 4 {
		return // the rule find-within-limit reported it; the rest would follow from it
	}
	joined := append(slices.Clone(one), two...)
	seen := map[int64]bool{}
	for _, id := range joined {
		if seen[id] {
			p.findFail("lists an account on two pages", nil, "account %d is on both pages (start 0 and start 2, limit 2)", id)
		}
		seen[id] = true
	}
	if !slices.Equal(joined, all) {
		const cause, format = "pages do not add up to the whole list", "pages start 0 and start 2 (limit 2) list %v, but start 0 limit 4 lists %v"
		if permutation(joined, all) {
			// The same accounts, in another order: an order the rule
			// find-sorted may have found wrong in a page already.
			p.orderFail(cause, []*answer{a1, a2, a3}, format, joined, all)
		} else {
			p.findFail(cause, nil, format, joined, all)
		}
	}
	if !slices.Equal(all, ids) {
		const cause, format = "lists accounts in another order than their creation: sort_order asc", "start 0 limit 4 sort_order asc: want %v, got %v"
		if permutation(all, ids) {
			p.orderFail(cause, []*answer{a3}, format, ids, all)
		} else {
			p.findFail(cause, a3, format, ids, all)
		}
	}
}

func (p *probe) limit(ctx context.Context) {
	name := p.s.uniqueName("Conformance Limit")
	ids := p.createSome(ctx, name, 3)
	if ids == nil {
		return
	}
	for _, c := range []struct {
		body map[string]any
		want []int64
		what string
	}{
		{map[string]any{"name": name, "limit": 1}, ids[2:], "find by name, limit 1"},
		{map[string]any{"name": name, "limit": 2, "sort_order": "asc"}, ids[:2], "find by name, limit 2, sort_order asc"},
		{map[string]any{"name": name}, []int64{ids[2], ids[1], ids[0]}, "find by name without limit"},
	} {
		got, a := p.findAnswer(ctx, c.body, ids, c.what)
		switch {
		case a == nil:
		case len(got) > len(c.want) && c.body["limit"] != nil:
			// the rule find-within-limit reported it
		case len(got) < len(c.want):
			p.findFail("lists fewer accounts than it has and limit allows", a, "%s: want %d accounts %v, got %d %v", c.what, len(c.want), c.want, len(got), got)
		case permutation(got, c.want) && !slices.Equal(got, c.want):
			p.orderFail("lists the accounts wanted in another order", []*answer{a}, "%s: want %v, got %v", c.what, c.want, got)
		case !slices.Equal(got, c.want):
			p.findFail("lists other accounts than wanted", a, "%s: want %v, got %v", c.what, c.want, got)
		}
	}
}

func (p *probe) noDeleted(ctx context.Context) {
	name := p.s.uniqueName("Conformance Gone")
	a := p.createAnswer(ctx, name)
	if a == nil {
		return
	}
	id := a.accountID()
	if !p.wantOK(p.send(ctx, req{op: spec.OpDelete, body: map[string]any{"account_id": id}}), "deleting the account") {
		return
	}
	queries := []map[string]any{{"name": name}, {}}
	if ref, ok := a.val.(map[string]any)["reference_id"].(string); ok {
		queries = append(queries, map[string]any{"reference_id": ref})
	}
	for _, q := range queries {
		what := fmt.Sprintf("find %v after the delete", q)
		if got, a := p.findAnswer(ctx, q, []int64{id}, what); a != nil && len(got) > 0 {
			p.findFail("lists a deleted account", a, "%s lists the deleted account %d", what, id)
		}
	}
}
