package audit

import (
	"sort"

	"github.com/wepaykit/wepaykit/validate"
)

// obsChunk is the number of observations per chunk of storage.
const obsChunk = 4096

// observation is one account's state in a success answer, kept for the
// state tracker until every input is read: 52 bytes, never the body.
// Strings are indexes into the observations' name table.
type observation struct {
	time                   int64 // Unix nanoseconds
	account                int64
	file, entry, line      int32
	method, op, state, ptr uint32
	env                    uint32
}

// observations stores observations in fixed-size chunks (no copying as
// they grow) with the few strings they repeat stored once.
type observations struct {
	chunks [][]observation
	n      int
	names  []string
	index  map[string]uint32
}

func (s *observations) name(v string) uint32 {
	if i, ok := s.index[v]; ok {
		return i
	}
	if s.index == nil {
		s.index = map[string]uint32{}
	}
	i := uint32(len(s.names))
	s.names = append(s.names, v)
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

// replay feeds the observations to a new state tracker in time order (the
// reading order among equal times) and calls found for each finding.
func (s *observations) replay(v *validate.Validator, found func(*observation, validate.Finding)) {
	order := make([]int32, s.n)
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(a, b int) bool { return s.at(order[a]).time < s.at(order[b]).time })
	tr := v.NewStateTracker()
	for _, i := range order {
		ob := s.at(i)
		st := []validate.AccountState{{AccountID: ob.account, State: s.names[ob.state], Pointer: s.names[ob.ptr], Environment: validate.Environment(s.names[ob.env])}}
		for _, f := range tr.ObserveStates(s.names[ob.op], st) {
			found(ob, f)
		}
	}
	s.chunks, s.n = nil, 0
}
