package audit

import (
	"context"
	"errors"
	"io"
	"net/http"
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
	cost int     // tokens taken (see tokenBytes)
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

// The items between reader and collector are bounded by tokens: an item
// takes one for each tokenBytes, rounded up, of what it holds of its entry
// (bodies, URL and headers), at least one and at most all of them, so that
// any item can pass alone. With a few items only in flight (it was 2 per
// worker, plus 2), the reader, the workers and the collector took turns,
// each waiting on a channel for another to be scheduled: a 50 MB HAR took
// 1.0 s of wall time for 1.5 s of CPU on 2 cores. With 64 per worker they
// rarely wait: 0.65 s, and less CPU (fewer goroutine switches). Realistic
// entries (2 KiB) take one token each; an entry of two 10 MiB bodies, 81.
// So the entries held at once come to at most tokensPerWorker x workers x
// tokenBytes (32 MiB with 2 workers), or one entry alone when it is larger.
const (
	tokensPerWorker = 64
	tokenBytes      = 256 << 10
)

// cost is the number of tokens item it takes, of n in all.
func cost(it *item, n int) int {
	x := it.x
	if x == nil {
		return 1
	}
	size := len(x.Request.URL) + len(x.Request.Body) + headerBytes(x.Request.Header)
	if x.Response != nil {
		size += len(x.Response.Body) + headerBytes(x.Response.Header)
	}
	return min(max(1, (size+tokenBytes-1)/tokenBytes), n)
}

// headerBytes is the length of the names and values of h.
func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

func newPipeline(ctx context.Context, v *validate.Validator, files []Input, o Options) *pipeline {
	n := tokensPerWorker * o.Workers
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
			k := cur.cost
			c.add(cur)
			for range k {
				<-p.tokens
			}
		}
	}
	return c.finish()
}

// read reads every input in turn and emits its items in order.
func (p *pipeline) read() {
	seq := 0
	emit := func(it *item) bool {
		it.cost = cost(it, cap(p.tokens))
		for range it.cost {
			select {
			case p.tokens <- struct{}{}:
			case <-p.ctx.Done():
				return false
			}
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
