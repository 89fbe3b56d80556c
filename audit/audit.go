// Package audit validates recorded traffic with a validate.Validator.
//
// [Run] streams each recording: one goroutine reads entries one at a time
// (package traffic), a pool of workers validates them concurrently, and the
// results are put back in entry order, so the output does not depend on
// scheduling. At most a few entries per worker are in memory at once,
// whatever the size of the recording. After validation the success answers
// of each recording are replayed in time order through a
// [validate.StateTracker] to find illegal account state transitions (or
// those of all recordings together, with Options.StateAcrossFiles).
//
// Each entry is counted once: validated, a WePay call outside /account
// (Result.OutOfScope, see Options.Scope), sent to another host
// (Result.Skipped), or damaged (Result.Errors). A run that validated
// nothing checked nothing: [Result.NothingValidated] says why. [Inputs]
// turns path arguments (files, directories, "-") into inputs.
package audit

import (
	"github.com/wepaykit/wepaykit/internal/counts"

	"context"
	"errors"
	"io"
	"runtime"
	"time"

	"github.com/wepaykit/wepaykit/policy"
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
	// costs a few dozen bytes per exchange, in memory or, with Spool, on
	// disk.
	KeepExchanges bool
	// MaxErrors is how many read errors of each input Result.Errors keeps;
	// later ones are only counted in Result.ErrorsDropped, so that a
	// hostile file cannot make a report of unbounded size. 0 means
	// DefaultMaxErrors.
	MaxErrors int
	// Scope says which WePay calls are validated: validate.ScopeAccount
	// (the default, "") skips WePay calls outside /account, such as
	// /checkout/create, without findings and counts them in
	// Result.OutOfScope; validate.ScopeAll validates them (each is one
	// route-unknown finding).
	Scope validate.Scope
	// StateAcrossFiles replays the account states of all inputs through one
	// state tracker, for a set of files that is one recording split up. By
	// default each input is its own recording: account ids are only
	// meaningful within one, so state transitions are checked per input.
	StateAcrossFiles bool
	// Policy applies rule control and ignores (with the recording path,
	// so files globs match); nil means the validator's own policy
	// (validate.WithPolicy), if any. Suppressed findings go to
	// Result.Suppressed.
	Policy *policy.Policy
	// Baseline, when set, moves the findings it knows to Result.Suppressed
	// and fills Result.Baseline.
	Baseline *policy.Baseline
	// Spool keeps the findings, the suppressed findings and (with
	// KeepExchanges) the exchanges in temporary files instead of memory,
	// so that a run's memory does not grow with them: Result.Findings,
	// Suppressed and Exchanges stay nil; read them, in the same order, with
	// Result.AllFindings, AllSuppressed and AllExchanges, and call
	// Result.Close when done. SpoolDir is where the files go ("": the
	// system's temporary directory); they are unlinked as soon as they
	// are created where the system allows it.
	Spool    bool
	SpoolDir string
}

// DefaultMaxErrors is the number of read errors kept per input when
// Options.MaxErrors is 0.
const DefaultMaxErrors = 50

// Result is what [Run] found.
type Result struct {
	Files   []FileResult // one per input, in input order
	Entries int          // entries read from all inputs, skipped and damaged ones included
	Skipped int          // entries sent to hosts that are not WePay's
	// Validated counts the exchanges validated (not skipped, not damaged).
	Validated int
	// Unanswered counts the validated exchanges that have no response (a
	// JSON line of a dropped connection, a HAR entry of status 0): only
	// their request was checked.
	Unanswered int
	// OutOfScope counts the WePay calls outside /account that were not
	// validated (see Options.Scope).
	OutOfScope int
	// OutOfScopeCalls and OtherHosts break OutOfScope and Skipped down by
	// call path and by host, in the order first met.
	OutOfScopeCalls []Count
	OtherHosts      []Count
	// VersionHints say, per input, how many validated exchanges declare an
	// Api-Version older than the contract's (their findings may be version
	// drift). In input order, then by version.
	VersionHints []VersionHint
	// Exchanges are the validated and skipped exchanges, only with
	// Options.KeepExchanges; Findings are sorted by input, then entry.
	// Both are nil with Options.Spool: see AllExchanges and AllFindings.
	Exchanges []Exchange
	Findings  []EntryFinding
	// Suppressed are the findings the policy or the baseline keeps out of
	// Findings, in the same order.
	Suppressed []SuppressedFinding
	// Baseline compares the run with Options.Baseline; nil without one.
	Baseline *BaselineResult
	// Errors are the read errors, in the order met: a *traffic.EntryError
	// for a damaged entry (the rest of its file was read), a
	// *traffic.FileError or an *OpenError for an input that could not be
	// read to its end (the entries before the damage were validated).
	Errors []error
	// ErrorsDropped counts the read errors past Options.MaxErrors of their
	// input, which Errors does not hold.
	ErrorsDropped int

	spool *spool // with Options.Spool
}

