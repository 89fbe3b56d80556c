package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// requiredChecks makes a check per required request member, nested ones
// included (where the base body has the parent): without it the call is
// refused with 400 invalid_request 1004, and when the error has details,
// one of them names the member.
func (s *suite) requiredChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		for _, f := range s.fields[op.Path] {
			if !f.Required {
				continue
			}
			ptr := concrete(f.Pointer)
			if !s.reachable(op.Path, ptr) {
				continue
			}
			op := op.Path
			out = append(out, check{
				name: CatRequired + op + f.Pointer, category: CatRequired, ops: []string{op},
				summary: fmt.Sprintf("%s without %s: refused with 400 invalid_request 1004", op, ptr),
				run: func(ctx context.Context, p *probe) {
					b, _ := p.bodyAt(op, ptr, p.opAccount(op))
					jsonptr.Delete(b, ptr)
					w := refusal{status: http.StatusBadRequest, category: "invalid_request", codes: []int64{1004}, target: lastToken(ptr), pointer: ptr}
					p.wantRefused(p.send(ctx, req{op: op, body: b}), "without "+ptr, w)
				},
			})
		}
	}
	return out
}

// typeChecks makes a check per top-level request member (a value of
// another JSON type: 400 invalid_request 1003) and per call (a malformed
// JSON body: 400 invalid_request 1005).
func (s *suite) typeChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		op := op.Path
		for _, f := range s.fields[op] {
			if strings.Count(f.Pointer, "/") != 1 {
				continue
			}
			f := f
			bad := wrongType(f)
			out = append(out, check{
				name: CatTypes + op + f.Pointer, category: CatTypes, ops: []string{op},
				summary: fmt.Sprintf("%s with %s = %v (a %s): refused with 400 1003", op, f.Pointer, bad, jsonType(bad)),
				run: func(ctx context.Context, p *probe) {
					b := p.body(op, p.opAccount(op))
					b[strings.TrimPrefix(f.Pointer, "/")] = bad
					p.wantRefused(p.send(ctx, req{op: op, body: b}), fmt.Sprintf("%s as a %s", f.Pointer, jsonType(bad)), invalidValue(f.Pointer))
				},
			})
		}
		out = append(out, check{
			name: CatTypes + op + ":malformed-json", category: CatTypes, ops: []string{op},
			summary: op + " with a truncated JSON body: refused with 400 invalid_request 1005",
			run: func(ctx context.Context, p *probe) {
				raw := []byte(fmt.Sprintf(`{"account_id": %d, "name": "unterminated`, p.opAccount(op)))
				w := refusal{status: http.StatusBadRequest, category: "invalid_request", codes: []int64{1005}}
				p.wantRefused(p.send(ctx, req{op: op, raw: raw}), "a malformed JSON body", w)
			},
		})
	}
	return out
}

func jsonType(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case string:
		return "string"
	}
	return "number"
}
