package traffic

import (
	"fmt"
	"io"
)

const (
	scanBufSize = 64 << 10
	maxDepth    = 512 // deepest JSON nesting accepted
	maxKey      = 256 // longer object keys match no known field
)

// jsonScanner is a streaming JSON tokenizer over an io.Reader. Unlike
// encoding/json it never holds more than one buffer of input plus what the
// caller asks it to keep: strings are decoded up to a limit and the rest is
// counted and discarded. It tracks the byte offset and line for errors.
// Invalid UTF-8 inside strings is kept as it is.
type jsonScanner struct {
	name  string
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	base  int64 // stream offset of buf[0]
	line  int   // 1-based line of buf[pos]
	rerr  error // sticky read error; io.EOF at the end of input
	entry int   // entry being read, -1 if none, for error messages
	pad   int   // trailing '=' count of the last string read
	key   []byte
	num   []byte
	// For header arrays: the name and value being read, and the keys of
	// the names already met.
	hname, hvalue []byte
	hkeys         headerKeys
	text          []byte // scratch for a body's text
}

func newJSONScanner(name string, r io.Reader) *jsonScanner {
	return &jsonScanner{name: name, r: r, buf: make([]byte, scanBufSize), line: 1, entry: -1}
}

// newBytesScanner scans b in place.
func newBytesScanner(b []byte) *jsonScanner {
	return &jsonScanner{buf: b, end: len(b), line: 1, rerr: io.EOF, entry: -1}
}

func (s *jsonScanner) offset() int64 { return s.base + int64(s.pos) }