// FileResult describes how one input was read.
type FileResult struct {
	Name    string
	Format  traffic.Format // "" when the format could not be told
	Entries int            // entries read, skipped and damaged ones included
	Skipped int
	// Validated and OutOfScope are as in Result, for this input.
	Validated, OutOfScope int
	Err                   error // the *traffic.FileError or *OpenError that stopped reading, nil at a clean end
}

// Count is a number of entries that share a key (a call path or a host).
type Count = counts.Count

// VersionHint reports that exchanges of one input declare an Api-Version
// older than the one the contract describes.
type VersionHint struct {
	File      string
	Version   string // the declared Api-Version
	Exchanges int    // validated exchanges that declare it
	Contract  string // the contract's version
}

// String says it as a report does: "3 exchanges declare Api-Version
// 2014-01-08; the contract describes 2019-04-03: required-member findings
// may be version drift".
func (h VersionHint) String() string {
	return counts.VersionHint(h.Exchanges, h.Version, h.Contract)
}

// Plural formats n with the singular or plural noun: "1 entry", "2 entries".
func Plural(n int, one, many string) string { return counts.Noun(n, one, many) }

// Exchange identifies one validated or skipped exchange.
type Exchange struct {
	File      string
	Entry     int    // 0-based index of the entry in its file, counting every entry read
	Line      int    // 1-based line where the entry starts, 0 if unknown
	Method    string // the request method
	Operation string // the call path, for example "/account/create"
	Skipped   string // the host, for an entry skipped because the host is not WePay's; "" when validated
	// OutOfScope is set for a WePay call outside /account that was not
	// validated (see Options.Scope).
	OutOfScope bool
}

// EntryFinding is a finding in one entry of one input.
type EntryFinding struct {
	File  string `json:"file"`
	Entry int    `json:"entry"` // 0-based index of the entry in its file, counting every entry read
	Line  int    `json:"line"`  // 1-based line where the entry starts, 0 if unknown
	// Method is the request's method, for reports that name the exchange.
	Method string `json:"method"`
	// APIVersion is the exchange's Api-Version when it is older than the
	// contract's and the finding is about a body's shape (schema.* and
	// unknown-field): such a finding may be version drift.
	APIVersion string `json:"api_version,omitempty"`
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
	if r.ErrorsDropped > 0 {
		return true // only entry errors are dropped: a file error ends its file
	}
	for _, err := range r.Errors {
		var ee *traffic.EntryError
		if errors.As(err, &ee) {
			return true
		}
	}
	return false
}

// Run validates the exchanges of files with v. It returns an error only
// when ctx is done (with what was found until then) or, with
// Options.Spool, when a spool file cannot be written (a *SpoolError, with
// the result without its findings); read errors are in Result.Errors.
// With Options.Spool, call Result.Close once done with the result.
func Run(ctx context.Context, v *validate.Validator, files []Input, o Options) (*Result, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MaxBody <= 0 {
		o.MaxBody = traffic.DefaultMaxBody
	}
	pol := o.Policy
	if pol == nil {
		pol = v.Policy()
	}
	p := newPipeline(ctx, v.WithoutPolicy(), files, o)
	if o.Spool {
		sp, err := newSpool(o.SpoolDir, o.KeepExchanges)
		if err != nil {
			return nil, err
		}
		p.sp = sp
	}
	res := p.run()
	if p.sp == nil {
		applyPolicy(res, pol, o.Baseline)
		return res, ctx.Err()
	}
	res.spool = p.sp
	if err := finishSpool(res, p.sp, pol, o.Baseline); err != nil {
		p.sp.fail(err)
		p.sp.close()
		return res, err
	}
	return res, ctx.Err()
}
