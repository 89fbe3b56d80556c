package traffic

import "unicode/utf8"

// readString consumes a JSON string (s.buf[s.pos] is its opening quote),
// appending at most limit decoded bytes to dst. It returns dst and the full
// decoded length, which is larger than limit when the string was cut.
func (s *jsonScanner) readString(dst []byte, limit int64) ([]byte, int64, error) {
	s.pos++
	var n int64
	pad := 0
	var tmp [8]byte
	for {
		if s.pos >= s.end && !s.fill() {
			return dst, n, s.eofErr()
		}
		chunk := s.buf[s.pos:s.end]
		i := 0
		for i < len(chunk) {
			c := chunk[i]
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
			i++
		}
		if i > 0 {
			dst = appendLimited(dst, chunk[:i], n, limit)
			n += int64(i)
			pad = trackPad(pad, chunk[:i])
			s.pos += i
			if i == len(chunk) {
				continue
			}
		}
		switch c := chunk[i]; {
		case c == '"':
			s.pos++
			s.pad = pad
			return dst, n, nil
		case c < 0x20:
			return dst, n, s.syntaxErr("control character %s in string", describe(c))
		}
		s.pos++ // backslash
		e, err := s.escape(tmp[:0])
		if err != nil {
			return dst, n, err
		}
		dst = appendLimited(dst, e, n, limit)
		n += int64(len(e))
		pad = trackPad(pad, e)
	}
}

func appendLimited(dst, b []byte, n, limit int64) []byte {
	if n >= limit {
		return dst
	}
	if room := limit - n; int64(len(b)) > room {
		b = b[:room]
	}
	return append(dst, b...)
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
