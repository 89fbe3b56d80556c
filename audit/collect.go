package audit

import (
	"errors"
	"math"
	"sort"
	"strings"
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
	errs     []int            // per file, the read errors met
	calls    map[string]int   // index in res.OutOfScopeCalls
	hosts    map[string]int   // index in res.OtherHosts
	versions []map[string]int // per file, older Api-Versions declared
	// sp, with Options.Spool, holds the findings and exchanges instead of
	// res (see finishSpool).
	sp *spool
}

// count adds one to the entry of key in list, indexed by idx.
func count(list *[]Count, idx map[string]int, key string) {
	if i, ok := idx[key]; ok {
		(*list)[i].N++
		return
	}
	idx[key] = len(*list)
	*list = append(*list, Count{Key: key, N: 1})
}

type findingKey struct{ file, entry, order int }

func newCollector(p *pipeline) *collector {
	c := &collector{p: p, res: &Result{}, lastTime: make([]time.Time, len(p.files)), lastProg: p.start,
		calls: map[string]int{}, hosts: map[string]int{}, versions: make([]map[string]int, len(p.files)), errs: make([]int, len(p.files)), sp: p.sp}
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
			c.res.Errors = append(c.res.Errors, it.err) // always kept: it says why the file ended
		}
	case itemEntryErr:
		c.seen(it.file, entryOf(it.err))
		c.addError(it.file, it.err)
	case itemSkipped:
		c.seen(it.file, it.out.entry)
		f.Skipped++
		c.res.Skipped++
		count(&c.res.OtherHosts, c.hosts, it.out.host)
		if c.p.o.KeepExchanges {
			o := it.out
			c.keepExchange(Exchange{File: f.Name, Entry: o.entry, Line: o.line, Method: o.method, Operation: o.op, Skipped: o.host})
		}
	case itemOutOfScope:
		c.seen(it.file, it.out.entry)
		f.OutOfScope++
		c.res.OutOfScope++
		count(&c.res.OutOfScopeCalls, c.calls, it.out.op)
		if c.p.o.KeepExchanges {
			o := it.out
			c.keepExchange(Exchange{File: f.Name, Entry: o.entry, Line: o.line, Method: o.method, Operation: o.op, OutOfScope: true})
		}
	case itemExchange:
		c.exchange(it)
	}
	if c.p.o.Progress != nil && time.Since(c.lastProg) >= progressEvery {
		c.lastProg = time.Now()
		c.p.o.Progress(c.res.Entries, time.Since(c.p.start))
	}
}

// addError keeps an entry's read error, or counts it once its file has
// given Options.MaxErrors of them.
func (c *collector) addError(file int, err error) {
	limit := c.p.o.MaxErrors
	if limit <= 0 {
		limit = DefaultMaxErrors
	}
	if c.errs[file]++; c.errs[file] > limit {
		c.res.ErrorsDropped++
		return
	}
	c.res.Errors = append(c.res.Errors, err)
}

func (c *collector) exchange(it *item) {
	o := it.out
	c.seen(it.file, o.entry)
	name := c.res.Files[it.file].Name
	if o.err != nil {
		c.addError(it.file, o.err)
		return
	}
	c.res.Validated++
	c.res.Files[it.file].Validated++
	if o.unanswered {
		c.res.Unanswered++
	}
	if c.p.o.KeepExchanges {
		c.keepExchange(Exchange{File: name, Entry: o.entry, Line: o.line, Method: o.method, Operation: o.op})
	}
	drift := ""
	if c.p.v.OlderVersion(o.apiVersion) {
		drift = o.apiVersion
		if c.versions[it.file] == nil {
			c.versions[it.file] = map[string]int{}
		}
		c.versions[it.file][drift]++
	}
	for _, f := range o.findings {
		ef := EntryFinding{File: name, Entry: o.entry, Line: o.line, Method: o.method, Finding: f}
		if drift != "" && (strings.HasPrefix(f.Rule, "schema.") || f.Rule == validate.RuleUnknownField) {
			ef.APIVersion = drift
		}
		c.addFinding(it.file, ef)
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
			strs: ob.intern(obsStrings{method: o.method, op: o.op, state: st.State, ptr: st.Pointer, env: string(st.Environment), reasons: joinReasons(st.Reasons),
				country: st.Country, request: st.Request})})
	}
}

// keepExchange records an exchange for Result.Exchanges, or in the spool.
func (c *collector) keepExchange(x Exchange) {
	if c.sp == nil {
		c.res.Exchanges = append(c.res.Exchanges, x)
		return
	}
	if err := c.sp.exchanges.add(x); err != nil {
		c.sp.fail(err)
	}
}

func (c *collector) addFinding(file int, f EntryFinding) {
	if c.sp != nil {
		// Items arrive in reading order (input, then entry), which is the
		// order of Result.Findings: the spool needs no sorting.
		if err := c.sp.raw.add(spooledFinding{FileIndex: file, F: f}); err != nil {
			c.sp.fail(err)
		}
		return
	}
	c.keys = append(c.keys, findingKey{file: file, entry: f.Entry, order: len(c.keys)})
	c.res.Findings = append(c.res.Findings, f)
}

// finish replays the success answers through a state tracker in time order
// and sorts the findings by input and entry.
func (c *collector) finish() *Result {
	if c.p.o.Progress != nil {
		c.p.o.Progress(c.res.Entries, time.Since(c.p.start))
	}
	for fi, m := range c.versions {
		vs := make([]string, 0, len(m))
		for v := range m {
			vs = append(vs, v)
		}
		sort.Strings(vs)
		for _, v := range vs {
			c.res.VersionHints = append(c.res.VersionHints, VersionHint{File: c.res.Files[fi].Name, Version: v, Exchanges: m[v], Contract: c.p.v.ContractVersion()})
		}
	}
	c.observed.replay(c.p.v, c.p.o.StateAcrossFiles, func(ob *observation, f validate.Finding) {
		ef := EntryFinding{File: c.res.Files[ob.file].Name, Entry: int(ob.entry), Line: int(ob.line),
			Method: c.observed.strs[ob.strs].method, Finding: f}
		if c.sp != nil {
			c.sp.state = append(c.sp.state, spooledFinding{FileIndex: int(ob.file), F: ef})
			return
		}
		c.addFinding(int(ob.file), ef)
	})
	if c.sp != nil {
		// The replay's findings come in time order: put them in input and
		// entry order (the order among one entry's findings kept) for the
		// merge with the spooled ones (finishSpool).
		st := c.sp.state
		sort.SliceStable(st, func(a, b int) bool {
			x, y := st[a], st[b]
			if x.FileIndex != y.FileIndex {
				return x.FileIndex < y.FileIndex
			}
			return x.F.Entry < y.F.Entry
		})
		return c.res
	}
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
