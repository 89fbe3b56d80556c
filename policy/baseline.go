package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// MaxBaselineSize bounds a baseline file.
const MaxBaselineSize = 64 << 20

// Baseline is a set of known findings, stored as stable fingerprints: the
// rule, operation, side, pointer and the recording path relative to the
// baseline file's directory. Entry indexes, ids and messages are not part
// of it, so re-recording the same flow gives the same fingerprints.
type Baseline struct {
	Version int             `json:"version"`
	Tool    string          `json:"tool,omitempty"` // the command that wrote it, such as "wepaykit validate"
	Entries []BaselineEntry `json:"findings"`
	// Dir is the directory recording paths are relative to: the baseline
	// file's directory. It is not written to the file.
	Dir string `json:"-"`
	// File is the path it was read from, for messages.
	File string `json:"-"`
}

// BaselineEntry is one known finding and how many times it occurs.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Operation   string `json:"operation,omitempty"`
	Side        string `json:"side,omitempty"`
	Pointer     string `json:"pointer,omitempty"`
	File        string `json:"file,omitempty"`
	Count       int    `json:"count"`
	Fingerprint string `json:"fingerprint"` // derived from the other fields; for people and SARIF, not trusted on read
}

// Key returns the entry's key (File already normalised).
func (e BaselineEntry) Key() Key {
	return Key{Rule: e.Rule, Operation: e.Operation, Side: e.Side, Pointer: e.Pointer, File: e.File}
}

// String describes the entry on one line.
func (e BaselineEntry) String() string {
	var parts []string
	for _, s := range []string{e.File, e.Operation, e.Side, e.Pointer} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	s := strings.Join(parts, " ")
	if s != "" {
		s += " "
	}
	s += "[" + e.Rule + "]"
	if e.Count > 1 {
		s += " x" + itoaSmall(e.Count)
	}
	return s
}

func itoaSmall(n int) string { b, _ := json.Marshal(n); return string(b) }

// Fingerprint is the stable identity of a finding (with its File already
// normalised by [RelPath]): 16 hex digits of a SHA-256.
func Fingerprint(k Key) string {
	h := sha256.New()
	for _, s := range []string{k.Rule, normOp(k.Operation), k.Side, k.Pointer, k.File} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// NewBaseline builds a baseline from the keys of today's findings; dir is
// where the file will be written (recording paths are made relative to
// it). Duplicates are counted.
func NewBaseline(tool, dir string, keys []Key) *Baseline {
	b := &Baseline{Version: BaselineVersion, Tool: tool, Dir: dir}
	index := map[string]int{}
	for _, k := range keys {
		k = b.norm(k)
		fp := Fingerprint(k)
		if i, ok := index[fp]; ok {
			b.Entries[i].Count++
			continue
		}
		index[fp] = len(b.Entries)
		b.Entries = append(b.Entries, BaselineEntry{Rule: k.Rule, Operation: k.Operation, Side: k.Side, Pointer: k.Pointer, File: k.File, Count: 1, Fingerprint: fp})
	}
	b.sort()
	return b
}

func (b *Baseline) norm(k Key) Key {
	k.File = RelPath(b.Dir, k.File)
	k.Operation = normOp(k.Operation)
	return k
}

func (b *Baseline) sort() {
	sort.Slice(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		for _, c := range [][2]string{{x.File, y.File}, {x.Operation, y.Operation}, {x.Side, y.Side}, {x.Pointer, y.Pointer}, {x.Rule, y.Rule}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return false
	})
}

// Len is the number of known findings (counting repeats).
func (b *Baseline) Len() int {
	if b == nil {
		return 0
	}
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	return n
}

// ReadBaseline reads a baseline file. A malformed one is a *BaselineError
// naming the file and, where it applies, the entry.
func ReadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &BaselineError{File: path, Entry: -1, Msg: "cannot read: " + pathErr(err), Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBaselineSize+1))
	if err != nil {
		return nil, &BaselineError{File: path, Entry: -1, Msg: "cannot read: " + pathErr(err), Err: err}
	}
	b, err := ParseBaseline(path, data)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(filepath.Dir(path)); err == nil {
		b.Dir = abs
	}
	b.File = path
	return b, nil
}

