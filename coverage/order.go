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

type recordingKey struct{}

// WithRecording returns a context that puts the exchange made with it in
// the recording named name, for [Exchange.Recording]: a validator that
// feeds a collector reads it (validate.WithCoverage), and otherwise takes
// the request's host.
func WithRecording(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, recordingKey{}, name)
}

// RecordingFrom returns what [WithRecording] put in ctx; ok is false when
// nothing was.
func RecordingFrom(ctx context.Context) (name string, ok bool) {
	if ctx == nil {
		return "", false
	}
	name, ok = ctx.Value(recordingKey{}).(string)
	return name, ok
}
