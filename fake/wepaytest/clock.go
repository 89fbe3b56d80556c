package wepaytest

import (
	"sort"
	"sync"
	"time"
)

// Clock is the fake's source of time and its scheduler of IPN retries.
// [RealClock] follows the wall clock; [ManualClock] moves only when told to,
// which makes create times and IPN retries deterministic in tests.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// AfterFunc runs f once d has passed, as time.AfterFunc does.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending call of [Clock.AfterFunc]. Stop cancels it and reports
// whether it did so before the call ran.
type Timer interface {
	Stop() bool
}

// RealClock is the wall clock: Now is time.Now and AfterFunc is
// time.AfterFunc, so f runs in its own goroutine.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// AfterFunc calls time.AfterFunc.
func (RealClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// ManualClock is a clock for tests: its time changes only through
// [ManualClock.Advance] and [ManualClock.Set], which run the calls that fall
// due synchronously, in time order, in the caller's goroutine. A call
// scheduled with a non-positive delay runs at once, in the goroutine of
// [ManualClock.AfterFunc]. Its methods are safe for concurrent use.
type ManualClock struct {
	run sync.Mutex // serialises Advance and Set so that calls run in order

	mu     sync.Mutex
	now    time.Time
	seq    int
	timers []*manualTimer
}

type manualTimer struct {
	c   *ManualClock
	at  time.Time
	seq int
	f   func()
}

// NewManualClock returns a clock that reads t until it is moved.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f at Now()+d. With d <= 0 it calls f before returning.
func (c *ManualClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	c.seq++
	t := &manualTimer{c: c, at: c.now.Add(d), seq: c.seq, f: f}
	if d > 0 {
		c.timers = append(c.timers, t)
	}
	c.mu.Unlock()
	if d <= 0 {
		f()
	}
	return t
}

// Stop cancels the call if it has not run yet.
func (t *manualTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for i, x := range t.c.timers {
		if x == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// Advance moves the clock forward by d. Every call that falls due on the
// way runs with Now() reading its own due time; calls they schedule run too
// when they fall due before the end. Afterwards Now() is the old time plus
// d; concurrent Advances add up.
func (c *ManualClock) Advance(d time.Duration) {
	c.run.Lock()
	defer c.run.Unlock()
	c.mu.Lock()
	t := c.now.Add(d) // read under run: no other Advance or Set moves it meanwhile
	c.mu.Unlock()
	c.moveTo(t)
}

// Set moves the clock to t, like [ManualClock.Advance]. A t before the
// clock's time sets the time back and runs nothing.
func (c *ManualClock) Set(t time.Time) {
	c.run.Lock()
	defer c.run.Unlock()
	c.moveTo(t)
}

// moveTo runs the calls due up to t, in time order, and leaves the clock at
// t. Callers hold c.run.
func (c *ManualClock) moveTo(t time.Time) {
	for {
		c.mu.Lock()
		sort.Slice(c.timers, func(i, j int) bool {
			a, b := c.timers[i], c.timers[j]
			if !a.at.Equal(b.at) {
				return a.at.Before(b.at)
			}
			return a.seq < b.seq
		})
		if len(c.timers) == 0 || c.timers[0].at.After(t) {
			c.now = t
			c.mu.Unlock()
			return
		}
		next := c.timers[0]
		c.timers = c.timers[1:]
		if next.at.After(c.now) {
			c.now = next.at
		}
		c.mu.Unlock()
		next.f()
	}
}

// Pending reports how many scheduled calls have not run yet.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}
