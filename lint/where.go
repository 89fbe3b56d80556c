package lint

import (
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"gopkg.in/yaml.v3"
)

// path is a place in a document: mapping keys and sequence indexes.
type path []string

// at returns a longer path; ints become sequence indexes.
func (p path) at(segs ...any) path {
	out := append(path(nil), p...)
	for _, s := range segs {
		switch x := s.(type) {
		case int:
			out = append(out, "["+strconv.Itoa(x)+"]")
		case string:
			out = append(out, x)
		}
	}
	return out
}

// String is the dotted form: "components.schemas.Account.examples[0]".
func (p path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// pointerPath turns a JSON pointer ("/properties/name") into path segments.
func pointerPath(ptr string) path {
	if ptr == "" {
		return nil
	}
	var out path
	for _, tok := range jsonptr.Split(ptr) {
		if n, err := strconv.Atoi(tok); err == nil && n >= 0 {
			out = append(out, "["+tok+"]")
		} else {
			out = append(out, tok)
		}
	}
	return out
}

// locator finds the line of a path in the YAML (or JSON) source.
type locator struct {
	root  *yaml.Node
	lines map[int]path // first path on each line, built by pathAt
}

func newLocator(data []byte) (*locator, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	if len(n.Content) == 0 {
		return &locator{}, nil
	}
	return &locator{root: n.Content[0]}, nil
}

// line returns the line of the deepest node of p that exists, 0 if none.
func (l *locator) line(p path) int {
	if l == nil || l.root == nil {
		return 0
	}
	n, line := l.root, 0
	for _, seg := range p {
		var next *yaml.Node
		switch {
		case strings.HasPrefix(seg, "[") && n.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(strings.Trim(seg, "[]"))
			if err == nil && i >= 0 && i < len(n.Content) {
				next, line = n.Content[i], n.Content[i].Line
			}
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == seg {
					next, line = n.Content[i+1], n.Content[i].Line
					break
				}
			}
		}
		if next == nil {
			return line
		}
		n = next
		if n.Kind != yaml.MappingNode || line == 0 {
			line = n.Line
		}
	}
	return line
}

// has reports whether every segment of p exists.
func (l *locator) has(p path) bool {
	if l == nil || l.root == nil || p == nil {
		return false
	}
	n := l.root
	for _, seg := range p {
		n = child(n, seg)
		if n == nil {
			return false
		}
	}
	return true
}

// node returns the node at p, nil if there is none.
func (l *locator) node(p path) *yaml.Node {
	if l == nil || l.root == nil {
		return nil
	}
	n := l.root
	for _, seg := range p {
		if n = child(n, seg); n == nil {
			return nil
		}
	}
	return n
}

func child(n *yaml.Node, seg string) *yaml.Node {
	switch {
	case strings.HasPrefix(seg, "[") && n.Kind == yaml.SequenceNode:
		i, err := strconv.Atoi(strings.Trim(seg, "[]"))
		if err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1]
			}
		}
	}
	return nil
}

// pathAt returns the path of the first (shallowest) mapping key or sequence
// item that starts on line, nil if none does. The index is built on first
// use; each node is visited once.
func (l *locator) pathAt(line int) path {
	if l == nil || l.root == nil {
		return nil
	}
	if l.lines == nil {
		l.lines = map[int]path{}
		var walk func(n *yaml.Node, at path)
		walk = func(n *yaml.Node, at path) {
			switch n.Kind {
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					p := at.at(n.Content[i].Value)
					if _, ok := l.lines[n.Content[i].Line]; !ok {
						l.lines[n.Content[i].Line] = p
					}
					walk(n.Content[i+1], p)
				}
			case yaml.SequenceNode:
				for i, c := range n.Content {
					p := at.at(i)
					if _, ok := l.lines[c.Line]; !ok {
						l.lines[c.Line] = p
					}
					walk(c, p)
				}
			}
		}
		walk(l.root, nil)
	}
	return l.lines[line]
}

// deepest is the longest prefix of p that exists.
func (l *locator) deepest(p path) path {
	for i := len(p); i > 0; i-- {
		if l.has(p[:i]) {
			return p[:i]
		}
	}
	return p
}
