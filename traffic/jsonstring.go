package traffic

import (
	"slices"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/jsonbytes"
)

// readString consumes a JSON string (s.buf[s.pos] is its opening quote),
// appending at most limit decoded bytes to dst. It returns dst and the full
// decoded length, which is larger than limit when the string was cut. The
// count of trailing '=' of the whole string (s.pad, for base64 bodies) is
// taken from dst at the end, or followed byte by byte once the string
// passes limit (a limit of 0 skips the string and leaves s.pad 0).
func (s *jsonScanner) readString(dst []byte, limit int64) ([]byte, int64, error) {
	s.pos++
	start := len(dst)
	dst, done := s.readFits(dst, start, limit)
	if done {
		return dst, int64(len(dst) - start), nil
	}
	// What is left may pass the limit: each run is measured against it.
	n := int64(len(dst) - start)
	cut, pad := false, 0 // pad: trailing '=' of what was cut off, with the kept part's
	// add appends decoded bytes b, within limit.
	add := func(b []byte) {
		if !cut && n+int64(len(b)) <= limit {
			dst = append(dst, b...)
		} else {
			if !cut {
				cut = true
				room := max(limit-n, 0)
				dst = append(dst, b[:room]...)
				pad = padOf(dst[start:])
			}
			if limit > 0 { // a string skipped has no pad to follow
				pad = trackPad(pad, b[max(limit-n, 0):])
			}
		}
		n += int64(len(b))
	}
	var tmp [8]byte
	for {
		if s.pos >= s.end && !s.fill() {
			return dst, n, s.eofErr()
		}
		chunk := s.buf[s.pos:s.end]
		i := jsonbytes.PlainRun(chunk)
		if i > 0 {
			add(chunk[:i])
			s.pos += i
			if i == len(chunk) {
				continue
			}
		}
		switch c := chunk[i]; {
		case c == '"':
			s.pos++
			if !cut {
				pad = padOf(dst[start:])
			}
			s.pad = pad
			return dst, n, nil
		case c < 0x20:
			return dst, n, s.syntaxErr("control character %s in string", describe(c))
		}
		s.pos++ // backslash
		// The common escapes, without a call.
		if i+1 < len(chunk) {
			if e := jsonbytes.Unescape(chunk[i+1]); e != 0 {
				s.pos++
				tmp[0] = e
				add(tmp[:1])
				continue
			}
		}
		e, err := s.escape(tmp[:0])
		if err != nil {
			return dst, n, err
		}
		add(e)
	}
}

// readFits decodes the string being read into dst for as long as nothing
// can pass the limit: it looks at no more input bytes than the room left
// under limit for what dst holds of the string (from start), as no text
// decodes to more bytes than it has. It reports done once it read the
// closing quote (and set s.pad); otherwise it stops before what readString
// must look at: input past the room, an escape that is not one of the
// one-letter escapes (\uXXXX or an invalid one), a backslash that ends the
// buffer, a control byte or the end of input.
func (s *jsonScanner) readFits(dst []byte, start int, limit int64) ([]byte, bool) {
	for {
		if s.pos >= s.end && !s.fill() {
			return dst, false
		}
		chunk := s.buf[s.pos:s.end]
		if room := limit - int64(len(dst)-start); int64(len(chunk)) > room {
			chunk = chunk[:max(room, 0)]
		}
		if len(chunk) == 0 {
			return dst, false
		}
		// The run before the first quote, escape or control byte is
		// copied at its size: the whole of a string without escapes (a
		// key, a method, most values, a base64 body).
		i := jsonbytes.PlainRun(chunk)
		dst = append(dst, chunk[:i]...)
		s.pos += i
		switch {
		case i < len(chunk) && chunk[i] == '"':
			s.pos++
			s.pad = padOf(dst[start:])
			return dst, true
		case i > 0:
			continue // what stopped the run, if anything, is read next
		}
		// An escape (or a control byte) is next. Decode no more than dst
		// has room for, so that it grows as the string needs, not as much
		// as the buffer holds.
		if cap(dst)-len(dst) < minTextRoom {
			dst = slices.Grow(dst, minTextRoom)
		}
		if spare := cap(dst) - len(dst); len(chunk) > spare {
			chunk = chunk[:spare]
		}
		var n int
		dst, n = jsonbytes.AppendPlain(dst, chunk)
		s.pos += n
		switch {
		case n == len(chunk):
			continue
		case chunk[n] == '"':
			s.pos++
			s.pad = padOf(dst[start:])
			return dst, true
		case n > 0 && n == len(chunk)-1 && chunk[n] == '\\':
			continue // an escape cut by the end of the window (room, buffer or dst): it starts the next; n > 0, so this ends
		}
		return dst, false
	}
}

// minTextRoom is the least spare room readFits decodes into.
const minTextRoom = 256

// padOf counts the trailing '=' of a base64 text, ignoring line breaks
// (trackPad of the whole of b).
func padOf(b []byte) int {
	pad := 0
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case '=':
			pad++
		case '\r', '\n':
		default:
			return pad
		}
	}
	return pad
}

// trackPad counts trailing '=' of a base64 text, ignoring line breaks.
func trackPad(pad int, b []byte) int {
	for _, c := range b {
		switch c {
		case '=':
			pad++
		case '\r', '\n':
		default:
			pad = 0
		}
	}
	return pad
}

// escape decodes the escape sequence after a backslash, appending to dst.
func (s *jsonScanner) escape(dst []byte) ([]byte, error) {
	c, ok := s.rawPeek()
	if !ok {
		return dst, s.eofErr()
	}
	s.pos++
	switch c {
	case '"', '\\', '/':
		return append(dst, c), nil
	case 'b':
		return append(dst, '\b'), nil
	case 'f':
		return append(dst, '\f'), nil
	case 'n':
		return append(dst, '\n'), nil
	case 'r':
		return append(dst, '\r'), nil
	case 't':
		return append(dst, '\t'), nil
	case 'u':
	default:
		return dst, s.syntaxErr("invalid escape \\%s in string", describe(c))
	}
	r, err := s.hex4()
	if err != nil {
		return dst, err
	}
	if r >= 0xd800 && r < 0xdc00 { // high surrogate: try to pair it
		if s.ensure(6) && s.buf[s.pos] == '\\' && s.buf[s.pos+1] == 'u' {
			if lo, ok := parseHex4(s.buf[s.pos+2 : s.pos+6]); ok && lo >= 0xdc00 && lo < 0xe000 {
				s.pos += 6
				return utf8.AppendRune(dst, (r-0xd800)<<10+(lo-0xdc00)+0x10000), nil
			}
		}
		r = utf8.RuneError
	} else if r >= 0xdc00 && r < 0xe000 {
		r = utf8.RuneError
	}
	return utf8.AppendRune(dst, r), nil
}

func (s *jsonScanner) hex4() (rune, error) {
	if !s.ensure(4) {
		return 0, s.eofErr()
	}
	r, ok := parseHex4(s.buf[s.pos : s.pos+4])
	if !ok {
		return 0, s.syntaxErr("invalid \\u escape in string")
	}
	s.pos += 4
	return r, nil
}

func parseHex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
