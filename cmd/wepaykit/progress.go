package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

// progress counts the bytes read from the inputs, so that the progress line
// can say how far the run is and when it will end.
type progress struct {
	read  atomic.Int64
	total int64 // bytes of all inputs; 0 when unknown (standard input)
}

// watch wraps the inputs' openers so that their reads are counted, and
// adds up their sizes.
func (p *progress) watch(ins []audit.Input) {
	for i := range ins {
		open := ins[i].Open
		ins[i].Open = func() (io.ReadCloser, error) {
			rc, err := open()
			if err != nil {
				return nil, err
			}
			return &countingReader{ReadCloser: rc, n: &p.read}, nil
		}
		if ins[i].Name == "-" {
			p.total = -1
		} else if st, err := os.Stat(ins[i].Name); err == nil && st.Mode().IsRegular() && p.total >= 0 {
			p.total += st.Size()
		}
	}
	if p.total < 0 {
		p.total = 0
	}
}

// line is the progress line: entries, rate and, when the size is known,
// the share read and the time left.
func (p *progress) line(n int, d time.Duration) string {
	secs := max(d.Seconds(), 1e-3)
	s := fmt.Sprintf("wepaykit: %d entries, %.0f entries/s", n, float64(n)/secs)
	read := p.read.Load()
	if p.total > 0 && read > 0 {
		frac := min(float64(read)/float64(p.total), 1)
		left := time.Duration(secs * (1 - frac) / frac * float64(time.Second)).Round(time.Second)
		s += fmt.Sprintf(", %.0f%% of %s, %s left", 100*frac, byteSize(p.total), left)
	}
	return s
}

// byteSize is n in the largest binary unit that keeps it at or above 1.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// countingReader adds what it reads to n.
type countingReader struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.ReadCloser.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// runAudit runs audit.Run with a progress line on a terminal (unless
// quiet), and prints each read error once on stderr with the command's
// prefix.
func (e *env) runAudit(ctx context.Context, cmd string, v *validate.Validator, inputs []audit.Input, opts audit.Options, quiet bool) (*audit.Result, error) {
	return e.runAuditErrs(ctx, cmd, v, inputs, opts, quiet, false)
}

// runAuditErrs is runAudit for a command whose report on stdout lists the
// read errors (inReport): stderr then gets one line per damaged file
// instead of every error, so that nothing is printed twice.
func (e *env) runAuditErrs(ctx context.Context, cmd string, v *validate.Validator, inputs []audit.Input, opts audit.Options, quiet, inReport bool) (*audit.Result, error) {
	show := isTerminal(e.stderr) && !quiet
	if show {
		p := &progress{}
		p.watch(inputs)
		opts.Progress = func(n int, d time.Duration) {
			fmt.Fprintf(e.stderr, "\r%s\x1b[K", p.line(n, d))
		}
	}
	res, err := audit.Run(ctx, v, inputs, opts)
	var se *audit.SpoolError
	if res == nil && opts.Spool && errors.As(err, &se) {
		// No temporary file could be made (nothing was read yet): the
		// findings stay in memory, as they did before there was a spool.
		fmt.Fprintf(e.stderr, "wepaykit %s: %v; keeping the findings in memory\n", cmd, err)
		opts.Spool = false
		res, err = audit.Run(ctx, v, inputs, opts)
	}
	if show {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		if res != nil {
			res.Close()
		}
		return nil, inputErrorf("%v", err)
	}
	if inReport {
		for _, l := range readErrorPlaces(res) {
			fmt.Fprintf(e.stderr, "wepaykit %s: %s; the report lists the errors\n", cmd, l)
		}
		return res, nil
	}
	for _, err := range res.Errors {
		fmt.Fprintf(e.stderr, "wepaykit %s: %s\n", cmd, readErrorText(err))
	}
	if res.ErrorsDropped > 0 {
		fmt.Fprintf(e.stderr, "wepaykit %s: and %d more read errors\n", cmd, res.ErrorsDropped)
	}
	return res, nil
}
