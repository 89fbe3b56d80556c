// Package proxy is a validating, recording reverse proxy for WePay's v2
// /account API: put it between a platform (its staging app, a real SDK
// client) and WePay's stage, or any stand-in, and every exchange is
// forwarded unchanged and validated as `wepaykit validate` validates a
// recording, with the account states tracked across the session.
//
// [New] builds an http.Handler from a [validate.Validator] (the caller's,
// with its options) and the upstream's URL. Bodies stream through: the
// proxy keeps at most [Options.MaxBody] bytes of each for validation and
// the recording, and forwards the rest as it comes. Connections to the
// upstream are kept alive; a client that goes away cancels its upstream
// call. Findings go to [Options.OnEvent] as each exchange completes
// ([TextPrinter], [JSONPrinter]); in-scope exchanges are written to
// [Options.Recorder] (a *traffic.JSONLWriter, which redacts every secret).
// With [Options.Reject], a request with an error finding is answered by
// the proxy with WePay's error body ([validate.ErrorBody]) and never
// reaches the upstream.
//
// Nothing the proxy prints, records or answers itself holds an access token: the
// validator redacts findings, the recorder redacts headers, queries and
// bodies, and events name a call by its path, never its query.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// DefaultRecordBase is where exchanges are recorded when the upstream is
// not a WePay host (a local stand-in): WePay's stage, whose rules a
// stand-in is validated against anyway (validate.EnvironmentOf), so that
// `wepaykit validate FILE` reads the recording with no --host flag.
const DefaultRecordBase = "https://stage.wepayapi.com"

// Recorder writes exchanges; *traffic.JSONLWriter is one. It must be safe
// for concurrent use and must redact secrets.
type Recorder interface {
	Write(x *traffic.Exchange) error
}

// Options configures a [Proxy]. The zero value forwards, validates and
// reports nothing.
type Options struct {
	// Reject answers a request that has an error finding with WePay's error
	// body (the status and body of validate.ErrorBody) instead of
	// forwarding it.
	Reject bool
	// OnEvent receives the outcome of each call as it completes. Calls are
	// serialised: OnEvent needs no lock of its own. It may be nil.
	OnEvent func(Event)
	// Recorder receives every in-scope exchange (bodies over MaxBody are
	// recorded as too large, without their bytes). It may be nil.
	Recorder Recorder
	// RecordBase is the scheme and host recorded URLs get, and the host
	// findings are judged by (production for wepayapi.com, stage
	// otherwise). "" means the upstream's own when it is a WePay host,
	// [DefaultRecordBase] otherwise. The recorded path is the upstream's.
	RecordBase string
	// Transport carries calls to the upstream; nil means a clone of
	// http.DefaultTransport (connections kept alive, HTTP/2 where offered)
	// with DisableCompression set, so that Accept-Encoding goes through as
	// the client sent it. A Transport of the caller's should set it too.
	Transport http.RoundTripper
	// MaxBody is the most bytes of each body kept for validation and the
	// recording; 0 means validate.DefaultMaxBody. A longer body is still
	// forwarded whole and reported with rule body-too-large. Keep it at
	// least the validator's own limit (validate.WithMaxBody).
	MaxBody int64
	// Timeout bounds a whole call to the upstream, answer body included;
	// 0 means no limit beyond the client's own. A call that runs out gets
	// 504 Gateway Timeout.
	Timeout time.Duration
	// Scope says which calls are validated and recorded, by request path;
	// nil means [InScope]. Other calls are forwarded untouched.
	Scope func(path string) bool
	// Now gives the times of events and recordings; nil means time.Now.
	Now func() time.Time
}

// InScope reports whether a request path is a call of the /account API
// ("/account", "/v2/account/find", ...), the calls the contract covers.
func InScope(path string) bool {
	op := validate.OpPath(path)
	return op == "/account" || strings.HasPrefix(op, "/account/")
}

