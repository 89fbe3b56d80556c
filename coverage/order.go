package coverage

import (
	"context"
	"time"
)

type orderKey struct{}

type order struct {
	t time.Time
	n int64
}

// WithOrder returns a context that places the exchange made with it (a
// recorded one, replayed through a validator) at time t and position n
// of its recording, for [Exchange.Time] and [Exchange.Order].
func WithOrder(ctx context.Context, t time.Time, n int64) context.Context {
	return context.WithValue(ctx, orderKey{}, order{t: t, n: n})
}

// OrderFrom returns what [WithOrder] put in ctx; ok is false when nothing
// was.
func OrderFrom(ctx context.Context) (t time.Time, n int64, ok bool) {
	if ctx == nil {
		return time.Time{}, 0, false
	}
	o, ok := ctx.Value(orderKey{}).(order)
	return o.t, o.n, ok
}
