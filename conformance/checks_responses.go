package conformance

import (
	"context"

	"github.com/wepaykit/wepaykit/spec"
)

// responseChecks makes one valid call per operation: answered 200 with a
// body that conforms to the contract (checked on every answer).
func (s *suite) responseChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		op := op.Path
		out = append(out, check{
			name: CatResponses + op, category: CatResponses, needs: opNeeds(op), ops: []string{op},
			summary: "a valid " + op + " call: HTTP 200 with a conforming body that agrees with the request",
			run: func(ctx context.Context, p *probe) {
				acct := p.opAccount(op)
				if op == spec.OpDelete {
					if acct = p.create(ctx, p.s.uniqueName("Conformance Delete")); acct == 0 {
						return
					}
				}
				p.wantOK(p.send(ctx, req{op: op, body: p.body(op, acct)}), "a valid call")
			},
		})
	}
	return out
}
