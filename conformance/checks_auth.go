package conformance

import (
	"context"
	"net/http"
	"net/url"

	"github.com/wepaykit/wepaykit/spec"
)

// unknownToken is a well-formed token no target has issued.
const unknownToken = "STAGE_0000000000000000000000000000000000000000000000000000000000000000"

// authChecks: the token travels only in Authorization: Bearer, and only
// its user's accounts answer to it.
func (s *suite) authChecks() []check {
	find := func(p *probe) map[string]any { return p.body(spec.OpFind, 0) }
	refused := refusal{}
	return []check{
		{name: CatAuth + "/no-authorization", category: CatAuth, ops: []string{spec.OpFind},
			summary: "/account/find without Authorization: refused with an error body",
			run: func(ctx context.Context, p *probe) {
				p.wantRefused(p.send(ctx, req{op: spec.OpFind, body: find(p), noAuth: true}), "no Authorization header", refused)
			}},
		{name: CatAuth + "/not-bearer", category: CatAuth, ops: []string{spec.OpFind},
			summary: "/account/find with Authorization: Basic: refused with an error body",
			run: func(ctx context.Context, p *probe) {
				p.wantRefused(p.send(ctx, req{op: spec.OpFind, body: find(p), auth: "Basic Y29uZm9ybWFuY2U6"}), "a Basic Authorization header", refused)
			}},
		{name: CatAuth + "/unknown-token", category: CatAuth, ops: []string{spec.OpFind},
			summary: "/account/find with a token nobody issued: 401, error_code 1006 or access_denied",
			run: func(ctx context.Context, p *probe) {
				a := p.send(ctx, req{op: spec.OpFind, body: find(p), auth: "Bearer " + unknownToken})
				if !p.wantRefused(a, "an unknown token", refusal{status: http.StatusUnauthorized}) {
					return
				}
				if cat, code, _, _ := a.errorBody(); code != 1006 && cat != "access_denied" {
					p.failAs(why{rule: RuleErrorCode, cause: "an unknown token: want error_code 1006 or error access_denied"},
						a.op, a, "an unknown token: want error_code 1006 or error access_denied, got %s %d", cat, code)
				}
			}},
		{name: CatAuth + "/token-in-query", category: CatAuth, ops: []string{spec.OpFind},
			summary: "/account/find with the token only as ?access_token=: refused (FAQ: never a get or post argument)",
			run: func(ctx context.Context, p *probe) {
				q := "access_token=" + url.QueryEscape(p.s.t.Token)
				p.wantRefused(p.send(ctx, req{op: spec.OpFind, body: find(p), noAuth: true, query: q}), "the token as a query parameter", refused)
			}},
		{name: CatAuth + "/token-in-body", category: CatAuth, ops: []string{spec.OpFind},
			summary: "/account/find with the token only as a body member: refused",
			run: func(ctx context.Context, p *probe) {
				b := find(p)
				b["access_token"] = p.s.t.Token
				p.wantRefused(p.send(ctx, req{op: spec.OpFind, body: b, noAuth: true}), "the token in the body", refused)
			}},
		{name: CatAuth + "/other-users-account", category: CatAuth, needs: []Need{NeedOtherToken}, ops: []string{spec.OpAccount, spec.OpModify, spec.OpDelete},
			summary: "another user's token on an account: /account, /account/modify and /account/delete refused with 401 access_denied 3002",
			run:     func(ctx context.Context, p *probe) { p.otherUser(ctx) }},
		{name: CatAuth + "/revoked-token", category: CatAuth, needs: []Need{NeedRevokedToken}, ops: []string{spec.OpFind},
			summary: "/account/find with a revoked token: refused with error_code 1011",
			run: func(ctx context.Context, p *probe) {
				a := p.send(ctx, req{op: spec.OpFind, body: find(p), auth: "Bearer " + p.s.t.RevokedToken})
				p.wantRefused(a, "a revoked token", refusal{codes: []int64{1011}})
			}},
	}
}

func (p *probe) otherUser(ctx context.Context) {
	id := p.create(ctx, p.s.uniqueName("Conformance Owned"))
	if id == 0 {
		return
	}
	other := "Bearer " + p.s.t.OtherToken
	denied := refusal{status: http.StatusUnauthorized, category: "access_denied", codes: []int64{3002}}
	p.wantRefused(p.send(ctx, req{op: spec.OpAccount, body: map[string]any{"account_id": id}, auth: other}), "looking up another user's account", denied)
	p.wantRefused(p.send(ctx, req{op: spec.OpModify, body: map[string]any{"account_id": id, "name": p.s.uniqueName("Conformance Taken")}, auth: other}),
		"modifying another user's account", denied)
	p.wantRefused(p.send(ctx, req{op: spec.OpDelete, body: map[string]any{"account_id": id}, auth: other}), "deleting another user's account", denied)
	if a := p.lookup(ctx, id); p.wantOK(a, "the owner's lookup after the refused calls") && a.state() == "deleted" {
		p.fail(a.op, a, "another user's /account/delete deleted the account")
	}
}
