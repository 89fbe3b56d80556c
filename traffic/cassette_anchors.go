package traffic

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// A cassette is one YAML document, so an alias may refer to an anchor of an
// earlier interaction: PyYAML writes "headers: &id001" in the first
// interaction that shares a dict and "headers: *id001" in the next ones, and
// Psych (Ruby VCR) writes "&1" and "*1" the same way. The reader decodes one
// interaction at a time, so it keeps the anchored nodes seen so far, each as
// the YAML text of a one-item list ("- &id001 {...}"), and puts the ones an
// interaction refers to in front of it before decoding it.
//
// Memory and time stay bounded: the kept texts hold at most
// maxAnchorBytes; the text put in front of one interaction holds at most
// maxCassetteMeta bytes; and all the text put in front of interactions
// over the file holds at most maxAnchorWork bytes plus anchorWorkRatio
// times the bytes read, the cassette's equivalent of yaml.v3's own bound
// on alias expansion.
const (
	maxAnchorBytes  = 8 << 20
	maxAnchorWork   = 64 << 20
	anchorWorkRatio = 16
)

// anchorStore keeps the anchored nodes of the interactions read so far.
type anchorStore struct {
	byName map[string]*anchorEntry
	seq    int   // definitions so far
	bytes  int64 // text kept
	work   int64 // text put in front of interactions so far
	// dropped names anchors that were too large to keep (at most
	// maxDropped of them), with the reason, so that an alias to one of
	// them gets a clear error instead of "unknown anchor".
	dropped map[string]string
}

const maxDropped = 1024

type anchorEntry struct {
	seq  int
	text []byte        // "- &name ...\n"
	deps []anchorDepOn // the anchors its aliases refer to
}

// anchorDepOn is an alias inside a kept node: the name and the definition
// it referred to when the node was read.
type anchorDepOn struct {
	name string
	seq  int
}

// AnchorError reports an alias of a cassette interaction that refers to an
// anchor of an earlier interaction which the reader did not keep: it was
// larger than the reader keeps across interactions, or the anchors an
// interaction refers to are larger than an interaction may be.
type AnchorError struct {
	Name   string // the anchor's name, as in "*id001"
	Reason string
}

// Error implements error.
func (e *AnchorError) Error() string {
	return fmt.Sprintf("alias *%s: %s", clipText(e.Name, 64), e.Reason)
}

// aliasNames calls fn with each name that follows a '*' in b: an
// over-estimate of the aliases of an interaction ("*/*" in a header or a
// body gives a name that is looked up and not found). The bytes passed are
// valid only during the call.
func aliasNames(b []byte, fn func([]byte)) {
	for {
		i := bytes.IndexByte(b, '*')
		if i < 0 {
			return
		}
		b = b[i+1:]
		j := 0
		for j < len(b) && !isAnchorEnd(b[j]) {
			j++
		}
		if j > 0 {
			fn(b[:j])
		}
		b = b[j:]
	}
}