// Proxy is the validating reverse proxy, an http.Handler. It is safe for
// concurrent use. Build it with [New].
type Proxy struct {
	v        *validate.Validator
	upstream *url.URL
	base     *url.URL // RecordBase, parsed
	o        Options
	rp       *httputil.ReverseProxy
	tracker  *validate.StateTracker

	eventMu sync.Mutex
	stats   struct {
		calls, passed, rejected, failed, errors, warnings atomic.Int64
	}
}

// ConfigError reports an unusable upstream URL or option.
type ConfigError struct {
	What string
	Err  error
}

// Error implements error.
func (e *ConfigError) Error() string {
	if e.Err != nil {
		return "proxy: " + e.What + ": " + e.Err.Error()
	}
	return "proxy: " + e.What
}

// Unwrap returns the underlying error.
func (e *ConfigError) Unwrap() error { return e.Err }

// New returns a proxy that forwards every call to upstream (an absolute
// http or https URL, such as https://stage.wepayapi.com; a path such as
// /v2 is put before every request path) and validates it with v.
func New(v *validate.Validator, upstream string, o Options) (*Proxy, error) {
	if v == nil {
		return nil, &ConfigError{What: "a validator is required"}
	}
	up, err := parseBase("upstream", upstream)
	if err != nil {
		return nil, err
	}
	if o.MaxBody < 0 || o.Timeout < 0 {
		return nil, &ConfigError{What: "MaxBody and Timeout must not be negative"}
	}
	if o.MaxBody == 0 {
		o.MaxBody = validate.DefaultMaxBody
	}
	if o.Scope == nil {
		o.Scope = InScope
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// Forward Accept-Encoding as the client sent it (or not): a transport
		// that asks for gzip itself would change the call and hand the
		// client a body decompressed behind its back.
		t.DisableCompression = true
		o.Transport = t
	}
	rb := o.RecordBase
	if rb == "" {
		rb = DefaultRecordBase
		if traffic.IsWePayHost(up.Host, nil) {
			rb = up.Scheme + "://" + up.Host
		}
	}
	base, err := parseBase("record base", rb)
	if err != nil {
		return nil, err
	}
	p := &Proxy{v: v, upstream: up, base: base, o: o, tracker: v.NewStateTracker()}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(up)
			pr.Out.Host = up.Host
		},
		Transport:      o.Transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.upstreamError,
		// Errors reach OnEvent, sanitised; the default log could print a
		// URL with a token in its query.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	return p, nil
}

func parseBase(what, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &ConfigError{What: what + " " + fmt.Sprintf("%q", raw), Err: err}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ConfigError{What: fmt.Sprintf("%s %q is not an absolute http or https URL", what, raw)}
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, &ConfigError{What: fmt.Sprintf("%s must have no user, query or fragment", what)}
	}
	return u, nil
}

// Upstream returns the URL calls are forwarded to.
func (p *Proxy) Upstream() string { return p.upstream.String() }

// RecordBase returns the scheme and host exchanges are recorded and judged
// under.
func (p *Proxy) RecordBase() string { return p.base.Scheme + "://" + p.base.Host }

// Stats counts what the proxy has seen since it was built.
type Stats struct {
	Calls    int64 // in-scope calls (validated)
	Passed   int64 // calls forwarded untouched because they are out of scope
	Rejected int64 // calls answered by the proxy with WePay's error body
	Failed   int64 // calls whose upstream could not be reached or broke off
	Errors   int64 // error findings
	Warnings int64 // warning findings
}

// Stats returns the counts so far.
func (p *Proxy) Stats() Stats {
	return Stats{Calls: p.stats.calls.Load(), Passed: p.stats.passed.Load(), Rejected: p.stats.rejected.Load(),
		Failed: p.stats.failed.Load(), Errors: p.stats.errors.Load(), Warnings: p.stats.warnings.Load()}
}

type ctxKey struct{}

