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
	form        harForm // postData.params, read as a form body
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
	if ok, err := p.openString(field); !ok {
		return nil, err
	}
	b, kept, err := p.strInto(field, nil)
	if kept && b == nil {
		b = []byte{}
	}
	return b, err
}

// openString reports whether a string follows (the scanner is at its
// quote); null or another value (a field error) is consumed.
func (p *entryParser) openString(field string) (bool, error) {
	c, ok := p.s.peek()
	if !ok {
		return false, p.s.eofErr()
	}
	switch c {
	case 'n':
		return false, p.s.readLiteral("null")
	case '"':
		return true, nil
	}
	return false, p.wrong(field, "a string", c)
}

// strInto reads a string (the value after peek found '"') into dst[:0]
// within the entry's budget of non-body bytes. kept is false when the
// budget is spent (p.bad says so) or on an error.
func (p *entryParser) strInto(field string, dst []byte) (b []byte, kept bool, err error) {
	room := max(maxMeta-p.meta, 0)
	b, n, err := p.s.readString(dst[:0], room)
	if err != nil {
		return nil, false, err
	}
	p.meta += min(n, room+1)
	if n > room {
		if p.bad == nil {
			p.bad = &FieldError{Field: field, Msg: "entry has more than " + strconv.Itoa(maxMeta) + " bytes of URL, headers and other fields"}
		}
		return nil, false, nil
	}
	return b, true, nil
}

// scratchStr is str into the reusable buffer *buf (grown as needed): the
// bytes returned are valid until the next read into it.
func (p *entryParser) scratchStr(field string, buf *[]byte) ([]byte, error) {
	if ok, err := p.openString(field); !ok {
		return nil, err
	}
	b, _, err := p.strInto(field, *buf)
	if cap(b) > cap(*buf) && cap(b) <= maxScratch {
		*buf = b[:0]
	}
	return b, err
}

// maxScratch is the largest scratch buffer a reader keeps between strings.
const maxScratch = 64 << 10

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
			hasReq, err = p.message(&h.fields[0], &req)
		case "response":
			hasResp, err = p.message(&h.fields[1], &resp)
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

// msgFields are the names a message's field errors are reported under
// ("request url", "response content.text"), made once for both messages
// and not for every entry.
type msgFields struct {
	name, method, url, status string
	headers                   headerFields
	postData, content         bodyFields
}

// headerFields are the names of a headers array and its members.
type headerFields struct{ name, hname, hvalue string }

// bodyFields are the names of postData's or content's members.
type bodyFields struct{ name, text, encoding string }

func newMsgFields(field string) msgFields {
	body := func(k string) bodyFields {
		sub := field + " " + k
		return bodyFields{name: sub, text: sub + ".text", encoding: sub + ".encoding"}
	}
	return msgFields{name: field, method: field + " method", url: field + " url", status: field + " status",
		headers:  headerFields{name: field + " headers", hname: field + " headers name", hvalue: field + " headers value"},
		postData: body("postData"), content: body("content")}
}

func (p *entryParser) message(f *msgFields, m *harMsg) (bool, error) {
	m.header = http.Header{}
	return p.object(f.name, func(k []byte) error {
		var err error
		switch string(k) {
		case "method":
			m.method, err = p.str(f.method)
		case "url":
			m.url, err = p.str(f.url)
		case "status":
			m.status, err = p.integer(f.status)
		case "headers":
			err = p.headers(&f.headers, m.header)
		case "postData", "content":
			b := &f.postData
			if string(k) == "content" {
				b = &f.content
			}
			_, err = p.object(b.name, func(k []byte) error {
				switch string(k) {
				case "text":
					return p.text(b.text, m)
				case "params":
					if b == &f.postData {
						return p.params(b.name+".params", &m.form)
					}
				case "mimeType":
					if b == &f.postData {
						var err error
						m.form.mime, err = p.str(b.name + ".mimeType")
						return err
					}
				case "encoding":
					var err error
					m.encoding, err = p.str(b.encoding)
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
	// The text is decoded into the reader's scratch buffer and copied once
	// at its size, rather than grown from nothing for every body.
	b, size, err := p.s.readString(p.s.text[:0], (p.max+2)/3*4) // room for the base64 of a body of p.max bytes
	if cap(b) > cap(p.s.text) && cap(b) <= maxScratch {
		p.s.text = b[:0]
	}
	if len(b) > 0 {
		m.text = append(make([]byte, 0, len(b)), b...)
	}
	m.size, m.pad, m.hasText = size, p.s.pad, true
	return err
}

// openArray reports whether an array follows, consuming its '['; null
// (a missing array) or another value (a field error) is consumed.
func (p *entryParser) openArray(field string) (bool, error) {
	c, ok := p.s.peek()
	if !ok {
		return false, p.s.eofErr()
	}
	switch c {
	case 'n':
		return false, p.s.readLiteral("null")
	case '[':
		p.s.pos++
		return true, nil
	}
	return false, p.wrong(field, "an array", c)
}

func (p *entryParser) headers(f *headerFields, h http.Header) error {
	if ok, err := p.openArray(f.name); !ok {
		return err
	}
	// The first value of each name goes into one shared backing array, as
	// net/textproto does, rather than a slice per header.
	var vals []string
	first := true
	for {
		more, err := p.s.more(&first, ']')
		if err != nil || !more {
			return err
		}
		// name and value are read into the scanner's scratch buffers:
		// only the value's string and, once per reader, the key are kept.
		var name, value []byte
		_, err = p.object(f.name, func(k []byte) error {
			var err error
			switch string(k) {
			case "name":
				name, err = p.scratchStr(f.hname, &p.s.hname)
			case "value":
				value, err = p.scratchStr(f.hvalue, &p.s.hvalue)
			default:
				err = p.s.skip(5)
			}
			return err
		})
		if err != nil {
			return err
		}
		if len(name) > 0 && name[0] != ':' {
			key, v := p.s.hkeys.key(name), string(value)
			if old, ok := h[key]; ok {
				h[key] = append(old, v) // as h.Add(name, value)
			} else {
				if vals == nil {
					vals = make([]string, 0, 8)
				}
				vals = append(vals, v)
				h[key] = vals[len(vals)-1 : len(vals) : len(vals)]
			}
			p.meta += 32 // what a header costs besides its text
		}
	}
}
