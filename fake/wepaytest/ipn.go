package wepaytest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

// Delivery is one attempt to deliver an IPN.
//
// What the partner's handler receives, as WePay sends it (FAQ, "What is an
// IPN"): an HTTP POST to the account's callback_uri, its own query kept
// ("We will preserve any url-parameters you add to the callback_uri"), with
// the body account_id=N, form-encoded (Content-Type
// application/x-www-form-urlencoded; "The object_id will be in the body of
// the request (and not added as a url-parameter)"). The handler reads it
// with r.ParseForm and r.PostForm.Get("account_id"), then looks the account
// up with /account to learn what changed. Only a 200 answer counts; after
// any other answer, or none, the IPN is retried 6 times: 15 minutes after
// the first attempt, then 30 minutes, 1 hour, 6 hours, 12 hours and 24
// hours after the attempt before (Attempt 2 to 7). See [ExampleDelivery].
//
// URL and Err carry the callback_uri whole, query included, for the test
// that owns the fake to inspect ([Handler.Deliveries]); partners put secrets
// in callback queries, so treat a Delivery as secret. The log
// ([WithLogger]) shows neither the query nor the URL inside Err.
type Delivery struct {
	AccountID int64     `json:"account_id"`
	URL       string    `json:"url"`             // the account's callback_uri, query included
	Attempt   int       `json:"attempt"`         // 1 for the first attempt, 2 to 7 for the six retries
	At        time.Time `json:"at"`              // the clock's time when the attempt was made
	Status    int       `json:"status"`          // the receiver's HTTP status; 0 when it did not answer
	Err       string    `json:"error"`           // why the request failed, URL included; "" when the receiver answered
	Fault     string    `json:"fault,omitempty"` // the forced fault ([Fault], operation "ipn") that failed it without sending
}

// OK reports whether the receiver took the IPN: only a 200 counts (FAQ:
// "If your callback_uri returns a non-200 response code when we make a HTTP
// request, we will consider the IPN to have failed.").
func (d Delivery) OK() bool { return d.Status == http.StatusOK }

// ipnEvent is a change of state to announce.
type ipnEvent struct {
	AccountID int64
	URL       string
}

// notifier delivers IPNs and schedules their retries on the clock.
type notifier struct {
	clock  Clock
	client *http.Client
	log    *slog.Logger
	desc   spec.IPN                       // the contract's webhook: method, success status, retries
	fault  func(url string) (Fault, bool) // a forced failure for a delivery, if any
	ctx    context.Context                // cancelled by close, to abort deliveries in flight
	cancel context.CancelFunc
	wg     sync.WaitGroup // one count per scheduled attempt

	mu         sync.Mutex
	closed     bool
	pending    map[*pendingAttempt]struct{}
	deliveries []Delivery
}

// pendingAttempt is a scheduled attempt. Whoever removes it from
// notifier.pending (the attempt itself, or close) releases its count.
type pendingAttempt struct{ t Timer }

func newNotifier(c Clock, client *http.Client, log *slog.Logger, desc spec.IPN) *notifier {
	ctx, cancel := context.WithCancel(context.Background())
	return &notifier{clock: c, client: client, log: log, desc: desc, ctx: ctx, cancel: cancel, pending: map[*pendingAttempt]struct{}{}}
}

// ipnOf reads the IPN webhook from the contract and checks that the fake
// can send it: a form-encoded request naming account_id.
func ipnOf(s *spec.Spec) (spec.IPN, error) {
	desc, err := s.IPN()
	if err != nil {
		return desc, err
	}
	if desc.ContentType != "application/x-www-form-urlencoded" || !slices.Contains(desc.Fields, "account_id") {
		return desc, &OptionError{Option: "spec", Msg: "the accountIPN webhook must be a form-encoded body with account_id; the fake sends no other"}
	}
	return desc, nil
}

// notify makes the first attempt "immediately": with a [ManualClock] in the
// caller's goroutine, before the call that changed the state answers; with
// the [RealClock] in a goroutine of its own.
func (n *notifier) notify(ev ipnEvent) { n.schedule(0, ev, 1) }