// ServeHTTP forwards the call and validates it.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Full duplex: the request body streams to the upstream while its
	// answer streams back. Without it, an HTTP/1 server consumes and
	// closes the request body as soon as the answer's header is written,
	// and the transport's last read of the body (the check for bytes past
	// Content-Length) then fails and breaks off the answer mid-way. HTTP/2
	// is full duplex already (ErrNotSupported, ignored).
	_ = http.NewResponseController(w).EnableFullDuplex()
	if p.o.Timeout > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), p.o.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	if !p.o.Scope(r.URL.Path) {
		p.stats.passed.Add(1)
		ex := &exchange{p: p, start: p.o.Now(), method: r.Method, path: r.URL.Path, skipped: true}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ex))
		p.rp.ServeHTTP(w, r)
		return
	}
	p.stats.calls.Add(1)
	ex := newExchange(p, r)
	if p.o.Reject && ex.rejectFirst(w, r) {
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ex))
	p.rp.ServeHTTP(w, r)
}

func exchangeOf(r *http.Request) *exchange {
	ex, _ := r.Context().Value(ctxKey{}).(*exchange)
	return ex
}

// modifyResponse wraps the upstream's answer body, so that the exchange is
// validated once the body has gone through to the client.
func (p *Proxy) modifyResponse(resp *http.Response) error {
	ex := exchangeOf(resp.Request)
	if ex == nil {
		return nil
	}
	if ex.skipped {
		ex.status = resp.StatusCode
		if resp.StatusCode == http.StatusSwitchingProtocols {
			// An upgraded connection (a WebSocket) needs the body as the
			// transport made it, to write to.
			ex.finishSkipped(nil)
			return nil
		}
		body := resp.Body
		resp.Body = &onClose{ReadCloser: body, f: func() { ex.finishSkipped(nil) }}
		return nil
	}
	ex.resp = resp
	body := resp.Body
	if body == nil {
		body = http.NoBody
	}
	ex.respCap = newCapture(body, p.o.MaxBody, ex.finish)
	resp.Body = ex.respCap
	return nil
}

// upstreamError answers a call the upstream did not answer: 504 when the
// call ran out of time, nothing when the client went away, 502 otherwise.
func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadGateway
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		status = 499 // the client is gone: nobody reads the answer
	}
	if status != 499 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "wepaykit proxy: the upstream did not answer: %v\n", sanitize(err))
	}
	ex := exchangeOf(r)
	if ex == nil {
		return
	}
	p.stats.failed.Add(1)
	if ex.skipped {
		ex.status = status
		ex.finishSkipped(err)
		return
	}
	ex.upstreamErr, ex.proxyStatus = err, status
	ex.finish()
}

// sanitize keeps an upstream error free of the request URL (whose query
// may hold a token): a *url.Error is reduced to its cause.
func sanitize(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

type onClose struct {
	io.ReadCloser
	once sync.Once
	f    func()
}

func (c *onClose) Close() error {
	err := c.ReadCloser.Close()
	c.once.Do(c.f)
	return err
}

// emit hands an event to OnEvent, one at a time. It is the one place
// events are redacted (internal/redact): the method, the path (a
// ";access_token=" path parameter), the operation and the error are masked with the
// secrets of the request's headers h (nil for a call passed through).
// Findings come redacted from the validator.
func (p *Proxy) emit(e Event, h http.Header) {
	pol := redact.Default()
	var sec redact.Secrets
	pol.Collect(&sec, h, e.Path, nil)
	// Known secrets first, then the policy's pass for what no header told:
	// secret parameters of quoted URLs, token-shaped values.
	e.Method = pol.Message(sec.Text(e.Method))
	e.Path = pol.Path(pol.Message(sec.Text(e.Path)))
	e.Operation = pol.Path(pol.Message(sec.Text(e.Operation)))
	if e.Err != nil {
		if m := pol.Path(pol.Message(sec.Text(e.Err.Error()))); m != e.Err.Error() {
			e.Err = &redactedError{msg: m, err: e.Err}
		}
	}
	for _, f := range e.Findings {
		if f.Severity == validate.SeverityError {
			p.stats.errors.Add(1)
		} else {
			p.stats.warnings.Add(1)
		}
	}
	if p.o.OnEvent == nil {
		return
	}
	p.eventMu.Lock()
	defer p.eventMu.Unlock()
	p.o.OnEvent(e)
}

// redactedError is an error whose text held a secret: it prints the masked
// text and still unwraps to the original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