// fill moves unread bytes to the front of the buffer and reads more. It
// reports whether any bytes were added.
func (s *jsonScanner) fill() bool {
	if s.rerr != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		if n < 0 || n > len(s.buf)-s.end {
			n, err = 0, io.ErrShortBuffer // misbehaving reader
		}
		s.end += n
		if err != nil {
			s.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// ensure makes at least k unread bytes available, if the input has them.
func (s *jsonScanner) ensure(k int) bool {
	for s.end-s.pos < k {
		if !s.fill() {
			return false
		}
	}
	return true
}

func (s *jsonScanner) fail(err error) error {
	return &FileError{File: s.name, Line: s.line, Offset: s.offset(), Err: err}
}

func (s *jsonScanner) syntaxErr(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if s.entry >= 0 {
		msg += fmt.Sprintf(" (in entry %d)", s.entry)
	}
	return s.fail(&SyntaxError{Msg: msg})
}

// eofErr reports input that ended (or failed to read) where more was needed.
func (s *jsonScanner) eofErr() error {
	if s.rerr != nil && s.rerr != io.EOF {
		return s.fail(s.rerr)
	}
	msg := "unexpected end of input"
	if s.entry >= 0 {
		msg += fmt.Sprintf(" in entry %d", s.entry)
	}
	return s.fail(&SyntaxError{Msg: msg, Err: io.ErrUnexpectedEOF})
}

func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// peek skips white space and returns the next byte without consuming it;
// ok is false at the end of input.
func (s *jsonScanner) peek() (c byte, ok bool) {
	for {
		for s.pos < s.end {
			c = s.buf[s.pos]
			switch c {
			case ' ', '\t', '\r':
				s.pos++
			case '\n':
				s.pos++
				s.line++
			default:
				return c, true
			}
		}
		if !s.fill() {
			return 0, false
		}
	}
}

// rawPeek returns the next byte without skipping white space.
func (s *jsonScanner) rawPeek() (byte, bool) {
	if s.pos >= s.end && !s.fill() {
		return 0, false
	}
	return s.buf[s.pos], true
}

// expect consumes c, after white space.
func (s *jsonScanner) expect(c byte) error {
	b, ok := s.peek()
	if !ok {
		return s.eofErr()
	}
	if b != c {
		return s.syntaxErr("expected %s, found %s", describe(c), describe(b))
	}
	s.pos++
	return nil
}

// more is called in a loop after an opening '{' or '['. It consumes the ','
// between members and the closing byte, and reports whether a member follows.
func (s *jsonScanner) more(first *bool, closing byte) (bool, error) {
	c, ok := s.peek()
	if !ok {
		return false, s.eofErr()
	}
	if c == closing {
		s.pos++
		return false, nil
	}
	if !*first {
		if c != ',' {
			return false, s.syntaxErr("expected ',' or %s, found %s", describe(closing), describe(c))
		}
		s.pos++
	}
	*first = false
	return true, nil
}

// readKey reads an object key and its colon. The result is valid until the
// next call; keys longer than maxKey come back empty.
func (s *jsonScanner) readKey() ([]byte, error) {
	c, ok := s.peek()
	if !ok {
		return nil, s.eofErr()
	}
	if c != '"' {
		return nil, s.syntaxErr("expected a string key, found %s", describe(c))
	}
	k, n, err := s.readString(s.key[:0], maxKey)
	if err != nil {
		return nil, err
	}
	s.key = k
	if n > maxKey {
		k = k[:0]
	}
	return k, s.expect(':')
}

// readNumber consumes a JSON number and returns its first 64 bytes.
func (s *jsonScanner) readNumber() ([]byte, error) {
	// states: 0 start, 1 after '-', 2 after leading 0, 3 integer digits,
	// 4 after '.', 5 fraction digits, 6 after e, 7 after exponent sign,
	// 8 exponent digits
	st := 0
	s.num = s.num[:0]
	for {
		c, ok := s.rawPeek()
		if !ok && s.rerr != io.EOF {
			return nil, s.eofErr()
		}
		digit := ok && c >= '0' && c <= '9'
		next := -1
		switch {
		case st == 0 && c == '-':
			next = 1
		case (st == 0 || st == 1) && digit:
			next = 3
			if c == '0' {
				next = 2
			}
		case st == 3 && digit, st == 5 && digit, st == 8 && digit:
			next = st
		case (st == 2 || st == 3) && c == '.':
			next = 4
		case st == 4 && digit:
			next = 5
		case (st == 2 || st == 3 || st == 5) && (c == 'e' || c == 'E'):
			next = 6
		case st == 6 && (c == '+' || c == '-'):
			next = 7
		case (st == 6 || st == 7) && digit:
			next = 8
		}
		if next < 0 {
			if st == 2 || st == 3 || st == 5 || st == 8 {
				return s.num, nil
			}
			if !ok {
				return nil, s.eofErr()
			}
			return nil, s.syntaxErr("invalid number: unexpected %s", describe(c))
		}
		if len(s.num) < 64 {
			s.num = append(s.num, c)
		}
		s.pos++
		st = next
	}
}

// readLiteral consumes true, false or null.
func (s *jsonScanner) readLiteral(word string) error {
	for i := 0; i < len(word); i++ {
		c, ok := s.rawPeek()
		if !ok {
			return s.eofErr()
		}
		if c != word[i] {
			return s.syntaxErr("invalid literal: unexpected %s", describe(c))
		}
		s.pos++
	}
	return nil
}

// skip consumes one JSON value of any kind, keeping nothing.
func (s *jsonScanner) skip(depth int) error {
	if depth > maxDepth {
		return s.syntaxErr("JSON nested deeper than %d levels", maxDepth)
	}
	c, ok := s.peek()
	if !ok {
		return s.eofErr()
	}
	switch {
	case c == '{' || c == '[':
		s.pos++
		closing, first := byte('}'), true
		if c == '[' {
			closing = ']'
		}
		for {
			more, err := s.more(&first, closing)
			if err != nil || !more {
				return err
			}
			if c == '{' {
				if _, err := s.readKey(); err != nil {
					return err
				}
			}
			if err := s.skip(depth + 1); err != nil {
				return err
			}
		}
	case c == '"':
		_, _, err := s.readString(nil, 0)
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := s.readNumber()
		return err
	case c == 't':
		return s.readLiteral("true")
	case c == 'f':
		return s.readLiteral("false")
	case c == 'n':
		return s.readLiteral("null")
	}
	return s.syntaxErr("unexpected %s", describe(c))
}

// kind names the type of the JSON value starting with c, for messages.
func kind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	}
	return "a number"
}
