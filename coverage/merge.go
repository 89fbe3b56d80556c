package coverage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// MaxFileSize bounds a coverage file [Read] accepts.
const MaxFileSize = 256 << 20

// Add adds the counts of a report (of another run, read with [Read]) to
// the collector, as if its exchanges had been observed here after the
// ones already seen. Merging is exact: the report of a collector that
// added the reports of two runs equals the report of one run over both
// runs' exchanges. A report made against another contract (a call, field,
// value, rule or state this spec lacks) is refused with a *MismatchError
// and nothing is added; one holding a count below zero, with a
// *NegativeCountError.
func (c *Collector) Add(r *Report) error {
	if r == nil {
		return &MismatchError{What: "report", Name: "nil"}
	}
	if r.Detail.Format != FormatVersion {
		return &MismatchError{What: "format", Name: strconv.Itoa(r.Detail.Format)}
	}
	if neg := negativeCount(r); neg != nil {
		return neg
	}
	p := c.plan
	// Resolve every name first, so that a mismatch adds nothing.
	type add struct {
		op   int
		bit  int
		n    int
		code int64
		kind int // 0 mark, 1 code, 2 status
	}
	var adds []add
	for _, od := range r.Detail.Operations {
		oi := -1
		for i, op := range p.ops {
			if op.path == od.Operation {
				oi = i
			}
		}
		if oi < 0 {
			return &MismatchError{What: "operation", Name: od.Operation}
		}
		op := p.ops[oi]
		for key, n := range od.Statuses {
			st := 0
			if key != "none" {
				v, err := strconv.Atoi(key)
				if err != nil || v < 100 || v > 999 {
					return &MismatchError{What: "status", Name: key}
				}
				st = v
			}
			adds = append(adds, add{op: oi, kind: 2, bit: st, n: n})
		}
		for _, cs := range od.ErrorCodes {
			adds = append(adds, add{op: oi, kind: 1, code: cs.Code, n: cs.Seen})
		}
		for si, fields := range [][]FieldSeen{od.Request, od.Response} {
			sp := op.sides[si]
			for _, fs := range fields {
				fi, ok := sp.byPtr[fs.Pointer]
				if !ok {
					return &MismatchError{What: "field", Name: od.Operation + " " + string(sides[si]) + " " + fs.Pointer}
				}
				adds = append(adds, add{op: oi, bit: sp.fieldOff + fi, n: fs.Seen})
				for _, vs := range fs.Enum {
					slot := -1
					if k, ok := enumKey(vs.Value); ok {
						if s, ok := sp.root.at(fs.Pointer).enum[k]; ok {
							slot = s
						}
					}
					if slot < 0 {
						return &MismatchError{What: "enum value", Name: od.Operation + " " + string(sides[si]) + " " + fs.Pointer + "=" + valueText(vs.Value)}
					}
					adds = append(adds, add{op: oi, bit: sp.enumOff + slot, n: vs.Seen})
				}
			}
		}
		adds = append(adds, add{op: oi, kind: 3, n: od.Calls})
	}
	rules := make([]int, len(p.rules))
	for _, rs := range r.Detail.Rules {
		i, ok := p.ruleIdx[rs.ID]
		if !ok {
			return &MismatchError{What: "rule", Name: rs.ID}
		}
		rules[i] += rs.Applied
	}
	states := make([]int, len(p.states))
	for st, n := range r.Detail.States {
		i, ok := p.stateIdx[st]
		if !ok {
			return &MismatchError{What: "state", Name: st}
		}
		states[i] += n
	}
	for _, a := range r.Detail.Accounts {
		for _, s := range a.Seen {
			if _, ok := p.stateIdx[s.State]; !ok {
				return &MismatchError{What: "state", Name: s.State}
			}
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.exchanges += r.Detail.Exchanges
	for k, n := range r.Detail.Environments {
		c.envs[k] += n
	}
	for k, n := range r.Detail.OtherCalls {
		c.addOther(k, n)
	}
	for _, a := range adds {
		oc := c.ops[a.op]
		switch a.kind {
		case 0:
			oc.marks[a.bit] += a.n
		case 1:
			if a.n > 0 {
				oc.codes[a.code] += a.n
			}
		case 2:
			oc.statuses[a.bit] += a.n
		case 3:
			oc.calls += a.n
		}
	}
	for i, n := range rules {
		c.rules[i] += n
	}
	for i, n := range states {
		c.states[i] += n
	}
	for _, a := range r.Detail.Accounts {
		k := accountKey{rec: a.Recording, env: a.Environment, id: a.AccountID}
		for _, s := range a.Seen {
			c.arrival++
			c.accounts[k] = append(c.accounts[k], point{t: s.Time, arrival: c.arrival, state: p.stateIdx[s.State], reasons: s.Reasons})
		}
	}
	return nil
}

// Merge joins the reports of several runs (of several packages or CI
// jobs), in the order given, against the embedded contract or the one
// [WithSpec] gives.
func Merge(reports []*Report, opts ...Option) (*Report, error) {
	c, err := New(opts...)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if err := c.Add(r); err != nil {
			return nil, err
		}
	}
	return c.Report(), nil
}

// Encode writes r as indented JSON.
func Encode(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Decode reads a report written by [Encode], at most [MaxFileSize] bytes.
// Unknown keys are refused, so that a file of another tool is not taken
// for an empty run, and so is a count below zero (a *NegativeCountError).
func Decode(rd io.Reader) (*Report, error) {
	b, err := io.ReadAll(io.LimitReader(rd, MaxFileSize+1))
	if err != nil {
		return nil, &FileError{Err: err}
	}
	if len(b) > MaxFileSize {
		return nil, &FileError{Err: errors.New("larger than " + strconv.Itoa(MaxFileSize) + " bytes")}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	r := new(Report)
	if err := dec.Decode(r); err != nil {
		return nil, &FileError{Err: err}
	}
	if r.Detail.Format == 0 {
		return nil, &FileError{Err: errors.New("not a wepaykit coverage file (no detail.format)")}
	}
	if neg := negativeCount(r); neg != nil {
		return nil, neg
	}
	return r, nil
}

// WriteFile writes the collector's report to path, as -coverprofile does:
// call it from TestMain after m.Run.
func (c *Collector) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := Encode(&buf, c.Report()); err != nil {
		return &FileError{File: path, Err: err}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return &FileError{File: path, Err: err}
	}
	return nil
}

// ReadFile reads a report written by [Collector.WriteFile] or [Encode].
func ReadFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	defer f.Close()
	r, err := Decode(f)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = path
		}
		var ne *NegativeCountError
		if errors.As(err, &ne) {
			ne.File = path
		}
		return nil, err
	}
	return r, nil
}

