package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/validate"
)

// Event is the outcome of one call through the proxy.
type Event struct {
	Time      time.Time
	Method    string
	Path      string // the request path as the client sent it; never the query, which may hold a token
	Operation string // the call ("/account/create"); "" for a call out of scope
	Status    int    // the status the client got; 499 when the client went away first
	Duration  time.Duration
	Findings  []validate.Finding // sorted as the validator sorts them, state-tracker findings last
	Skipped   bool               // out of scope: forwarded untouched, not validated or recorded
	Rejected  bool               // answered by the proxy with WePay's error body, not forwarded
	// Err says why the exchange is incomplete: the upstream could not be
	// reached, timed out or broke off mid-answer, or the client went away.
	// Only the request was validated then.
	Err error
	// RecordErr is the recorder's error, when the exchange could not be
	// written.
	RecordErr error
}

// Counts returns the numbers of error and warning findings.
func (e Event) Counts() (errors, warnings int) {
	for _, f := range e.Findings {
		if f.Severity == validate.SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// TextPrinter returns an OnEvent function that prints each call on one
// line ("POST /v2/account/create 200 12ms: 1 error") followed by its
// findings, one per line, indented. Write errors are ignored.
func TextPrinter(w io.Writer) func(Event) {
	return func(e Event) {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s %s", e.Time.UTC().Format("15:04:05.000"), e.Method, e.Path, statusText(e.Status))
		fmt.Fprintf(&b, " %s", e.Duration.Round(time.Millisecond))
		switch {
		case e.Skipped:
			b.WriteString(": passed through (not an /account call)")
		case e.Rejected:
			b.WriteString(": rejected, not forwarded")
		}
		if e.Err != nil {
			fmt.Fprintf(&b, ": %v", e.Err)
		}
		if !e.Skipped {
			errs, warns := e.Counts()
			switch {
			case errs+warns == 0 && e.Err == nil:
				b.WriteString(": ok")
			case errs+warns > 0:
				fmt.Fprintf(&b, ": %s, %s", plural(errs, "error"), plural(warns, "warning"))
			}
		}
		if e.RecordErr != nil {
			fmt.Fprintf(&b, " (not recorded: %v)", e.RecordErr)
		}
		b.WriteByte('\n')
		for _, f := range e.Findings {
			fmt.Fprintf(&b, "  %s\n", f)
		}
		_, _ = io.WriteString(w, b.String())
	}
}

func statusText(s int) string {
	if s == 0 {
		return "-"
	}
	return fmt.Sprint(s)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// jsonEvent is an event's JSON-lines form.
type jsonEvent struct {
	Time       string             `json:"time"`
	Method     string             `json:"method"`
	Path       string             `json:"path"`
	Operation  string             `json:"operation,omitempty"`
	Status     int                `json:"status"`
	DurationMS float64            `json:"duration_ms"`
	Skipped    bool               `json:"skipped,omitempty"`
	Rejected   bool               `json:"rejected,omitempty"`
	Error      string             `json:"error,omitempty"`
	RecordErr  string             `json:"record_error,omitempty"`
	Findings   []validate.Finding `json:"findings"`
}

// JSONPrinter returns an OnEvent function that writes each call as one
// JSON object per line: time, method, path, operation, status,
// duration_ms, skipped, rejected, error and findings (validate.Finding's
// JSON form).
func JSONPrinter(w io.Writer) func(Event) {
	return func(e Event) {
		j := jsonEvent{Time: e.Time.UTC().Format(time.RFC3339Nano), Method: e.Method, Path: e.Path, Operation: e.Operation,
			Status: e.Status, DurationMS: float64(e.Duration.Microseconds()) / 1000, Skipped: e.Skipped, Rejected: e.Rejected,
			Findings: e.Findings}
		if j.Findings == nil {
			j.Findings = []validate.Finding{}
		}
		if e.Err != nil {
			j.Error = e.Err.Error()
		}
		if e.RecordErr != nil {
			j.RecordErr = e.RecordErr.Error()
		}
		b, err := json.Marshal(j)
		if err != nil {
			return
		}
		_, _ = w.Write(append(b, '\n'))
	}
}
