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
type locator struct{ root *yaml.Node }

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
				next = n.Content[i]
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