// isAnchorEnd reports whether c ends an anchor name: white space or a flow
// indicator.
func isAnchorEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// prefix returns the text of the kept anchors that the interaction text b
// may refer to (and of those they refer to), in the order they were
// defined, and how many list items it holds. An error is an *AnchorError
// for an anchor that cannot be put in front of b.
func (s *anchorStore) prefix(b []byte, read int64) ([]byte, int, error) {
	if s == nil || (len(s.byName) == 0 && len(s.dropped) == 0) {
		return nil, 0, nil
	}
	need := map[string]*anchorEntry{}
	var todo []string
	aliasNames(b, func(name []byte) {
		e, ok := s.byName[string(name)] // no allocation for a lookup
		if !ok {
			return
		}
		if _, ok := need[string(name)]; !ok {
			need[string(name)] = e
			todo = append(todo, string(name))
		}
	})
	var size int64
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		e := need[name]
		size += int64(len(e.text))
		if size > maxCassetteMeta {
			return nil, 0, &AnchorError{Name: name, Reason: fmt.Sprintf("the anchors of earlier interactions this interaction refers to hold more than %d bytes", maxCassetteMeta)}
		}
		for _, d := range e.deps {
			cur, ok := s.byName[d.name]
			if !ok || cur.seq != d.seq {
				// Redefined since: the kept text would now refer to the new
				// definition. Real cassettes (PyYAML, Psych) never reuse
				// a name.
				return nil, 0, &AnchorError{Name: name, Reason: "refers to anchor " + clipText(d.name, 64) + ", which a later interaction redefined"}
			}
			if _, ok := need[d.name]; !ok {
				need[d.name] = cur
				todo = append(todo, d.name)
			}
		}
	}
	if len(need) == 0 {
		return nil, 0, nil
	}
	s.work += size
	if s.work > maxAnchorWork+anchorWorkRatio*read {
		return nil, 0, &AnchorError{Name: "", Reason: fmt.Sprintf("the aliases of this cassette expand to more than %d bytes", maxAnchorWork+anchorWorkRatio*read)}
	}
	list := make([]*anchorEntry, 0, len(need))
	for _, e := range need {
		list = append(list, e)
	}
	slices.SortFunc(list, func(a, b *anchorEntry) int { return a.seq - b.seq })
	out := make([]byte, 0, size)
	for _, e := range list {
		out = append(out, e.text...)
	}
	return out, len(list), nil
}

// explain turns yaml.v3's "unknown anchor" error for an anchor that was
// dropped into an *AnchorError; other errors are returned as they are.
func (s *anchorStore) explain(err error) error {
	if s == nil || len(s.dropped) == 0 {
		return err
	}
	msg := err.Error()
	const pre = "unknown anchor '"
	i := strings.Index(msg, pre)
	if i < 0 {
		return err
	}
	name := msg[i+len(pre):]
	if j := strings.Index(name, "' referenced"); j >= 0 {
		name = name[:j]
	}
	if r, ok := s.dropped[name]; ok {
		return &AnchorError{Name: name, Reason: r}
	}
	return err
}

// keep records the anchored nodes of items, the decoded list items of one
// interaction, in document order.
func (s *anchorStore) keep(items []*yaml.Node) {
	for _, n := range items {
		s.walk(n, 0)
	}
}

// walk visits n and its children, not following aliases. It returns the
// estimated text size of n (used to refuse a node before encoding it).
func (s *anchorStore) walk(n *yaml.Node, depth int) int64 {
	if n == nil || depth > maxYAMLDepth {
		return 0
	}
	size := int64(len(n.Value)+len(n.Tag)+len(n.Anchor)) + 8
	if n.Anchor != "" {
		s.seq++ // claim the order of definition before the children's
	}
	seq := s.seq
	for _, c := range n.Content {
		size += s.walk(c, depth+1)
	}
	if n.Anchor != "" && n.Kind != yaml.AliasNode {
		s.add(n, seq, size)
	}
	return size
}

// maxYAMLDepth bounds the walk of a node tree; yaml.v3 refuses deeper
// documents anyway.
const maxYAMLDepth = 10000

func (s *anchorStore) add(n *yaml.Node, seq int, estimate int64) {
	if old, ok := s.byName[n.Anchor]; ok {
		s.bytes -= int64(len(old.text))
		delete(s.byName, n.Anchor)
	}
	delete(s.dropped, n.Anchor)
	if s.bytes+estimate > maxAnchorBytes {
		s.drop(n.Anchor, fmt.Sprintf("its anchor in an earlier interaction is beyond the %d bytes of anchored YAML kept across interactions", maxAnchorBytes))
		return
	}
	text, err := encodeItem(n)
	if err != nil || s.bytes+int64(len(text)) > maxAnchorBytes {
		s.drop(n.Anchor, "its anchor in an earlier interaction could not be kept")
		return
	}
	e := &anchorEntry{seq: seq, text: text}
	s.deps(n, e, 0)
	if s.byName == nil {
		s.byName = map[string]*anchorEntry{}
	}
	s.byName[n.Anchor] = e
	s.bytes += int64(len(text))
}

