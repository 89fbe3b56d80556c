package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/validate"
)

// maxAnswer bounds the answer bodies read.
const maxAnswer = 10 << 20

// send posts a request, validates the exchange and follows the states the
// answer reports. Every error finding about the answer fails the check; a
// transport error is recorded in answer.err and fails it too.
func (p *probe) send(ctx context.Context, r req) *answer {
	path := "/v2" + r.op
	if r.path != "" {
		path = r.path
	}
	call := r.op
	if call == "" {
		call = r.path
	}
	var body []byte
	switch {
	case r.raw != nil:
		body = r.raw
	case r.body != nil:
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			a := &answer{op: call, err: err}
			p.fail(call, a, "cannot encode the request body: %v", err)
			return a
		}
	}
	addr := p.s.base + strings.TrimPrefix(path, "/v2")
	if r.query != "" {
		addr += "?" + r.query
	}
	a := &answer{op: call, sent: p.sentSummary(r, path, body)}
	build := func() (*http.Request, error) {
		hr, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		if body == nil {
			hr.Body, hr.ContentLength = http.NoBody, 0
		}
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("User-Agent", "wepaykit-conformance")
		switch {
		case r.noAuth:
		case r.auth != "":
			hr.Header.Set("Authorization", r.auth)
		default:
			hr.Header.Set("Authorization", "Bearer "+p.s.t.Token)
		}
		return hr, nil
	}
	hr, err := build()
	if err == nil {
		var resp *http.Response
		if resp, err = p.s.client.Do(hr); err == nil {
			a.status = resp.StatusCode
			a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
			resp.Body.Close()
			if err == nil {
				a.got = p.gotSummary(a.status, a.body)
				p.check(a, build, resp.Header)
				return a
			}
		}
	}
	// The client's *url.Error repeats the request's URL, query included:
	// the token-in-query check puts the token there.
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = p.s.red.apply(redactURL(ue.URL))
	}
	a.err = err
	p.fail(call, a, "no answer: %s", p.s.red.apply(err.Error()))
	return a
}

// redactURL hides the access_token and client_secret values of a URL's
// query.
func redactURL(u string) string {
	base, q, found := strings.Cut(u, "?")
	if !found {
		return u
	}
	return base + "?" + redactQuery(q)
}

// check validates an answer and records what the run keeps of it.
func (p *probe) check(a *answer, build func() (*http.Request, error), h http.Header) {
	if v, err := decodeJSON(a.body); err == nil {
		a.val = v
	}
	vreq, err := build()
	if err != nil {
		return
	}
	resp := &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(bytes.NewReader(a.body)), Request: vreq}
	findings, err := p.s.v.Exchange(vreq, resp)
	if err != nil {
		p.fail(a.op, a, "the answer could not be validated: %v", err)
	}
	for _, f := range findings {
		if f.Side == "response" && f.Severity == validate.SeverityError {
			p.fail(a.op, a, "the answer breaks the contract: %s", f)
		}
	}
	if a.status == http.StatusOK {
		for _, f := range p.tracker.Observe(a.op, a.body) {
			p.fail(a.op, a, "%s", f)
		}
	}
	if a.status >= 400 {
		_, _, _, ok := a.errorBody()
		p.s.mu.Lock()
		p.s.errs++
		if !ok {
			p.s.badErr = append(p.s.badErr, fmt.Sprintf("%s (%s, HTTP %d)", p.c.name, a.op, a.status))
		}
		p.s.mu.Unlock()
	}
}

// wantOK requires a 200 answer. It reports whether it was one.
func (p *probe) wantOK(a *answer, what string) bool {
	if a.err != nil {
		return false
	}
	if a.status != http.StatusOK {
		p.fail(a.op, a, "%s: want HTTP 200, got HTTP %d", what, a.status)
		return false
	}
	return true
}

// refusal is the answer a check expects to a request the target must refuse.
type refusal struct {
	status   int    // 0: any 4xx
	category string // "": any
	codes    []int64
	target   string // a field the error's details should name, when it has details
}