// negativeCount finds a count below zero, which no run writes, and says
// where it is; nil when there is none. Map keys are looked at in order, so
// that the same file gets the same error.
func negativeCount(r *Report) *NegativeCountError {
	d := r.Detail
	neg := func(field, name string, n int) *NegativeCountError {
		return &NegativeCountError{Field: field, Name: name, Value: n}
	}
	if d.Exchanges < 0 {
		return neg("detail.exchanges", "", d.Exchanges)
	}
	for _, m := range []struct {
		field  string
		counts map[string]int
	}{{"detail.other_calls", d.OtherCalls}, {"detail.environments", d.Environments}, {"detail.states", d.States}} {
		if e := negativeIn(m.field, "", m.counts); e != nil {
			return e
		}
	}
	for i, rs := range d.Rules {
		if rs.Applied < 0 {
			return neg(fmt.Sprintf("detail.rules[%d].applied", i), rs.ID, rs.Applied)
		}
	}
	for i, od := range d.Operations {
		at := fmt.Sprintf("detail.operations[%d]", i)
		if od.Calls < 0 {
			return neg(at+".calls", od.Operation, od.Calls)
		}
		if e := negativeIn(at+".statuses", od.Operation, od.Statuses); e != nil {
			return e
		}
		for j, cs := range od.ErrorCodes {
			if cs.Seen < 0 {
				return neg(fmt.Sprintf("%s.error_codes[%d].seen", at, j), od.Operation+" "+strconv.FormatInt(cs.Code, 10), cs.Seen)
			}
		}
		for si, fields := range [][]FieldSeen{od.Request, od.Response} {
			side := sides[si]
			for j, fs := range fields {
				fat := fmt.Sprintf("%s.%s[%d]", at, side, j)
				name := od.Operation + " " + string(side) + " " + fs.Pointer
				if fs.Seen < 0 {
					return neg(fat+".seen", name, fs.Seen)
				}
				for k, v := range fs.Enum {
					if v.Seen < 0 {
						return neg(fmt.Sprintf("%s.enum[%d].seen", fat, k), name+"="+valueText(v.Value), v.Seen)
					}
				}
			}
		}
	}
	return nil
}

// negativeIn finds a count below zero in a map of counts by name, as
// field["key"].
func negativeIn(field, of string, counts map[string]int) *NegativeCountError {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := counts[k]; n < 0 {
			name := ""
			if of != "" {
				name = of + " " + k
			}
			return &NegativeCountError{Field: field + "[" + strconv.Quote(k) + "]", Name: name, Value: n}
		}
	}
	return nil
}
