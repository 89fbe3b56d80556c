package wepaytest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Delivery is one attempt to deliver an IPN.
//
// URL and Err carry the callback_uri whole, query included, for the test
// that owns the fake to inspect ([Handler.Deliveries]); partners put secrets
// in callback queries, so treat a Delivery as secret. The log
// ([WithLogger]) shows neither the query nor the URL inside Err.
type Delivery struct {
	AccountID int64     `json:"account_id"`
	URL       string    `json:"url"`     // the account's callback_uri, query included
	Attempt   int       `json:"attempt"` // 1 for the first attempt, 2 to 7 for the six retries
	At        time.Time `json:"at"`      // the clock's time when the attempt was made
	Status    int       `json:"status"`  // the receiver's HTTP status; 0 when it did not answer
	Err       string    `json:"error"`   // why the request failed, URL included; "" when the receiver answered
}

// OK reports whether the receiver took the IPN: only a 200 counts (FAQ:
// "If your callback_uri returns a non-200 response code when we make a HTTP
// request, we will consider the IPN to have failed.").
func (d Delivery) OK() bool { return d.Status == http.StatusOK }

// retryDelay is the wait before the retry that follows attempt n (1-based),
// counted from that attempt. FAQ, "What is an IPN": "If the IPN fails, we
// will retry 6 times: the 1st retry will happen 15 minutes after the initial
// attempt the 2nd retry will happen 30 minutes after the 1st retry the 3rd
// retry will happen 1 hour after the 2nd retry the 4th retry will happen 6
// hours after the 3rd retry the 5th retry will happen 12 hours after the 4th
// retry the 6th retry will happen 24 hours after the 5th retry".
func retryDelay(n int) (time.Duration, bool) {
	delays := [...]time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	if n < 1 || n > len(delays) {
		return 0, false
	}
	return delays[n-1], true
}

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
	ctx    context.Context // cancelled by close, to abort deliveries in flight
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

func newNotifier(c Clock, client *http.Client, log *slog.Logger) *notifier {
	ctx, cancel := context.WithCancel(context.Background())
	return &notifier{clock: c, client: client, log: log, ctx: ctx, cancel: cancel, pending: map[*pendingAttempt]struct{}{}}
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
	req, err := http.NewRequestWithContext(n.ctx, http.MethodPost, ev.URL, strings.NewReader(form))
	if err == nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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
	n.log.Info("wepaytest: IPN", "account_id", d.AccountID, "url", logURL(ev.URL), "attempt", d.Attempt, "status", d.Status,
		"error", logError(err, ev.URL))
	if d.OK() {
		return
	}
	if wait, ok := retryDelay(k); ok {
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