func (w refusal) String() string {
	s := "a 4xx"
	if w.status != 0 {
		s = fmt.Sprintf("HTTP %d", w.status)
	}
	if w.category != "" {
		s += " " + w.category
	}
	if len(w.codes) > 0 {
		s += fmt.Sprintf(" %v", w.codes)
	}
	return s + " with WePay's error body"
}

// wantRefused requires a refusal with WePay's error body. It reports
// whether the answer was as wanted.
func (p *probe) wantRefused(a *answer, what string, w refusal) bool {
	if a.err != nil {
		return false
	}
	cat, code, details, ok := a.errorBody()
	switch {
	case a.status < 400 || a.status > 499:
		p.fail(a.op, a, "%s: want %s, got HTTP %d", what, w, a.status)
	case w.status != 0 && a.status != w.status:
		p.fail(a.op, a, "%s: want %s, got HTTP %d", what, w, a.status)
	case !ok:
		p.fail(a.op, a, "%s: want %s, got HTTP %d without an error body", what, w, a.status)
	case w.category != "" && cat != w.category:
		p.fail(a.op, a, "%s: want %s, got error %q", what, w, cat)
	case len(w.codes) > 0 && !slices.Contains(w.codes, code):
		p.fail(a.op, a, "%s: want %s, got error_code %d", what, w, code)
	case w.target != "" && len(details) > 0 && !detailsName(details, w.target):
		p.fail(a.op, a, "%s: the error's details do not name %s", what, w.target)
	default:
		return true
	}
	return false
}

// detailsName reports whether any details[].target names the field.
func detailsName(details []any, field string) bool {
	for _, d := range details {
		m, _ := d.(map[string]any)
		ts, _ := m["target"].([]any)
		for _, t := range ts {
			if s, ok := t.(string); ok && strings.Contains(s, field) {
				return true
			}
		}
	}
	return false
}

// invalidValue is WePay's refusal of a bad argument value.
func invalidValue(field string) refusal {
	return refusal{status: http.StatusBadRequest, category: "invalid_request", codes: []int64{1003}, target: field}
}

// body returns a fresh copy of a call's base body for account acct.
func (p *probe) body(op string, acct int64) map[string]any {
	return p.fill(op, p.s.bases[op], acct)
}

// bodyAt returns a body for a check of the field at a concrete pointer:
// the base, or a body of another oneOf branch when the base lacks the
// field's parent. ok is false when no body has the parent.
func (p *probe) bodyAt(op, ptr string, acct int64) (map[string]any, bool) {
	src := p.s.bases[op]
	pp, _ := parent(ptr)
	if _, ok := jsonptr.Get(src, pp); !ok {
		if src = p.s.alts[op+" "+pp]; src == nil {
			return nil, false
		}
	}
	return p.fill(op, src, acct), true
}

// fill copies a body and puts in what depends on the run: the account id,
// a fresh reference id, the listed account's name for /account/find.
func (p *probe) fill(op string, src any, acct int64) map[string]any {
	m, _ := jsonptr.Clone(src).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	if _, ok := m["account_id"]; ok {
		m["account_id"] = acct
	}
	if _, ok := m["reference_id"]; ok {
		m["reference_id"] = p.s.uniqueRef()
	}
	if op == "/account/find" {
		m["name"] = p.s.lname
		delete(m, "reference_id")
		m["start"] = 0
	}
	return m
}

// lookup asks /account for an account.
func (p *probe) lookup(ctx context.Context, id int64) *answer {
	return p.send(ctx, req{op: "/account", body: map[string]any{"account_id": id}})
}

// createAnswer makes a fresh account named name from the base body of
// /account/create; it returns nil (after recording the failure) when the
// target refuses.
func (p *probe) createAnswer(ctx context.Context, name string) *answer {
	b := p.body("/account/create", 0)
	b["name"] = name
	a := p.send(ctx, req{op: "/account/create", body: b})
	if !p.wantOK(a, "creating an account") || a.accountID() == 0 {
		return nil
	}
	return a
}

// create makes a fresh account and returns its id; 0 when it could not.
func (p *probe) create(ctx context.Context, name string) int64 {
	if a := p.createAnswer(ctx, name); a != nil {
		return a.accountID()
	}
	return 0
}
