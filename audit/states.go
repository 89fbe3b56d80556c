package audit

import (
	"sort"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// obsChunk is the number of observations per chunk of storage.
const obsChunk = 4096

// observation is one account's state in a success answer (or a request
// the tracker judges, validate.AccountState.Request), kept for the state
// tracker until every input is read: 32 bytes, never the body. What it
// repeats (method, operation, state, pointer, environment, reasons,
// country) is one index into the observations' table of such tuples, which
// stays small: a recording repeats a few of them.
type observation struct {
	time              int64 // Unix nanoseconds
	account           int64
	file, entry, line int32
	strs              uint32 // index in observations.strs
}

// obsStrings are the strings of an observation. reasons are the account's
// action and disabled reasons (joinReasons), which the state table's
// conditional edges read: an account disabled for high_risk_chargeback is
// never reinstated.
type obsStrings struct {
	method, op, state, ptr, env string
	reasons                     string
	country                     string // the account's country in the answer
	// request marks a modify request judged by the country an earlier
	// answer showed (validate.AccountState.Request).
	request bool
}

// Separators of joinReasons: they cannot occur in a reason of the table,
// and a reason that holds one is only read back split.
const (
	reasonSep = "\x00"
	listSep   = "\x01"
)

// joinReasons turns reasons into one string for the tuple table.
func joinReasons(r spec.Reasons) string {
	if len(r.Action) == 0 && len(r.Disabled) == 0 {
		return ""
	}
	return strings.Join(r.Action, reasonSep) + listSep + strings.Join(r.Disabled, reasonSep)
}

// splitReasons is the inverse of joinReasons.
func splitReasons(s string) spec.Reasons {
	if s == "" {
		return spec.Reasons{}
	}
	action, disabled, _ := strings.Cut(s, listSep)
	var r spec.Reasons
	if action != "" {
		r.Action = strings.Split(action, reasonSep)
	}
	if disabled != "" {
		r.Disabled = strings.Split(disabled, reasonSep)
	}
	return r
}

// observations stores observations in fixed-size chunks (no copying as
// they grow) with the string tuples they repeat stored once.
type observations struct {
	chunks [][]observation
	n      int
	strs   []obsStrings
	index  map[obsStrings]uint32
}

// intern returns the index of a tuple of strings.
func (s *observations) intern(v obsStrings) uint32 {
	if i, ok := s.index[v]; ok {
		return i
	}
	if s.index == nil {
		s.index = map[obsStrings]uint32{}
	}
	i := uint32(len(s.strs))
	s.strs = append(s.strs, v)
	s.index[v] = i
	return i
}

func (s *observations) add(o observation) {
	if s.n%obsChunk == 0 {
		s.chunks = append(s.chunks, make([]observation, 0, obsChunk))
	}
	last := &s.chunks[len(s.chunks)-1]
	*last = append(*last, o)
	s.n++
}

func (s *observations) at(i int32) *observation { return &s.chunks[i/obsChunk][i%obsChunk] }

// replay feeds the observations to state trackers in time order (the
// reading order among equal times) and calls found for each finding: one
// tracker per input, or one for all of them when across is set.
func (s *observations) replay(v *validate.Validator, across bool, found func(*observation, validate.Finding)) {
	order := make([]int32, s.n)
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := s.at(order[a]), s.at(order[b])
		if !across && x.file != y.file {
			return x.file < y.file
		}
		return x.time < y.time
	})
	var tr *validate.StateTracker
	file := int32(-1)
	for _, i := range order {
		ob := s.at(i)
		if tr == nil || (!across && ob.file != file) {
			tr, file = v.NewStateTracker(), ob.file
		}
		strs := s.strs[ob.strs]
		st := []validate.AccountState{{AccountID: ob.account, State: strs.state, Pointer: strs.ptr, Environment: validate.Environment(strs.env),
			Reasons: splitReasons(strs.reasons), Country: strs.country, Request: strs.request}}
		for _, f := range tr.ObserveStates(strs.op, st) {
			found(ob, f)
		}
	}
	s.chunks, s.n = nil, 0
}
