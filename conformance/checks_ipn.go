package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// DefaultIPNWait is how long an ipn check waits for a delivery when
// Target.IPNWait is 0.
const DefaultIPNWait = 5 * time.Second

// maxIPNBody bounds the IPN bodies the listener reads.
const maxIPNBody = 64 << 10

// ipnChecks: an account's IPN reaches its callback_uri as the contract's
// webhook (webhooks.accountIPN and its x-wepaykit-ipn) describes. A contract
// without the webhook has no ipn check.
//
// reference, /account/create callback_uri: "If you set this parameter, you
// will receive an IPN whenever the account is verified or deleted."
func (s *suite) ipnChecks() []check {
	if _, err := s.sp.IPN(); err != nil {
		return nil
	}
	const how = ": the target POSTs the webhook's form body (account_id=N) to the callback_uri, its query kept; " +
		"skipped when the target cannot reach a listener on 127.0.0.1 or sends nothing within Target.IPNWait"
	return []check{
		{name: CatIPN + "/on-delete", category: CatIPN, ops: []string{spec.OpDelete},
			summary: "an account created with a callback_uri on a local listener is deleted" + how,
			run:     func(ctx context.Context, p *probe) { p.ipn(ctx, false) }},
		{name: CatIPN + "/on-verified", category: CatIPN, needs: []Need{NeedDriver}, ops: []string{spec.OpCreate},
			summary: "an account created with a callback_uri on a local listener completes KYC and gets a bank (verified)" + how,
			run:     func(ctx context.Context, p *probe) { p.ipn(ctx, true) }},
	}
}

// ipnUnreachable says why the target cannot deliver to a listener on this
// machine, or "" when it may: an in-process handler, or a BaseURL on a
// loopback host. A production target is refused a callback_uri with a port
// (rule callback-uri-no-port-in-production), and the listener needs one.
func (s *session) ipnUnreachable() string {
	if s.t.environment() == validate.EnvProduction {
		return "the listener's callback_uri needs a port, and production refuses one (callback-uri-no-port-in-production); the IPN is not checked"
	}
	if s.t.Handler != nil {
		return ""
	}
	u, err := url.Parse(s.base)
	if err != nil {
		return "the target's address does not parse; the IPN is not checked"
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("the target at %s is not on a loopback address: it may not reach a listener on 127.0.0.1 "+
		"(a remote stage cannot); the IPN is not checked", host)
}

// ipnWait is how long a check waits for a delivery.
func (s *session) ipnWait() time.Duration {
	if s.t.IPNWait > 0 {
		return s.t.IPNWait
	}
	return DefaultIPNWait
}

// ipnDelivery is one request the listener received.
type ipnDelivery struct {
	method, contentType, path, rawQuery string
	body                                []byte
	err                                 error // the body could not be read
}

// ipnListener is a callback_uri on 127.0.0.1 that answers the webhook's
// success status and keeps what it receives.
type ipnListener struct {
	srv     *http.Server
	url     string // http://127.0.0.1:PORT
	status  int
	mu      sync.Mutex
	got     []ipnDelivery
	arrived chan struct{} // has a value when a delivery came since the last wait
}

func listenIPN(status int) (*ipnListener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &ipnListener{url: "http://" + ln.Addr().String(), status: status, arrived: make(chan struct{}, 1)}
	l.srv = &http.Server{Handler: l, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

func (l *ipnListener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxIPNBody))
	d := ipnDelivery{method: r.Method, contentType: r.Header.Get("Content-Type"), path: r.URL.Path, rawQuery: r.URL.RawQuery, body: body, err: err}
	l.mu.Lock()
	l.got = append(l.got, d)
	l.mu.Unlock()
	select {
	case l.arrived <- struct{}{}:
	default:
	}
	w.WriteHeader(l.status)
}

// deliveries returns the deliveries from the nth on.
func (l *ipnListener) deliveries(n int) []ipnDelivery {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n >= len(l.got) {
		return nil
	}
	return slices.Clone(l.got[n:])
}

// wait waits until a delivery from the nth on has come, d has passed or
// ctx is done.
func (l *ipnListener) wait(ctx context.Context, n int, d time.Duration) []ipnDelivery {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		if got := l.deliveries(n); len(got) > 0 {
			return got
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			return l.deliveries(n)
		case <-l.arrived:
		}
	}
}

func (l *ipnListener) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := l.srv.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		_ = l.srv.Close()
	}
}

