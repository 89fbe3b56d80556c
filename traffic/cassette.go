package traffic

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

type cassetteReader struct {
	name      string
	br        *bufio.Reader
	max       int64
	bodyLimit int64 // largest body scalar buffered for decoding
	line      int   // lines read
	off       int64 // bytes read
	cur       yline // last line read
	pending   bool  // cur was read but not yet handled
	head      []byte
	inList    bool // reading the items of interactions
	item      int  // indentation of the items' "-", -1 before the first
	keys      bool // saw a top-level key
	version   bool // saw a valid version
	index     int
	buf       []byte
	err       error
	kind      Format       // FormatCassette, FormatVCR or FormatVCRPy
	listKey   string       // "interactions", or "http_interactions" for Ruby VCR
	list      bool         // saw the list key
	anchors   *anchorStore // anchored nodes of the interactions read so far
	trailer   bool         // saw recorded_with (Ruby VCR)
}

// yline is a line of YAML; lines can be longer than the bufio buffer, so
// only their head is held and the rest is read by rest.
type yline struct {
	head []byte // start of the line, without the line break
	more bool   // the rest of the line is still unread
	num  int    // 1-based line number
	off  int64  // offset of the line's first byte
}

// NewCassette returns a Reader for a go-vcr cassette of format version 1 or
// 2. It reads r as a stream, decoding one interaction at a time.
func NewCassette(name string, r io.Reader, opts Options) Reader {
	return newYAMLCassette(name, r, opts, FormatCassette)
}

// newYAMLCassette returns a streaming reader of a YAML cassette of kind
// FormatCassette (go-vcr), FormatVCR (Ruby VCR) or FormatVCRPy (vcrpy): they
// share the layout (a top-level list of interactions, each with a request
// and a response that have a body) and differ in names and shapes, which
// decode tells apart.
func newYAMLCassette(name string, r io.Reader, opts Options, kind Format) *cassetteReader {
	m := opts.maxBody()
	c := &cassetteReader{name: name, br: bufio.NewReaderSize(r, 64<<10), max: m, bodyLimit: 2*m + 64<<10, item: -1, kind: kind, listKey: "interactions", anchors: &anchorStore{}}
	if kind == FormatVCR {
		c.listKey = "http_interactions"
	}
	return c
}

func (c *cassetteReader) Format() Format { return c.kind }

func (c *cassetteReader) Next() (*Exchange, error) {
	if c.err != nil {
		return nil, c.err
	}
	x, err := c.next()
	if _, ok := err.(*EntryError); err != nil && !ok {
		c.err = err
	}
	return x, err
}

func (c *cassetteReader) fail(ln yline, err error) error {
	return &FileError{File: c.name, Line: ln.num, Offset: ln.off, Err: err}
}

