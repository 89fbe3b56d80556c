package proxy

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// exchange is one call on its way through the proxy.
type exchange struct {
	p       *Proxy
	start   time.Time
	method  string
	path    string
	skipped bool // out of scope: forwarded untouched
	status  int  // of a skipped call

	header  http.Header // the client's request headers, as sent on
	recURL  string      // the URL recorded and judged: RecordBase + the upstream path + query
	reqCap  *capture    // the request body on its way to the upstream
	reqSeen *seen       // the request body, read whole before forwarding (Reject)

	resp        *http.Response // the upstream's answer, once it came
	respCap     *capture
	upstreamErr error // the upstream did not answer
	proxyStatus int   // the status the proxy answered with instead

	once sync.Once
}

func newExchange(p *Proxy, r *http.Request) *exchange {
	ex := &exchange{p: p, start: p.o.Now(), method: r.Method, path: r.URL.Path, header: r.Header.Clone()}
	u := url.URL{Scheme: p.base.Scheme, Host: p.base.Host, Path: joinPath(p.upstream.Path, r.URL.Path), RawQuery: r.URL.RawQuery}
	ex.recURL = u.String()
	if r.Body != nil && r.Body != http.NoBody {
		ex.reqCap = newCapture(r.Body, p.o.MaxBody, nil)
		r.Body = ex.reqCap
	}
	return ex
}

// joinPath puts the upstream's path before a request's path, as
// httputil.ProxyRequest.SetURL does.
func joinPath(a, b string) string {
	switch {
	case a == "" || a == "/":
		if b == "" {
			return "/"
		}
		return b
	case b == "" || b == "/":
		return a
	}
	return strings.TrimSuffix(a, "/") + "/" + strings.TrimPrefix(b, "/")
}

// rejectFirst reads the request body (at most MaxBody+1 bytes), validates
// the request and, when it has an error finding, answers it with WePay's
// error body and reports true. Otherwise the body is put back, to be
// forwarded.
func (ex *exchange) rejectFirst(w http.ResponseWriter, r *http.Request) bool {
	s := seen{whole: true}
	if ex.reqCap != nil {
		_, err := io.Copy(io.Discard, io.LimitReader(ex.reqCap, ex.p.o.MaxBody+1))
		s = ex.reqCap.seen()
		if err != nil {
			s.whole = false
		} else if s.tooLarge {
			s.whole = true // as far as the proxy will read it
		}
		ex.reqSeen = &s
	}
	if !s.whole {
		// The client's body broke off: there is nothing to forward.
		ex.upstreamErr, ex.proxyStatus = fmt.Errorf("the request body could not be read: %w", s.err), http.StatusBadRequest
		w.WriteHeader(http.StatusBadRequest)
		ex.finish()
		return true
	}
	findings, err := ex.p.v.Request(ex.checkRequest(s))
	if err != nil {
		findings = nil
	}
	findings = fixTooLarge(findings, ex.op(), spec.Request, s, ex.p.o.MaxBody)
	if !hasError(findings) {
		if ex.reqCap != nil {
			r.Body = io.NopCloser(bytes.NewReader(s.body))
			r.ContentLength = int64(len(s.body))
		}
		return false
	}
	status, body := validate.ErrorBody(findings)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	resp := &traffic.Response{Status: status, Header: w.Header().Clone(), Body: body, BodySize: int64(len(body))}
	ex.once.Do(func() {
		ex.p.stats.rejected.Add(1)
		ex.p.record(ex.recorded(s, resp))
		ex.p.emit(Event{Time: ex.start, Method: ex.method, Path: ex.path, Operation: ex.op(), Status: status,
			Rejected: true, Findings: findings, Duration: ex.p.o.Now().Sub(ex.start)}, ex.header)
	})
	return true
}

func (ex *exchange) op() string { return validate.OpPath(ex.path) }

// checkRequest is the request as the validator and the recording see it:
// sent to the record URL, with the body that went through.
func (ex *exchange) checkRequest(s seen) *http.Request {
	u, _ := url.Parse(ex.recURL)
	req := &http.Request{Method: ex.method, URL: u, Host: u.Host, Header: ex.header.Clone(),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Body: http.NoBody}
	if len(s.body) > 0 {
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(s.body)), int64(len(s.body))
	}
	return req
}

func (ex *exchange) requestSeen() seen {
	switch {
	case ex.reqSeen != nil:
		return *ex.reqSeen
	case ex.reqCap != nil:
		return ex.reqCap.seen()
	}
	return seen{whole: true}
}

// finish validates, records and reports the exchange, once its answer has
// gone through to the client (or the upstream failed).
func (ex *exchange) finish() {
	ex.once.Do(ex.doFinish)
}