// ipn creates an account whose callback_uri is a local listener, changes
// its state (deletes it, or with verified completes KYC and adds a bank)
// and checks what the listener received against the contract's webhook.
func (p *probe) ipn(ctx context.Context, verified bool) {
	if why := p.s.ipnUnreachable(); why != "" {
		p.skipped = why
		return
	}
	desc, err := p.s.sp.IPN()
	if err != nil {
		p.skipped = "the contract describes no IPN: " + err.Error()
		return
	}
	l, err := listenIPN(desc.SuccessStatus)
	if err != nil {
		p.skipped = "cannot listen on 127.0.0.1 for the IPN: " + err.Error()
		return
	}
	defer l.close()
	n := p.s.seq.Add(1)
	path := fmt.Sprintf("/ipn/%s/%d", p.s.runID, n)
	query := url.Values{"run": {p.s.runID}, "n": {strconv.FormatInt(n, 10)}}.Encode()
	callback := l.url + path + "?" + query

	p.s.tick(ctx)
	b := p.body(spec.OpCreate, 0)
	b["name"] = p.s.uniqueName("Conformance IPN")
	b["callback_uri"] = callback
	a := p.send(ctx, req{op: spec.OpCreate, body: b})
	if !p.wantOK(a, "creating an account with a callback_uri") || a.accountID() == 0 {
		return
	}
	id := a.accountID()
	before := len(l.deliveries(0)) // a target may announce the new account; that is not the change
	what := "deleted"
	if verified {
		what = "verified (KYC complete and a bank added)"
		if !p.act(ctx, id, "settle") {
			return
		}
		if la := p.lookup(ctx, id); la.err != nil || la.status != http.StatusOK || la.state() != stActive {
			// The states checks report a target that does not activate a
			// settled account; without the change there is no IPN to wait for.
			p.skipped = fmt.Sprintf("account %d did not become %s after KYC and a bank; no change of state to announce", id, stActive)
			return
		}
		// The account leaves while the listener still answers, so that its
		// delete IPN does not go to a closed port.
		defer p.act(context.WithoutCancel(ctx), id, "delete")
	} else if !p.act(ctx, id, "delete") {
		return
	}
	got := l.wait(ctx, before, p.s.ipnWait())
	if len(got) == 0 {
		if ctx.Err() == nil {
			p.skipped = fmt.Sprintf("no IPN reached the listener on 127.0.0.1 within %s after account %d was %s "+
				"(a target that cannot reach this machine, or delivers later, is not checked; Target.IPNWait sets the wait)",
				p.s.ipnWait(), id, what)
		}
		return
	}
	for _, d := range got {
		p.checkDelivery(desc, d, id, path, query)
	}
	if len(p.failures) == 0 {
		p.note = fmt.Sprintf("%d IPN(s) for account %d: %s %s, body account_id=%d, query kept", len(got), id, desc.Method, desc.ContentType, id)
	}
}

// checkDelivery compares one delivery with the webhook: its method, its
// form body naming the account and nothing else, and the callback_uri's own
// query, kept and not joined by the account id.
//
// FAQ, "What is an IPN": "The object_id will be in the body of the request
// (and not added as a url-parameter) ... We will preserve any
// url-parameters you add to the callback_uri".
func (p *probe) checkDelivery(desc spec.IPN, d ipnDelivery, id int64, path, query string) {
	fail := func(cause, format string, args ...any) {
		p.failAs(why{rule: RuleIPN, cause: cause}, "IPN "+d.method+" callback_uri", nil, format, args...)
	}
	if d.method != desc.Method {
		fail("the IPN is not sent with the webhook's method", "the IPN came as %s; the webhook says %s", d.method, desc.Method)
	}
	if d.path != path {
		fail("the IPN went to another path than the callback_uri's", "the IPN went to %q, not the callback_uri's path %q", clipText(d.path), path)
	}
	if mt, _, err := mime.ParseMediaType(d.contentType); err != nil || !strings.EqualFold(mt, desc.ContentType) {
		fail("the IPN body is not of the webhook's content type", "the IPN came with Content-Type %q; the webhook says %s", clipText(d.contentType), desc.ContentType)
	}
	if d.err != nil {
		fail("the IPN body could not be read", "the IPN body could not be read: %v", d.err)
		return
	}
	form, err := url.ParseQuery(string(d.body))
	if err != nil {
		fail("the IPN body is not form-encoded", "the IPN body %q is not form-encoded: %v", clipText(string(d.body)), err)
		return
	}
	var names []string
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	if !slices.Equal(names, desc.Fields) {
		fail("the IPN body's members are not the webhook's", "the IPN body has members %q; the webhook's are %q", names, desc.Fields)
	}
	if got := form.Get("account_id"); got != strconv.FormatInt(id, 10) {
		fail("the IPN body names another account", "the IPN body says account_id=%q; the account that changed is %d", clipText(got), id)
	}
	if !desc.KeepsQuery {
		return
	}
	want, _ := url.ParseQuery(query)
	have, err := url.ParseQuery(d.rawQuery)
	switch {
	case err != nil:
		fail("the IPN's query is not the callback_uri's", "the IPN's query %q does not parse: %v", clipText(d.rawQuery), err)
	case have.Has("account_id"):
		fail("the IPN adds account_id to the query", "the IPN's query %q carries account_id; the webhook puts it in the body only", clipText(d.rawQuery))
	default:
		for k, v := range want {
			if !slices.Equal(have[k], v) {
				fail("the IPN loses the callback_uri's query", "the IPN's query %q lost %s=%s of the callback_uri's %q", clipText(d.rawQuery), k, v[0], query)
				break
			}
		}
	}
}

// clipText shortens what a target sent for a message.
func clipText(s string) string {
	if len(s) > 120 {
		return s[:120] + "..."
	}
	return s
}
