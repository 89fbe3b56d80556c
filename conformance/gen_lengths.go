package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/spec"
)

// closedSet reports request strings whose valid values form a set the
// schema does not list, so that no value at the length limit can be
// accepted; only the value past the limit is sent.
func closedSet(op, ptr string) (string, bool) {
	if op == spec.OpGetReserveDetails && ptr == "/currency" {
		return "the currency must be the account's own, so no 255-character value can be accepted", true
	}
	return "", false
}

// opNeeds lists what a call of an operation that must be accepted needs.
// A check that only sends requests the target must refuse (a missing
// member, a wrong type, malformed JSON, a broken rule) needs none of it:
// the arguments are refused whatever the account's state.
func opNeeds(op string) []Need {
	if op == spec.OpSettlementSetup {
		// reference: "Know Your Customer (KYC) information must be complete
		// before making this call."
		return []Need{NeedDriver}
	}
	return nil
}

// opAccount picks the account a check of op works on: the KYC account for
// settlement_setup when the run has one, the shared account otherwise.
func (p *probe) opAccount(op string) int64 {
	if op == spec.OpSettlementSetup && p.s.kyc != 0 {
		return p.s.kyc
	}
	return p.s.acct
}

// lengthChecks makes a check per length-limited request string: the value
// at the limit is accepted, one past it refused with 400 invalid_request
// 1003. Skipped: enum fields (the enum is stricter), fields whose pattern
// no long value can match, account ids (they must name the account) and
// fields whose parent no base body has.
func (s *suite) lengthChecks() []check {
	var out []check
	for _, op := range s.sp.Operations() {
		respMax := s.responseLimits(op)
		for _, f := range s.fields[op.Path] {
			if f.MaxLength == nil || !hasType(f, "string") || len(f.Enum) > 0 || f.Pointer == "/account_id" {
				continue
			}
			limit := int(*f.MaxLength)
			if _, ok := lengthValue(f, limit+1, ""); !ok {
				continue
			}
			ptr := concrete(f.Pointer)
			if !s.reachable(op.Path, ptr) {
				continue
			}
			accept, note := limit, ""
			// quirk image-uri-length: the answer's table holds fewer
			// characters than the request's, so the longest value a target
			// can accept and answer with is the answer's limit.
			if r, ok := respMax[f.Pointer]; ok && r < accept {
				accept, note = r, fmt.Sprintf("accepted at %d characters, the answer's limit; refused at %d", r, limit+1)
			}
			if why, closed := closedSet(op.Path, f.Pointer); closed {
				accept, note = 0, "only the value past the limit is sent: "+why
			}
			f, op := f, op.Path
			summary := fmt.Sprintf("%s %s: %d characters accepted, %d refused with 400 1003", op, ptr, accept, limit+1)
			if accept == 0 {
				summary = fmt.Sprintf("%s %s: %d characters refused with 400 1003", op, ptr, limit+1)
			}
			out = append(out, check{
				name: CatLengths + op + f.Pointer, category: CatLengths, needs: opNeeds(op), ops: []string{op}, summary: summary,
				run: func(ctx context.Context, p *probe) {
					p.note = note
					p.lengthCheck(ctx, op, f, ptr, accept, limit+1)
				},
			})
		}
	}
	return out
}

func (p *probe) lengthCheck(ctx context.Context, op string, f spec.Field, ptr string, accept, refuse int) {
	prefix := ""
	switch {
	case strings.HasSuffix(f.Pointer, "reference_id") && op != spec.OpFind:
		prefix = p.s.uniqueRef() // "unique per account"
	case f.Pointer == "/name" && (op == spec.OpCreate || op == spec.OpModify):
		prefix = p.s.uniqueName("Conformance") + " " // the run's mark, as on every account
	}
	acct := p.opAccount(op)
	if op == spec.OpDelete {
		if acct = p.create(ctx, p.s.uniqueName("Conformance Delete")); acct == 0 {
			return
		}
	}
	try := func(n int) *answer {
		b, _ := p.bodyAt(op, ptr, acct)
		v, _ := lengthValue(f, n, prefix)
		jsonptr.Set(b, ptr, v)
		return p.send(ctx, req{op: op, body: b})
	}
	// Past the limit first: on /account/delete the accepted call ends the
	// account.
	p.wantRefused(try(refuse), fmt.Sprintf("%s of %d characters (limit %d)", ptr, refuse, refuse-1), invalidValue(ptr))
	if accept > 0 {
		p.wantOK(try(accept), fmt.Sprintf("%s of %d characters", ptr, accept))
	}
}

// responseLimits maps the pointers of a call's answer to their length
// limits, for answers that echo the request's members.
func (s *suite) responseLimits(op spec.Operation) map[string]int {
	out := map[string]int{}
	fields, err := s.sp.Fields(op.Path, spec.Response)
	if err != nil {
		return out
	}
	for _, f := range fields {
		if f.MaxLength != nil {
			out[f.Pointer] = int(*f.MaxLength)
		}
	}
	return out
}

func hasType(f spec.Field, t string) bool {
	for _, x := range f.Types {
		if x == t {
			return true
		}
	}
	return false
}