func (ex *exchange) doFinish() {
	p := ex.p
	e := Event{Time: ex.start, Method: ex.method, Path: ex.path, Operation: ex.op(), Duration: p.o.Now().Sub(ex.start)}
	req := ex.requestSeen()
	if !req.whole && !req.tooLarge {
		// The upstream answered before it read the whole request body, or
		// the client's body broke off: the body is not known whole, so it
		// is neither validated nor recorded.
		req = seen{cut: true, size: req.size}
	}
	var rec *traffic.Response
	var checkResp *http.Response
	var respSeen seen
	switch {
	case ex.upstreamErr != nil:
		e.Status, e.Err = ex.proxyStatus, sanitize(ex.upstreamErr)
	case ex.resp != nil:
		e.Status = ex.resp.StatusCode
		respSeen = ex.respCap.seen()
		if !respSeen.whole && !respSeen.tooLarge {
			p.stats.failed.Add(1)
			e.Err = fmt.Errorf("the answer broke off after %d bytes: %v", respSeen.size, orEOF(respSeen.err))
			break
		}
		header, body, derr := decoded(ex.resp.Header, respSeen, p.o.MaxBody)
		if derr != nil {
			// Not readable: the answer is recorded and judged without its body.
			e.Err, body = derr, seen{cut: true, size: respSeen.size}
		}
		respSeen = body
		rec = &traffic.Response{Status: ex.resp.StatusCode, Header: header.Clone(), Body: respSeen.body,
			BodyTooLarge: respSeen.tooLarge || respSeen.cut, BodySize: respSeen.size}
		checkResp = &http.Response{StatusCode: ex.resp.StatusCode, Status: ex.resp.Status, Header: header.Clone(),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Body: http.NoBody}
		if len(respSeen.body) > 0 {
			checkResp.Body, checkResp.ContentLength = io.NopCloser(bytes.NewReader(respSeen.body)), int64(len(respSeen.body))
		}
	}
	checkReq := ex.checkRequest(req)
	if checkResp != nil {
		checkResp.Request = checkReq
	}
	findings, states, err := p.v.ExchangeStates(checkReq, checkResp)
	if err != nil {
		e.Err = err
	}
	findings = fixTooLarge(findings, e.Operation, spec.Request, req, p.o.MaxBody)
	if checkResp != nil {
		findings = fixTooLarge(findings, e.Operation, spec.Response, respSeen, p.o.MaxBody)
		if !respSeen.tooLarge && !respSeen.cut {
			env := validate.EnvironmentOf(p.base.Host)
			for i := range states {
				states[i].Environment = env
			}
			findings = append(findings, p.tracker.ObserveStates(e.Operation, states)...)
		}
	}
	e.Findings = findings
	if err := p.record(ex.recorded(req, rec)); err != nil {
		e.RecordErr = err
	}
	p.emit(e, ex.header)
}

func orEOF(err error) error {
	if err == nil {
		return io.ErrUnexpectedEOF
	}
	return err
}

// recorded is the exchange as the recorder gets it.
func (ex *exchange) recorded(req seen, resp *traffic.Response) *traffic.Exchange {
	return &traffic.Exchange{Time: ex.start,
		Request: traffic.Request{Method: ex.method, URL: ex.recURL, Header: ex.header.Clone(),
			Body: req.body, BodyTooLarge: req.tooLarge || req.cut, BodySize: req.size},
		Response: resp}
}

// record is the one place exchanges reach the recorder (and its
// redaction).
func (p *Proxy) record(x *traffic.Exchange) error {
	if p.o.Recorder == nil {
		return nil
	}
	return p.o.Recorder.Write(x)
}

// finishSkipped reports a call forwarded untouched.
func (ex *exchange) finishSkipped(err error) {
	ex.once.Do(func() {
		ex.p.emit(Event{Time: ex.start, Method: ex.method, Path: ex.path, Status: ex.status, Skipped: true,
			Err: sanitizeOrNil(err), Duration: ex.p.o.Now().Sub(ex.start)}, nil)
	})
}

func sanitizeOrNil(err error) error {
	if err == nil {
		return nil
	}
	return sanitize(err)
}

// fixTooLarge replaces what the validator said about a body it did not get
// whole (it saw an empty one) with one body-too-large finding, as
// `wepaykit validate` reports a recorded body over its limit.
func fixTooLarge(in []validate.Finding, op string, side spec.Side, s seen, limit int64) []validate.Finding {
	if !s.tooLarge && !s.cut {
		return in
	}
	out := in[:0]
	for _, f := range in {
		if f.Side == string(side) && (f.Location == validate.InBody || f.Rule == spec.RuleErrorBodyOnFailure) {
			continue
		}
		out = append(out, f)
	}
	if s.cut {
		return out
	}
	out = append(out, validate.Finding{Operation: op, Side: string(side), Location: validate.InBody,
		Rule: validate.RuleBodyTooLarge, Severity: validate.SeverityError,
		Message: fmt.Sprintf("body of %d bytes is over the %d-byte limit; forwarded, not validated", s.size, limit)})
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Side == string(spec.Request) && out[j].Side != string(spec.Request)
	})
	return out
}

func hasError(fs []validate.Finding) bool {
	for _, f := range fs {
		if f.Severity == validate.SeverityError {
			return true
		}
	}
	return false
}
