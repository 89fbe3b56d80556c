package audit

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// itemKind says what an item of the ordered stream is.
type itemKind int

const (
	itemExchange   itemKind = iota // a validated exchange
	itemSkipped                    // an entry for another host
	itemOutOfScope                 // a WePay call outside /account
	itemEntryErr                   // a damaged entry
	itemFileStart                  // a file was opened and its format told
	itemFileEnd                    // a file ended, cleanly or not
)

// item is one event of the reading, in reading order (seq). Exchanges go
// through the workers; the other items go straight to the collector.
type item struct {
	seq  int
	kind itemKind
	file int
	x    *traffic.Exchange // itemExchange: released by the worker once validated
	op   string            // itemExchange: the call path, as hostOp read it
	err  error             // itemEntryErr, itemFileEnd, itemFileStart (format detection)
	fmt  traffic.Format
	out  outcome // filled by the worker
}

// outcome is what a worker keeps of an exchange: never its bodies.
type outcome struct {
	entry, line int
	method, op  string
	host        string // of a skipped entry
	apiVersion  string // the request's Api-Version header
	unanswered  bool   // no response was recorded
	time        time.Time
	findings    []validate.Finding
	states      []validate.AccountState // from a 200 answer
	err         error                   // a *traffic.EntryError when the exchange could not be validated
}

type pipeline struct {
	ctx   context.Context
	v     *validate.Validator
	files []Input
	o     Options
	start time.Time

	jobs    chan *item
	results chan *item
	tokens  chan struct{} // bounds the items between reader and collector
	sp      *spool        // with Options.Spool
}

func newPipeline(ctx context.Context, v *validate.Validator, files []Input, o Options) *pipeline {
	n := 2*o.Workers + 2
	return &pipeline{
		ctx: ctx, v: v, files: files, o: o, start: time.Now(),
		jobs:    make(chan *item, n),
		results: make(chan *item, n),
		tokens:  make(chan struct{}, n),
	}
}

func (p *pipeline) run() *Result {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.read()
		close(p.jobs)
	}()
	for range p.o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range p.jobs {
				it.out = validateExchange(p.v, it.x, it.op, p.o.MaxBody, it.seq, !p.o.StateAcrossFiles)
				it.x = nil
				p.results <- it
			}
		}()
	}
	go func() {
		wg.Wait()
		close(p.results)
	}()
	c := newCollector(p)
	pending := map[int]*item{}
	next := 0
	for it := range p.results {
		pending[it.seq] = it
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			c.add(cur)
			<-p.tokens
		}
	}
	return c.finish()
}

// read reads every input in turn and emits its items in order.
func (p *pipeline) read() {
	seq := 0
	emit := func(it *item) bool {
		select {
		case p.tokens <- struct{}{}:
		case <-p.ctx.Done():
			return false
		}
		it.seq = seq
		seq++
		if it.kind == itemExchange {
			p.jobs <- it
		} else {
			p.results <- it
		}
		return true
	}
	for fi, in := range p.files {
		if !p.readFile(fi, in, emit) {
			return
		}
	}
}

// readFile emits the items of one input; it returns false when ctx is done.
func (p *pipeline) readFile(fi int, in Input, emit func(*item) bool) bool {
	rc, err := in.Open()
	if err != nil {
		return emit(&item{kind: itemFileEnd, file: fi, err: &OpenError{File: in.Name, Err: err}})
	}
	defer rc.Close()
	r, err := traffic.NewReader(in.Name, rc, traffic.Options{MaxBody: p.o.MaxBody})
	if err != nil {
		return emit(&item{kind: itemFileEnd, file: fi, err: err})
	}
	if !emit(&item{kind: itemFileStart, file: fi, fmt: r.Format()}) {
		return false
	}
	for {
		if p.ctx.Err() != nil {
			return false
		}
		x, err := r.Next()
		var ee *traffic.EntryError
		switch {
		case err == io.EOF:
			return emit(&item{kind: itemFileEnd, file: fi})
		case errors.As(err, &ee):
			if !emit(&item{kind: itemEntryErr, file: fi, err: err}) {
				return false
			}
		case err != nil:
			return emit(&item{kind: itemFileEnd, file: fi, err: err})
		default:
			if !p.emitExchange(fi, x, emit) {
				return false
			}
		}
	}
}