func (s *anchorStore) drop(name, reason string) {
	if s.dropped == nil {
		s.dropped = map[string]string{}
	}
	if len(s.dropped) < maxDropped {
		s.dropped[name] = reason
	}
}

// dropIn records the anchors defined in b ("&name" after a space), text
// the reader leaves out (a body too large to keep), so that an alias to one
// of them says why it cannot be resolved.
func (s *anchorStore) dropIn(b []byte, reason string) {
	for {
		i := bytes.Index(b, []byte(" &"))
		if i < 0 {
			return
		}
		b = b[i+2:]
		j := 0
		for j < len(b) && !isAnchorEnd(b[j]) {
			j++
		}
		if j > 0 && (j == len(b) || b[j] == ' ' || b[j] == '\n' || b[j] == '\r') {
			if _, kept := s.byName[string(b[:j])]; !kept {
				s.drop(string(b[:j]), reason)
			}
		}
		b = b[j:]
	}
}

// deps records the aliases inside n with the definitions they refer to now.
func (s *anchorStore) deps(n *yaml.Node, e *anchorEntry, depth int) {
	if depth > maxYAMLDepth {
		return
	}
	if n.Kind == yaml.AliasNode {
		seq := -1
		if cur, ok := s.byName[n.Value]; ok {
			seq = cur.seq
		}
		if !slices.Contains(e.deps, anchorDepOn{n.Value, seq}) {
			e.deps = append(e.deps, anchorDepOn{n.Value, seq})
		}
		return
	}
	for _, c := range n.Content {
		s.deps(c, e, depth+1)
	}
}

// encodeItem writes n as the only item of a YAML list.
func encodeItem(n *yaml.Node) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: encoder failed: %v", r)
		}
	}()
	return yaml.Marshal(&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{n}})
}

// parsed is an interaction parsed once, with the anchors it refers to in
// front: items are its list items; shift turns the line numbers of
// yaml.v3's messages into lines of the file.
type parsed struct {
	items []*yaml.Node
	shift int
	err   error
}

// parseItem parses the lines of an interaction (starting at line) into
// nodes, resolving its aliases to anchors of earlier interactions, and
// keeps its own anchors for the interactions that follow.
func (c *cassetteReader) parseItem(it *cassItem, line int) *parsed {
	if it.parsed != nil {
		return it.parsed
	}
	p := &parsed{shift: line - 1}
	it.parsed = p
	pre, k, err := c.anchors.prefix(it.buf, c.off)
	if err != nil {
		p.err = err
		return p
	}
	text := it.buf
	if len(pre) > 0 {
		text = append(pre, it.buf...)
		p.shift -= bytes.Count(pre, []byte("\n"))
	}
	var doc yaml.Node
	if err := yamlDecode(text, &doc); err != nil {
		p.err = c.anchors.explain(err)
		return p
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode || len(doc.Content[0].Content) < k {
		p.err = &FieldError{Field: "request", Msg: "missing"}
		return p
	}
	p.items = doc.Content[0].Content[k:]
	c.anchors.keep(p.items)
	return p
}

// decodeItem decodes the interaction it into v (a pointer to a slice of
// interactions). The error is the decoder's, with lines of the
// interaction; shift makes them lines of the file.
func (c *cassetteReader) decodeItem(it *cassItem, line int, v any) (shift int, err error) {
	p := c.parseItem(it, line)
	if p.err != nil {
		return p.shift, p.err
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: p.items}
	defer func() {
		if r := recover(); r != nil {
			err = &SyntaxError{Msg: fmt.Sprintf("yaml: decoder failed: %v", r)}
		}
	}()
	return p.shift, seq.Decode(v)
}
