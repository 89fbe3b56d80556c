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
	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// maxAnswer bounds the answer bodies read.
const maxAnswer = 10 << 20

// userAgent is the User-Agent of every request: WePay refuses a call
// without one (error_code 1002).
const userAgent = "wepaykit-conformance"

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
	// The summaries are made only for a failure: most answers pass.
	a := &answer{op: call, sent: func() string { return p.sentSummary(r, path, body) }}
	build := func() (*http.Request, error) {
		hr, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		if body == nil {
			hr.Body, hr.ContentLength = http.NoBody, 0
		}
		hr.Header.Set("Content-Type", "application/json")
		// WePay refuses a call without a User-Agent (1002); the Api-Version
		// is the one the contract describes.
		hr.Header.Set("User-Agent", userAgent)
		if p.s.apiVersion != "" {
			hr.Header.Set("Api-Version", p.s.apiVersion)
		}
		switch {
		case r.noAuth:
		case r.auth != "":
			hr.Header.Set("Authorization", r.auth)
		case p.token != "":
			hr.Header.Set("Authorization", "Bearer "+p.token)
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
				a.got = func() string { return p.gotSummary(a.status, a.body) }
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
	msg := p.s.red.apply(err.Error())
	p.failAs(why{rule: RuleNoAnswer, cause: call + ": no answer: " + msg}, call, a, "no answer: %s", msg)
	return a
}

// redactURL hides the values of a URL's secret parameters, however they
// are encoded.
func redactURL(u string) string { return redact.Default().URL(u) }

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
	if a.status == http.StatusOK {
		switch id := a.accountID(); {
		case a.op == spec.OpCreate && id != 0:
			owner := "" // Target.Token's, or one cleanup cannot know
			if p.token != "" && vreq.Header.Get("Authorization") == "Bearer "+p.token {
				owner = p.token
			}
			p.s.made(id, false, owner)
		case a.op == spec.OpDelete && id != 0:
			p.s.made(id, true, "")
		}
	}
	if p.quiet {
		return
	}
	findings, err := p.s.v.Exchange(vreq, resp)
	if err != nil {
		p.fail(a.op, a, "the answer could not be validated: %v", err)
	}
	for _, f := range findings {
		if f.Side == "response" && f.Severity == validate.SeverityError {
			p.failFinding(a, f)
		}
	}
	if a.status == http.StatusOK {
		for _, f := range p.tracker.Observe(a.op, a.body) {
			p.failFinding(a, f)
		}
	}
	if a.status >= 400 {
		_, _, _, ok := a.errorBody()
		p.s.mu.Lock()
		p.s.errs++
		if !ok {
			p.s.badErr = append(p.s.badErr, badError{check: p.c.name, op: a.op, status: a.status})
		}
		p.s.mu.Unlock()
	}
}

// badError is an error answer without WePay's error body.
type badError struct {
	check, op string
	status    int
}

// wantOK requires a 200 answer. It reports whether it was one.
func (p *probe) wantOK(a *answer, what string) bool {
	if a.err != nil {
		return false
	}
	if a.status != http.StatusOK {
		if p.callMissing(a) {
			return false
		}
		cause := fmt.Sprintf("%s: a valid request refused with HTTP %d", a.op, a.status)
		if _, code, _, ok := a.errorBody(); ok {
			m, _ := a.val.(map[string]any)
			desc, _ := m["error_description"].(string)
			cause += fmt.Sprintf(", error_code %d: %s", code, p.s.red.apply(desc))
		}
		p.failAs(why{rule: RuleRefused, cause: cause}, a.op, a, "%s: want HTTP 200, got HTTP %d", what, a.status)
		return false
	}
	return true
}