func (c *cassetteReader) readLine() (yline, bool, error) {
	if c.pending {
		c.pending = false
		return c.cur, true, nil
	}
	b, err := c.br.ReadSlice('\n')
	ln := yline{num: c.line + 1, off: c.off, more: err == bufio.ErrBufferFull}
	if err != nil && err != io.EOF && !ln.more {
		return ln, false, c.fail(ln, err)
	}
	if len(b) == 0 {
		return ln, false, nil
	}
	c.line++
	c.off += int64(len(b))
	c.head = append(c.head[:0], b...)
	if !ln.more {
		c.head = trimEOL(c.head)
	}
	if ln.num == 1 {
		c.head = bytes.TrimPrefix(c.head, []byte("\xef\xbb\xbf"))
	}
	ln.head = c.head
	c.cur = ln
	return ln, true, nil
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// rest reads the remainder of ln, passing each piece to fn (if not nil).
func (c *cassetteReader) rest(ln *yline, fn func([]byte)) error {
	for ln.more {
		b, err := c.br.ReadSlice('\n')
		c.off += int64(len(b))
		ln.more = err == bufio.ErrBufferFull
		if err != nil && err != io.EOF && !ln.more {
			return c.fail(*ln, err)
		}
		if !ln.more {
			b = trimEOL(b)
		}
		if fn != nil {
			fn(b)
		}
	}
	return nil
}

func indentOf(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ' ' {
		n++
	}
	return n
}

func startsWith(b []byte, c byte) bool { return len(b) > 0 && b[0] == c }

func isItemStart(content []byte) bool {
	return len(content) > 0 && content[0] == '-' && (len(content) == 1 || content[1] == ' ')
}

// splitKey splits "key: value" (value may be empty).
func splitKey(content []byte) (key, value string, ok bool) {
	i := bytes.IndexByte(content, ':')
	if i <= 0 || (i+1 < len(content) && content[i+1] != ' ' && content[i+1] != '\t') {
		return "", "", false
	}
	switch content[0] {
	case '-', '[', '{', '!', '&', '*', '|', '>', '@', '`', ',', '?', ':':
		return "", "", false
	}
	return string(content[:i]), string(content[i+1:]), true
}

// scalar cleans a plain or quoted one-line scalar: no comment, no quotes.
func scalar(v string) string {
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return v
}

func (c *cassetteReader) next() (*Exchange, error) {
	for {
		ln, ok, err := c.readLine()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, c.finish(ln)
		}
		ind := indentOf(ln.head)
		content := ln.head[ind:]
		if (!ln.more && len(bytes.TrimSpace(content)) == 0) || startsWith(content, '#') {
			if err := c.rest(&ln, nil); err != nil {
				return nil, err
			}
			continue
		}
		if bytes.IndexByte(ln.head, 0) >= 0 || (!ln.more && !utf8.Valid(ln.head)) {
			return nil, c.fail(ln, &SyntaxError{Msg: "binary data, not a " + c.kind.title()})
		}
		if c.kind == FormatVCR1 && ind == 0 && isItemStart(content) {
			// VCR 1: the document is the list of interactions.
			c.keys, c.list, c.item = true, true, 0
			return c.readItem(ln)
		}
		if c.inList {
			if c.item < 0 && isItemStart(content) {
				c.item = ind
			}
			if c.item >= 0 && ind == c.item && isItemStart(content) {
				return c.readItem(ln)
			}
			if ind > 0 {
				return nil, c.fail(ln, &SyntaxError{Msg: "interactions: expected a list item"})
			}
			c.inList = false
		}
		if ind == 0 {
			end, err := c.topLevel(ln, content)
			if err != nil {
				return nil, err
			}
			if end {
				return nil, c.finish(ln)
			}
		}
		if err := c.rest(&ln, nil); err != nil {
			return nil, err
		}
	}
}

// topLevel handles a line at indentation 0 outside the interactions list.
// It reports whether the line ends the YAML document.
func (c *cassetteReader) topLevel(ln yline, content []byte) (bool, error) {
	s := string(bytes.TrimSpace(content))
	switch {
	case s == "---" || strings.HasPrefix(s, "--- "):
		return c.keys, nil // a second document ends the first
	case s == "...":
		return true, nil
	case strings.HasPrefix(s, "%") && !c.keys:
		return false, nil // directive
	}
	key, value, ok := splitKey(content)
	if c.kind == FormatVCR1 {
		return false, c.fail(ln, &SyntaxError{Msg: "not a " + c.kind.title() + ": expected a list item (- " + vcr1Tag[2:] + ")"})
	}
	if !ok {
		return false, c.fail(ln, &SyntaxError{Msg: "not a " + c.kind.title() + ": expected a top-level key"})
	}
	c.keys = true
	switch key {
	case "version":
		if c.kind == FormatVCR {
			break
		}
		if v := scalar(value); v != "1" && (v != "2" || c.kind == FormatVCRPy) {
			return false, c.fail(ln, &VersionError{Version: v, Format: c.kind})
		}
		c.version = true
	case "recorded_with":
		c.trailer = true
	case c.listKey:
		c.list = true
		switch scalar(value) {
		case "":
			c.inList, c.item = true, -1
		case "[]", "null", "~":
		default:
			return false, c.fail(ln, &SyntaxError{Msg: "interactions: expected a block list"})
		}
	}
	return false, nil
}

func (c *cassetteReader) finish(ln yline) error {
	if !c.keys {
		return c.fail(ln, &SyntaxError{Msg: "empty input, not a " + c.kind.title()})
	}
	if c.kind == FormatVCR1 {
		return io.EOF
	}
	if c.kind == FormatVCR {
		if !c.list {
			return c.fail(ln, &FieldError{Field: "http_interactions", Msg: "missing, not a Ruby VCR cassette"})
		}
		if !c.trailer {
			// VCR writes recorded_with last: without it the file was cut
			// short (or written by something else than VCR).
			return c.fail(ln, &FieldError{Field: "recorded_with", Msg: "missing: VCR writes it at the end of every cassette, so this one was cut short", Err: io.ErrUnexpectedEOF})
		}
		return io.EOF
	}
	if !c.version {
		return c.fail(ln, &VersionError{Version: "", Format: c.kind})
	}
	return io.EOF
}