func (n *notifier) schedule(d time.Duration, ev ipnEvent, attempt int) {
	p := &pendingAttempt{}
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	n.pending[p] = struct{}{}
	n.wg.Add(1)
	n.mu.Unlock()
	t := n.clock.AfterFunc(d, func() {
		n.mu.Lock()
		_, mine := n.pending[p]
		delete(n.pending, p)
		n.mu.Unlock()
		if !mine {
			return // close released it
		}
		defer n.wg.Done()
		n.attempt(ev, attempt)
	})
	n.mu.Lock()
	_, live := n.pending[p]
	if live {
		p.t = t
	}
	n.mu.Unlock()
	if !live {
		t.Stop() // already run, or released by close before it had a timer
	}
}

func (n *notifier) attempt(ev ipnEvent, k int) {
	d := Delivery{AccountID: ev.AccountID, URL: ev.URL, Attempt: k, At: n.clock.Now()}
	// FAQ: "The object_id will be in the body of the request (and not added
	// as a url-parameter) ... We will preserve any url-parameters you add to
	// the callback_uri".
	form := url.Values{"account_id": {strconv.FormatInt(ev.AccountID, 10)}}.Encode()
	var err error
	var f Fault
	forced := false
	if n.fault != nil {
		f, forced = n.fault(ev.URL)
	}
	var req *http.Request
	switch {
	case forced:
		d.Fault = f.describe()
		if d.Status = f.Status; f.Kind == FaultDrop {
			err = &FaultError{Msg: "the delivery's connection was dropped"}
		}
	default:
		req, err = http.NewRequestWithContext(n.ctx, n.desc.Method, ev.URL, strings.NewReader(form))
	}
	if req != nil && err == nil {
		req.Header.Set("Content-Type", n.desc.ContentType)
		req.Header.Set("User-Agent", "wepaykit-wepaytest-ipn")
		var resp *http.Response
		if resp, err = n.client.Do(req); err == nil {
			d.Status = resp.StatusCode
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			_ = resp.Body.Close()
		}
	}
	if err != nil {
		d.Err = err.Error()
	}
	n.mu.Lock()
	n.deliveries = append(n.deliveries, d)
	n.mu.Unlock()
	attrs := []any{"account_id", d.AccountID, "url", logURL(ev.URL), "attempt", d.Attempt}
	if d.Status != 0 {
		attrs = append(attrs, "status", d.Status)
	}
	if err != nil {
		attrs = append(attrs, "error", logError(err, ev.URL))
	}
	if d.Fault != "" {
		attrs = append(attrs, "fault", d.Fault)
	}
	n.log.Info("wepaytest: IPN", attrs...)
	if d.Status == n.desc.SuccessStatus {
		return
	}
	// The retry schedule is the webhook's x-wepaykit-ipn (FAQ, "What is an
	// IPN": "If the IPN fails, we will retry 6 times: ... 15 minutes ...
	// 24 hours after the 5th retry").
	if wait, ok := n.desc.RetryDelay(k); ok {
		n.schedule(wait, ev, k+1)
	}
}

// logURL is a callback_uri as the log shows it: scheme, host and path,
// without the user info, query and fragment where partners put secrets.
func logURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a callback_uri that does not parse)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// logError is a delivery error as the log shows it: without the URL that a
// *url.Error repeats, and with any other copy of the callback_uri shortened
// as logURL does.
func logError(err error, raw string) string {
	if err == nil {
		return ""
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	if raw == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), raw, logURL(raw))
}

// close drops the attempts not yet run and waits for those in flight.
func (n *notifier) close() {
	n.mu.Lock()
	n.closed = true
	var drop []*pendingAttempt
	for p := range n.pending {
		drop = append(drop, p)
	}
	clear(n.pending)
	n.mu.Unlock()
	for _, p := range drop {
		if p.t != nil {
			p.t.Stop()
		}
		n.wg.Done()
	}
	n.cancel()
	n.wg.Wait()
}

// Deliveries lists every IPN attempt made so far, oldest first.
func (h *Handler) Deliveries() []Delivery {
	h.ipn.mu.Lock()
	defer h.ipn.mu.Unlock()
	return append([]Delivery(nil), h.ipn.deliveries...)
}
