package audit

import (
	"errors"
	"math"
	"sort"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// progressEvery is the least time between two calls of Options.Progress.
const progressEvery = 200 * time.Millisecond

// collector builds the Result from the items, in reading order.
type collector struct {
	p        *pipeline
	res      *Result
	keys     []findingKey // parallel to res.Findings
	observed observations
	lastTime []time.Time // per file, the time of the last timed exchange
	lastProg time.Time
}

type findingKey struct{ file, entry, order int }

func newCollector(p *pipeline) *collector {
	c := &collector{p: p, res: &Result{}, lastTime: make([]time.Time, len(p.files)), lastProg: p.start}
	for _, in := range p.files {
		c.res.Files = append(c.res.Files, FileResult{Name: in.Name})
	}
	return c
}

func (c *collector) seen(file, entry int) {
	f := &c.res.Files[file]
	if entry+1 > f.Entries {
		c.res.Entries += entry + 1 - f.Entries
		f.Entries = entry + 1
	}
}

func (c *collector) add(it *item) {
	f := &c.res.Files[it.file]
	switch it.kind {
	case itemFileStart:
		f.Format = it.fmt
	case itemFileEnd:
		if it.err != nil {
			f.Err = it.err
			c.res.Errors = append(c.res.Errors, it.err)
		}
	case itemEntryErr:
		c.seen(it.file, entryOf(it.err))
		c.res.Errors = append(c.res.Errors, it.err)
	case itemSkipped:
		c.seen(it.file, it.out.entry)
		f.Skipped++
		c.res.Skipped++
		if c.p.o.KeepExchanges {
			o := it.out
			c.res.Exchanges = append(c.res.Exchanges, Exchange{File: f.Name, Entry: o.entry, Line: o.line, Method: o.method, Operation: o.op, Skipped: o.host})
		}
	case itemExchange:
		c.exchange(it)
	}
	if c.p.o.Progress != nil && time.Since(c.lastProg) >= progressEvery {
		c.lastProg = time.Now()
		c.p.o.Progress(c.res.Entries, time.Since(c.p.start))
	}
}

func (c *collector) exchange(it *item) {
	o := it.out
	c.seen(it.file, o.entry)
	name := c.res.Files[it.file].Name
	if o.err != nil {
		c.res.Errors = append(c.res.Errors, o.err)
		return
	}
	if c.p.o.KeepExchanges {
		c.res.Exchanges = append(c.res.Exchanges, Exchange{File: name, Entry: o.entry, Line: o.line, Method: o.method, Operation: o.op})
	}
	for _, f := range o.findings {
		c.addFinding(it.file, EntryFinding{File: name, Entry: o.entry, Line: o.line, Method: o.method, Finding: f})
	}
	t := o.time
	if t.IsZero() {
		t = c.lastTime[it.file] // an untimed answer stays where it was read
	} else {
		c.lastTime[it.file] = t
	}
	nanos := int64(math.MinInt64) // untimed answers before the first timed one
	if !t.IsZero() {
		nanos = t.UnixNano()
	}
	ob := &c.observed
	for _, st := range o.states {
		ob.add(observation{file: int32(it.file), entry: int32(o.entry), line: int32(o.line), time: nanos, account: st.AccountID,
			method: ob.name(o.method), op: ob.name(o.op), state: ob.name(st.State), ptr: ob.name(st.Pointer), env: ob.name(string(st.Environment))})
	}
}

func (c *collector) addFinding(file int, f EntryFinding) {
	c.keys = append(c.keys, findingKey{file: file, entry: f.Entry, order: len(c.keys)})
	c.res.Findings = append(c.res.Findings, f)
}

// finish replays the success answers through a state tracker in time order
// and sorts the findings by input and entry.
func (c *collector) finish() *Result {
	if c.p.o.Progress != nil {
		c.p.o.Progress(c.res.Entries, time.Since(c.p.start))
	}
	c.observed.replay(c.p.v, func(ob *observation, f validate.Finding) {
		c.addFinding(int(ob.file), EntryFinding{File: c.res.Files[ob.file].Name, Entry: int(ob.entry), Line: int(ob.line),
			Method: c.observed.names[ob.method], Finding: f})
	})
	idx := make([]int, len(c.keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := c.keys[idx[a]], c.keys[idx[b]]
		if x.file != y.file {
			return x.file < y.file
		}
		if x.entry != y.entry {
			return x.entry < y.entry
		}
		return x.order < y.order
	})
	sorted := make([]EntryFinding, len(idx))
	for i, j := range idx {
		sorted[i] = c.res.Findings[j]
	}
	c.res.Findings = sorted
	return c.res
}

func entryOf(err error) int {
	var ee *traffic.EntryError
	if errors.As(err, &ee) {
		return ee.Entry
	}
	return 0
}