// callMissing records, and reports, an answer that says the target does
// not offer the call at all: 404, 405 or 501 without WePay's error body or
// with error_code 1001 (call does not exist). Every check of the call then
// shares one cause.
func (p *probe) callMissing(a *answer) bool {
	if a.status != http.StatusNotFound && a.status != http.StatusMethodNotAllowed && a.status != http.StatusNotImplemented {
		return false
	}
	if !slices.Contains(spec.OperationPaths(), a.op) {
		return false
	}
	_, code, _, ok := a.errorBody()
	if ok && code != 1001 {
		return false
	}
	got := fmt.Sprintf("HTTP %d", a.status)
	if ok {
		got += ", error_code 1001"
	}
	p.moot(a) // its body, headers and format are the router's, not the call's
	p.failAs(why{rule: RuleCallMissing, cause: fmt.Sprintf("%s answers %s: the target does not offer the call (leave its checks out with --op)", a.op, got)},
		a.op, a, "%s answers %s", a.op, got)
	return true
}

// refusal is the answer a check expects to a request the target must refuse.
type refusal struct {
	status   int    // 0: any 4xx
	category string // "": any
	codes    []int64
	target   string // a field the error's details should name, when it has details
	pointer  string // the request member the refusal is for, when there is one
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
	ptr := starred(w.pointer)
	switch {
	case a.status >= 200 && a.status < 300:
		p.moot(a)
		p.failAs(why{rule: RuleAccepted, pointer: ptr, cause: fmt.Sprintf("accepted (HTTP %d) where the contract wants %s", a.status, w)},
			a.op, a, "%s: want %s, got HTTP %d", what, w, a.status)
	case (a.status < 400 || a.status > 499) || (w.status != 0 && a.status != w.status):
		if w.status != http.StatusNotFound && p.callMissing(a) {
			return false
		}
		p.failAs(why{rule: RuleStatus, cause: fmt.Sprintf("want %s, got HTTP %d", w, a.status)},
			a.op, a, "%s: want %s, got HTTP %d", what, w, a.status)
	case !ok:
		p.moot(a) // the findings about the answer's format say the same
		p.failAs(why{rule: RuleErrorBody, cause: fmt.Sprintf("a refusal (HTTP %d) without WePay's error body (error, error_description, error_code)", a.status)},
			a.op, a, "%s: want %s, got HTTP %d without an error body", what, w, a.status)
	case w.category != "" && cat != w.category:
		p.failAs(why{rule: RuleErrorCode, cause: fmt.Sprintf("want error %q, got %q", w.category, cat)},
			a.op, a, "%s: want %s, got error %q", what, w, cat)
	case len(w.codes) > 0 && !slices.Contains(w.codes, code):
		p.failAs(why{rule: RuleErrorCode, cause: fmt.Sprintf("want %s, got error_code %d", w, code)},
			a.op, a, "%s: want %s, got error_code %d", what, w, code)
	case w.target != "" && len(details) > 0 && !detailsName(details, w.target):
		p.failAs(why{rule: RuleDetails, pointer: ptr, cause: "the error's details do not name the member"},
			a.op, a, "%s: the error's details do not name %s", what, w.target)
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

// invalidValue is WePay's refusal of a bad value of the member at ptr.
func invalidValue(ptr string) refusal {
	return refusal{status: http.StatusBadRequest, category: "invalid_request", codes: []int64{1003}, target: lastToken(ptr), pointer: ptr}
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
// a fresh reference id, a name of the run's own for /account/create and
// /account/modify (a check about the name sets its own after), the listed
// account's name for /account/find.
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
	if _, ok := m["name"]; ok && (op == spec.OpCreate || op == spec.OpModify) {
		m["name"] = p.s.uniqueName("Conformance " + p.c.category)
	}
	if op == spec.OpFind {
		m["name"] = p.s.lname
		delete(m, "reference_id")
		m["start"] = 0
	}
	return m
}

// lookup asks /account for an account.
func (p *probe) lookup(ctx context.Context, id int64) *answer {
	return p.send(ctx, req{op: spec.OpAccount, body: map[string]any{"account_id": id}})
}

// createAnswer makes a fresh account named name from the base body of
// /account/create; it returns nil (after recording the failure) when the
// target refuses.
func (p *probe) createAnswer(ctx context.Context, name string) *answer {
	p.s.tick(ctx)
	b := p.body(spec.OpCreate, 0)
	b["name"] = name
	a := p.send(ctx, req{op: spec.OpCreate, body: b})
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