// ParseBaseline reads a baseline from data; name is used in errors. Dir
// is left empty (the working directory).
func ParseBaseline(name string, data []byte) (*Baseline, error) {
	if len(data) > MaxBaselineSize {
		return nil, &BaselineError{File: name, Entry: -1, Msg: "larger than 64 MiB; not a baseline"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Baseline
	if err := dec.Decode(&b); err != nil {
		return nil, &BaselineError{File: name, Entry: -1, Msg: "not a wepaykit baseline: " + jsonErr(data, err), Err: err}
	}
	if dec.More() {
		return nil, &BaselineError{File: name, Entry: -1, Msg: "not a wepaykit baseline: data after the JSON object"}
	}
	if b.Version != BaselineVersion {
		return nil, &BaselineError{File: name, Entry: -1, Msg: "unsupported baseline version " + itoaSmall(b.Version) + " (want 1)"}
	}
	// The same finding listed twice is merged; fingerprints are recomputed,
	// since a hand-edited file may carry stale ones.
	entries := b.Entries
	b.Entries = nil
	index := map[string]int{}
	for i, e := range entries {
		if e.Rule == "" {
			return nil, &BaselineError{File: name, Entry: i, Msg: "rule is empty"}
		}
		if e.Count < 1 || e.Count > 1<<30 {
			return nil, &BaselineError{File: name, Entry: i, Msg: "count must be at least 1"}
		}
		e.Operation = normOp(e.Operation)
		e.Fingerprint = Fingerprint(e.Key())
		if j, ok := index[e.Fingerprint]; ok {
			b.Entries[j].Count = min(b.Entries[j].Count+e.Count, 1<<30)
			continue
		}
		index[e.Fingerprint] = len(b.Entries)
		b.Entries = append(b.Entries, e)
	}
	b.File = name
	return &b, nil
}

// jsonErr adds the line to a JSON syntax or type error.
func jsonErr(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err.Error()
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	return "line " + itoaSmall(line) + ": " + err.Error()
}

// Write writes the baseline as indented JSON, sorted, one entry per
// fingerprint.
func (b *Baseline) Write(w io.Writer) error {
	out := *b
	if out.Entries == nil {
		out.Entries = []BaselineEntry{}
	}
	out.sort()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteFile writes the baseline to path (through a temporary file, so a
// failed write leaves the old baseline in place).
func (b *Baseline) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return &BaselineError{File: path, Entry: -1, Msg: err.Error(), Err: err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".wepaykit-baseline-*")
	if err != nil {
		return &BaselineError{File: path, Entry: -1, Msg: "cannot write: " + pathErr(err), Err: err}
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return &BaselineError{File: path, Entry: -1, Msg: "cannot write: " + pathErr(werr), Err: werr}
	}
	return nil
}

// Matcher matches one run's findings against a baseline: each entry
// absorbs up to its count of findings, in the order they are offered, so
// a defect that occurs once more than the baseline knows is new. A
// Matcher belongs to one run and one goroutine.
type Matcher struct {
	b     *Baseline
	left  map[string]int // by fingerprint
	index map[string]int // fingerprint -> entry
	known int
}

// NewMatcher starts matching a run against b. A nil b matches nothing.
func (b *Baseline) NewMatcher() *Matcher {
	m := &Matcher{b: b, left: map[string]int{}, index: map[string]int{}}
	if b == nil {
		return m
	}
	for i, e := range b.Entries {
		m.left[e.Fingerprint] += e.Count
		m.index[e.Fingerprint] = i
	}
	return m
}

// Match reports whether k is a known finding, and uses up one occurrence.
func (m *Matcher) Match(k Key) bool {
	if m.use(k) {
		m.known++
		return true
	}
	return false
}

// Seen uses up one occurrence of k, if the baseline has one, without
// counting it as known: the finding still occurs, but something else (a
// rule turned off, an ignore entry) suppresses it, so its baseline entry
// is not reported as gone.
func (m *Matcher) Seen(k Key) { m.use(k) }

func (m *Matcher) use(k Key) bool {
	if m == nil || m.b == nil {
		return false
	}
	fp := Fingerprint(m.b.norm(k))
	if m.left[fp] <= 0 {
		return false
	}
	m.left[fp]--
	return true
}

// Known is the number of findings matched so far.
func (m *Matcher) Known() int {
	if m == nil {
		return 0
	}
	return m.known
}

// Baseline is the baseline matched against.
func (m *Matcher) Baseline() *Baseline {
	if m == nil {
		return nil
	}
	return m.b
}

// Gone lists the baseline entries that did not occur as often as the
// baseline says, with Count the number of occurrences that are gone: the
// file can shrink by these (see [Matcher.Pruned]).
func (m *Matcher) Gone() []BaselineEntry {
	if m == nil || m.b == nil {
		return nil
	}
	var out []BaselineEntry
	for _, e := range m.b.Entries {
		if n := m.left[e.Fingerprint]; n > 0 {
			e.Count = n
			out = append(out, e)
		}
	}
	return out
}

// Pruned is the baseline without what is gone: each entry keeps the
// occurrences that were matched in this run.
func (m *Matcher) Pruned() *Baseline {
	if m == nil || m.b == nil {
		return nil
	}
	out := &Baseline{Version: BaselineVersion, Tool: m.b.Tool, Dir: m.b.Dir}
	for _, e := range m.b.Entries {
		if e.Count -= m.left[e.Fingerprint]; e.Count > 0 {
			out.Entries = append(out.Entries, e)
		}
	}
	return out
}

// Judge is the whole policy for one finding: rule control and ignores
// (see [Policy.Decide]), then the baseline when m is not nil. p and m may
// be nil.
func Judge(p *Policy, m *Matcher, k Key, sev string) Verdict {
	v := p.Decide(k, sev)
	if v.Suppressed != Kept {
		m.Seen(k)
		return v
	}
	if m.Match(k) {
		v.Suppressed = SuppressedBaseline
		v.Reason = "in the baseline"
		v.Source = m.b.File
	}
	return v
}
