package traffic

import (
	"net/http"
	"strconv"
)

// harMsg collects the parts of a HAR request or response.
type harMsg struct {
	method, url []byte
	status      int64
	header      http.Header
	text        []byte // body text as read, maybe cut at the read limit
	size        int64  // full length of text
	pad         int    // trailing '=' of text
	encoding    []byte
	hasText     bool
}

// entryParser reads one HAR entry, keeping what an Exchange needs.
type entryParser struct {
	s    *jsonScanner
	max  int64
	bad  error // first field error
	meta int64 // non-body bytes kept
}

func (p *entryParser) wrong(field, want string, c byte) error {
	if p.bad == nil {
		p.bad = &FieldError{Field: field, Msg: "expected " + want + ", found " + kind(c)}
	}
	return p.s.skip(3)
}

// object walks an object, calling member for each key; member must consume
// the value. null is taken as a missing object.
func (p *entryParser) object(field string, member func(k []byte) error) (bool, error) {
	c, ok := p.s.peek()
	if !ok {
		return false, p.s.eofErr()
	}
	if c == 'n' {
		return false, p.s.readLiteral("null")
	}
	if c != '{' {
		return false, p.wrong(field, "an object", c)
	}
	p.s.pos++
	first := true
	for {
		more, err := p.s.more(&first, '}')
		if err != nil || !more {
			return true, err
		}
		k, err := p.s.readKey()
		if err != nil {
			return true, err
		}
		if err := member(k); err != nil {
			return true, err
		}
	}
}

// str reads a string kept against the entry's metadata budget.
func (p *entryParser) str(field string) ([]byte, error) {
	c, ok := p.s.peek()
	if !ok {
		return nil, p.s.eofErr()
	}
	switch c {
	case 'n':
		return nil, p.s.readLiteral("null")
	case '"':
	default:
		return nil, p.wrong(field, "a string", c)
	}
	room := max(maxMeta-p.meta, 0)
	b, n, err := p.s.readString(nil, room)
	if err != nil {
		return nil, err
	}
	p.meta += min(n, room+1)
	if n > room {
		if p.bad == nil {
			p.bad = &FieldError{Field: field, Msg: "entry has more than " + strconv.Itoa(maxMeta) + " bytes of URL, headers and other fields"}
		}
		return nil, nil
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

func (p *entryParser) integer(field string) (int64, error) {
	c, ok := p.s.peek()
	if !ok {
		return 0, p.s.eofErr()
	}
	if c != '-' && (c < '0' || c > '9') {
		return 0, p.wrong(field, "a number", c)
	}
	num, err := p.s.readNumber()
	if err != nil {
		return 0, err
	}
	v, perr := strconv.ParseInt(string(num), 10, 32)
	if perr != nil && p.bad == nil {
		p.bad = &FieldError{Field: field, Msg: "not an integer: " + string(num)}
	}
	return v, nil
}

func (h *harReader) entry() (*Exchange, error) {
	s := h.s
	idx := h.index
	h.index++
	s.entry = idx
	defer func() { s.entry = -1 }()
	s.peek()
	x := &Exchange{Index: idx, Source: h.name, Line: s.line}
	p := &entryParser{s: s, max: h.max}
	var started []byte
	var req, resp harMsg
	var hasReq, hasResp bool
	_, err := p.object("entry", func(k []byte) error {
		var err error
		switch string(k) {
		case "startedDateTime":
			started, err = p.str("startedDateTime")
		case "request":
			hasReq, err = p.message("request", &req)
		case "response":
			hasResp, err = p.message("response", &resp)
		default:
			err = s.skip(2)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.bad == nil {
		p.bad = h.build(x, started, &req, &resp, hasReq, hasResp)
	}
	if p.bad != nil {
		return nil, &EntryError{File: h.name, Entry: idx, Line: x.Line, Err: p.bad}
	}
	return x, nil
}

func (p *entryParser) message(field string, m *harMsg) (bool, error) {
	m.header = http.Header{}
	return p.object(field, func(k []byte) error {
		var err error
		switch string(k) {
		case "method":
			m.method, err = p.str(field + " method")
		case "url":
			m.url, err = p.str(field + " url")
		case "status":
			m.status, err = p.integer(field + " status")
		case "headers":
			err = p.headers(field+" headers", m.header)
		case "postData", "content":
			sub := field + " " + string(k)
			_, err = p.object(sub, func(k []byte) error {
				switch string(k) {
				case "text":
					return p.text(sub+".text", m)
				case "encoding":
					var err error
					m.encoding, err = p.str(sub + ".encoding")
					return err
				}
				return p.s.skip(4)
			})
		default:
			err = p.s.skip(3)
		}
		return err
	})
}

func (p *entryParser) text(field string, m *harMsg) error {
	c, ok := p.s.peek()
	if !ok {
		return p.s.eofErr()
	}
	switch c {
	case 'n':
		return p.s.readLiteral("null")
	case '"':
	default:
		return p.wrong(field, "a string", c)
	}
	var err error
	m.text, m.size, err = p.s.readString(nil, (p.max+2)/3*4) // room for the base64 of a body of p.max bytes
	m.pad, m.hasText = p.s.pad, true
	return err
}

func (p *entryParser) headers(field string, h http.Header) error {
	c, ok := p.s.peek()
	if !ok {
		return p.s.eofErr()
	}
	if c == 'n' {
		return p.s.readLiteral("null")
	}
	if c != '[' {
		return p.wrong(field, "an array", c)
	}
	p.s.pos++
	first := true
	for {
		more, err := p.s.more(&first, ']')
		if err != nil || !more {
			return err
		}
		var name, value []byte
		_, err = p.object(field, func(k []byte) error {
			var err error
			switch string(k) {
			case "name":
				name, err = p.str(field + " name")
			case "value":
				value, err = p.str(field + " value")
			default:
				err = p.s.skip(5)
			}
			return err
		})
		if err != nil {
			return err
		}
		if len(name) > 0 && name[0] != ':' {
			h.Add(string(name), string(value))
			p.meta += 32 // what a header costs besides its text
		}
	}
}
