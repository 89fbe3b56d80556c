package audit

import (
	"iter"
	"slices"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/validate"
)

// finishSpool merges the findings of the state replay (sp.state, sorted)
// into the spooled stream in the order Result.Findings has without a
// spool (input, entry, then the validator's findings before the replay's),
// applies the policy and the baseline in that one pass, and writes the
// kept and the suppressed findings to their own spool files.
func finishSpool(res *Result, sp *spool, p *policy.Policy, b *policy.Baseline) error {
	if err := sp.raw.seal(); err != nil {
		return err
	}
	if sp.exchanges != nil {
		if err := sp.exchanges.seal(); err != nil {
			return err
		}
	}
	if err := sp.error(); err != nil { // a write error while collecting
		return err
	}
	judge := p != nil || b != nil
	if !judge && len(sp.state) == 0 {
		// Nothing to merge or judge: the raw spool is the result.
		sp.kept, sp.raw, sp.keptRaw = sp.raw, nil, true
		return nil
	}
	var err error
	if sp.kept, err = newSpoolFile(sp.dir, "wepaykit-kept-*"); err != nil {
		return err
	}
	if sp.supp, err = newSpoolFile(sp.dir, "wepaykit-suppressed-*"); err != nil {
		return err
	}
	var m *policy.Matcher
	if b != nil {
		m = b.NewMatcher()
	}
	emit := func(f EntryFinding) error {
		if judge {
			v := policy.Judge(p, m, validate.PolicyKey(f.Finding, f.File), string(f.Severity))
			f.Severity = validate.Severity(v.Severity)
			if v.Suppressed != policy.Kept {
				return sp.supp.add(SuppressedFinding{EntryFinding: f, Verdict: v})
			}
		}
		return sp.kept.add(f)
	}
	state, i := sp.state, 0
	for r := range records[spooledFinding](sp.raw, sp.fail) {
		for ; i < len(state) && spooledBefore(state[i], r); i++ {
			if err := emit(state[i].F); err != nil {
				return err
			}
		}
		if err := emit(r.F); err != nil {
			return err
		}
	}
	for ; i < len(state); i++ {
		if err := emit(state[i].F); err != nil {
			return err
		}
	}
	if err := sp.error(); err != nil { // a read error of the raw spool
		return err
	}
	sp.state = nil
	if err := sp.raw.close(); err != nil { // read once: its disk space is freed now
		return &SpoolError{Err: err}
	}
	sp.raw = nil
	if err := sp.kept.seal(); err != nil {
		return err
	}
	if err := sp.supp.seal(); err != nil {
		return err
	}
	if b != nil {
		res.Baseline = &BaselineResult{Known: m.Known(), Gone: m.Gone(), Pruned: m.Pruned()}
	}
	return nil
}

// spooledBefore reports whether x comes before y in Result.Findings: an
// earlier input or entry (a tie keeps y, the validator's, first).
func spooledBefore(x, y spooledFinding) bool {
	if x.FileIndex != y.FileIndex {
		return x.FileIndex < y.FileIndex
	}
	return x.F.Entry < y.F.Entry
}

// AllFindings yields the findings in the order of Result.Findings: from
// that slice, or with Options.Spool from the spool file, read from its
// start at each call (so a result may be iterated more than once, and by
// several goroutines at once). A read error of the spool stops the
// iteration; [Result.Err] returns it.
func (r *Result) AllFindings() iter.Seq[EntryFinding] {
	if r.spool == nil {
		return slices.Values(r.Findings)
	}
	if r.spool.keptRaw {
		return func(yield func(EntryFinding) bool) {
			for f := range records[spooledFinding](r.spool.kept, r.spool.fail) {
				if !yield(f.F) {
					return
				}
			}
		}
	}
	return records[EntryFinding](r.spool.kept, r.spool.fail)
}

// AllSuppressed yields the suppressed findings in the order of
// Result.Suppressed, as [Result.AllFindings] does the findings.
func (r *Result) AllSuppressed() iter.Seq[SuppressedFinding] {
	if r.spool == nil {
		return slices.Values(r.Suppressed)
	}
	return records[SuppressedFinding](r.spool.supp, r.spool.fail)
}

// AllExchanges yields the exchanges of Result.Exchanges (with
// Options.KeepExchanges), as [Result.AllFindings] does the findings.
func (r *Result) AllExchanges() iter.Seq[Exchange] {
	if r.spool == nil {
		return slices.Values(r.Exchanges)
	}
	return records[Exchange](r.spool.exchanges, r.spool.fail)
}

// Spooled reports whether the findings and exchanges are in spool files
// (Options.Spool) rather than in Result.Findings, Suppressed and
// Exchanges.
func (r *Result) Spooled() bool { return r.spool != nil }

// Err returns the first error met writing or reading back the spool
// files (a *SpoolError), nil without Options.Spool.
func (r *Result) Err() error {
	if r.spool == nil {
		return nil
	}
	return r.spool.error()
}

// Close removes the spool files of Options.Spool; the iterators yield
// nothing afterwards. It must not run during an iteration. Without a
// spool it does nothing.
func (r *Result) Close() error {
	if r.spool == nil {
		return nil
	}
	if err := r.spool.close(); err != nil {
		return &SpoolError{Err: err}
	}
	return nil
}
