package wepaytest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// A Driver changes accounts with context-taking methods, the method set of
// conformance.StateDriver and conformance.Clock.
func ExampleHandler_Driver() {
	h, err := wepaytest.New(wepaytest.WithClock(wepaytest.NewManualClock(time.Date(2019, time.April, 3, 0, 0, 0, 0, time.UTC))))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	d := h.Driver()
	fmt.Println(d.Reinstate(context.Background(), 42) != nil) // no such account
	fmt.Println(d.Advance(context.Background(), time.Hour), h.Clock().Now().Format(time.RFC3339))

	real, err := wepaytest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer real.Close()
	fmt.Println(real.Driver().Advance(context.Background(), time.Hour) == wepaytest.ErrNoManualClock)
	// Output:
	// true
	// <nil> 2019-04-03T01:00:00Z
	// true
}

// A Driver registers users and revokes their tokens, the method set of
// conformance.UserIssuer: a conformance run takes a second user's token
// and a revoked one from it.
func ExampleDriver_UserToken() {
	h, err := wepaytest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	d := h.Driver()
	tok, err := d.UserToken(context.Background(), "second user")
	fmt.Println(tok != "", err)
	fmt.Println(d.RevokeToken(context.Background(), tok))
	fmt.Println(d.RevokeToken(context.Background(), "no such token") != nil)
	// Output:
	// true <nil>
	// <nil>
	// true
}
