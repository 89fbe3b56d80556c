package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// unknownAccount is an account id no target has handed out (below 2^53, so
// that every JSON reader keeps it exact).
const unknownAccount = 9007199254740000

// errorChecks: refusals carry WePay's error body. The last check reads
// every error answer of the run, so it runs last.
func (s *suite) errorChecks() []check {
	return []check{
		{name: CatErrors + "/unknown-account", category: CatErrors, ops: []string{spec.OpAccount},
			summary: "/account for an account that does not exist: refused with error_code 3001",
			run: func(ctx context.Context, p *probe) {
				a := p.lookup(ctx, unknownAccount)
				p.wantRefused(a, "an account that does not exist", refusal{codes: []int64{3001}})
			}},
		{name: CatErrors + "/unknown-call", category: CatErrors,
			summary: "a call the API lacks (/v2/account/conformance_unknown): refused with error_code 1001",
			run: func(ctx context.Context, p *probe) {
				a := p.send(ctx, req{path: "/v2/account/conformance_unknown", body: map[string]any{}})
				p.wantRefused(a, "a call that does not exist", refusal{codes: []int64{1001}})
			}},
		{name: CatErrors + "/every-answer", category: CatErrors,
			summary: "every 4xx and 5xx answer of the run carries WePay's error body (error, error_description, error_code)",
			run:     func(_ context.Context, p *probe) { p.everyAnswer() }},
	}
}

func (p *probe) everyAnswer() {
	p.s.mu.Lock()
	n := p.s.errs
	var bad []string
	own := 0
	for _, e := range p.s.badErr {
		if p.s.reported[e.check] {
			own++ // its own check reported it already
			continue
		}
		bad = append(bad, fmt.Sprintf("%s (%s, HTTP %d)", e.check, e.op, e.status))
	}
	p.s.mu.Unlock()
	if len(bad) > 0 {
		shown := bad
		if len(shown) > 10 {
			shown = shown[:10]
		}
		p.failAs(why{rule: RuleErrorBody, cause: "error answers without WePay's error body (error, error_description, error_code)"},
			"", nil, "%d of %d error answers lack WePay's error body: %s", len(bad), n, strings.Join(shown, "; "))
		return
	}
	p.note = fmt.Sprintf("%d error answers checked", n)
	if own > 0 {
		p.note += fmt.Sprintf("; %d without an error body reported by their own checks", own)
	}
}
