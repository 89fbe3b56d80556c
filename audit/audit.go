// Package audit validates recorded traffic with a validate.Validator.
//
// [Run] streams each recording: one goroutine reads entries one at a time
// (package traffic), a pool of workers validates them concurrently, and the
// results are put back in entry order, so the output does not depend on
// scheduling. At most a few entries per worker are in memory at once,
// whatever the size of the recording. After validation the success answers
// of all recordings are replayed in time order through a
// [validate.StateTracker] to find illegal account state transitions.
package audit

import (
	"context"
	"errors"
	"io"
	"runtime"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// Input is one recording to validate.
type Input struct {
	Name string                        // shown in findings and errors ("-" for stdin)
	Open func() (io.ReadCloser, error) // called once, from the reading goroutine
}

// Options tunes [Run].
type Options struct {
	// Hosts are extra API hosts besides wepayapi.com and stage.wepayapi.com
	// (see traffic.IsWePayHost). Entries sent to other hosts are skipped.
	Hosts []string
	// MaxBody is the largest body, in bytes, that is read and validated;
	// 0 means traffic.DefaultMaxBody. A larger body is not kept: it is
	// reported as a finding with rule validate.RuleBodyTooLarge.
	MaxBody int64
	// Workers is the number of exchanges validated at once; 0 means
	// runtime.NumCPU().
	Workers int
	// Progress, when set, is called from time to time, and once at the end,
	// with the number of entries read so far and the time since the start.
	Progress func(entries int, elapsed time.Duration)
	// KeepExchanges records every exchange in Result.Exchanges
	// (for reports that list passing exchanges too, such as JUnit). It
	// costs a few dozen bytes per exchange.
	KeepExchanges bool
}

// Result is what [Run] found.
type Result struct {
	Files     []FileResult   // one per input, in input order
	Entries   int            // entries read from all inputs, skipped and damaged ones included
	Skipped   int            // entries sent to hosts that are not WePay's
	Exchanges []Exchange     // validated and skipped exchanges, only with Options.KeepExchanges
	Findings  []EntryFinding // sorted by input, then entry
	// Errors are the read errors, in the order met: a *traffic.EntryError
	// for a damaged entry (the rest of its file was read), a
	// *traffic.FileError or an *OpenError for an input that could not be
	// read to its end (the entries before the damage were validated).
	Errors []error
}

// FileResult describes how one input was read.
type FileResult struct {
	Name    string
	Format  traffic.Format // "" when the format could not be told
	Entries int            // entries read, skipped and damaged ones included
	Skipped int
	Err     error // the *traffic.FileError or *OpenError that stopped reading, nil at a clean end
}

// Exchange identifies one validated or skipped exchange.
type Exchange struct {
	File      string
	Entry     int    // 0-based index of the entry in its file, counting every entry read
	Line      int    // 1-based line where the entry starts, 0 if unknown
	Method    string // the request method
	Operation string // the call path, for example "/account/create"
	Skipped   string // the host, for an entry skipped because the host is not WePay's; "" when validated
}

// EntryFinding is a finding in one entry of one input.
type EntryFinding struct {
	File  string `json:"file"`
	Entry int    `json:"entry"` // 0-based index of the entry in its file, counting every entry read
	Line  int    `json:"line"`  // 1-based line where the entry starts, 0 if unknown
	// Method is the request's method, for reports that name the exchange.
	Method string `json:"method"`
	validate.Finding
}

// OpenError reports an input that could not be opened.
type OpenError struct {
	File string
	Err  error
}

// Error implements error.
func (e *OpenError) Error() string { return "audit: " + e.File + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *OpenError) Unwrap() error { return e.Err }

// URLError reports a recorded request whose URL cannot be parsed. It is
// the Err of a *traffic.EntryError; the URL itself is not repeated, since
// it may hold an access token.
type URLError struct{}

// Error implements error.
func (e *URLError) Error() string { return "the request URL cannot be parsed" }

// ExchangeError reports an exchange the validator could not read.
type ExchangeError struct{ Err error }

// Error implements error.
func (e *ExchangeError) Error() string { return "validating the exchange: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ExchangeError) Unwrap() error { return e.Err }

// Fatal reports whether some input could not be read to its end (an
// *OpenError or a *traffic.FileError).
func (r *Result) Fatal() bool {
	for _, f := range r.Files {
		if f.Err != nil {
			return true
		}
	}
	return false
}

// Damaged reports whether some entry could not be read (a
// *traffic.EntryError).
func (r *Result) Damaged() bool {
	for _, err := range r.Errors {
		var ee *traffic.EntryError
		if errors.As(err, &ee) {
			return true
		}
	}
	return false
}

// Run validates the exchanges of files with v. It returns an error only
// when ctx is done (with what was found until then); read errors are in
// Result.Errors.
func Run(ctx context.Context, v *validate.Validator, files []Input, o Options) (*Result, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MaxBody <= 0 {
		o.MaxBody = traffic.DefaultMaxBody
	}
	p := newPipeline(ctx, v, files, o)
	res := p.run()
	return res, ctx.Err()
}
