package traffic

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Ruby VCR's JSON serializer writes the same structure as its YAML one:
//
//	{"http_interactions": [
//	   {"request": {"method": "post", "uri": "https://...",
//	                "body": {"encoding": "UTF-8", "string": "{...}"},
//	                "headers": {"Content-Type": ["application/json"]}},
//	    "response": {"status": {"code": 200, "message": "OK"},
//	                 "headers": {...},
//	                 "body": {"encoding": "ASCII-8BIT", "base64_string": "eyJ..."},
//	                 "http_version": null},
//	    "recorded_at": "Tue, 01 Nov 2011 04:58:44 GMT"}],
//	 "recorded_with": "VCR 6.0.0"}

type vcrJSONReader struct {
	name  string
	s     *jsonScanner
	max   int64
	state int
	first bool
	index int
	seen  bool // saw http_interactions
	err   error
}

// NewVCRJSON returns a Reader for a cassette written by Ruby VCR's JSON
// serializer. It reads r as a stream, one interaction at a time.
func NewVCRJSON(name string, r io.Reader, opts Options) Reader {
	return &vcrJSONReader{name: name, s: newJSONScanner(name, r), max: opts.maxBody()}
}

func (v *vcrJSONReader) Format() Format { return FormatVCRJSON }

func (v *vcrJSONReader) Next() (*Exchange, error) {
	if v.err != nil {
		return nil, v.err
	}
	x, err := v.next()
	if _, ok := err.(*EntryError); err != nil && !ok {
		v.err = err
	}
	return x, err
}

// States of the JSON cassette reader; harStart, harTop and harEnd are
// shared with the HAR reader, harEntries is the interactions array.
func (v *vcrJSONReader) next() (*Exchange, error) {
	s := v.s
	for {
		switch v.state {
		case harStart:
			if s.ensure(3) && string(s.buf[s.pos:s.pos+3]) == "\xef\xbb\xbf" {
				s.pos += 3
			}
			c, ok := s.peek()
			if !ok {
				if s.rerr != io.EOF {
					return nil, s.eofErr()
				}
				return nil, s.fail(&SyntaxError{Msg: "empty input, not a VCR cassette"})
			}
			if c != '{' {
				return nil, s.syntaxErr("not a VCR cassette: expected '{', found %s", describe(c))
			}
			s.pos++
			v.state, v.first = harTop, true
		case harTop:
			more, err := s.more(&v.first, '}')
			if err != nil {
				return nil, err
			}
			if !more {
				v.state = harEnd
				continue
			}
			k, err := s.readKey()
			if err != nil {
				return nil, err
			}
			if string(k) != "http_interactions" {
				if err := s.skip(1); err != nil {
					return nil, err
				}
				continue
			}
			v.seen = true
			c, ok := s.peek()
			if !ok {
				return nil, s.eofErr()
			}
			if c == 'n' {
				if err := s.readLiteral("null"); err != nil {
					return nil, err
				}
				continue
			}
			if c != '[' {
				return nil, s.fail(&FieldError{Field: "http_interactions", Msg: "expected an array, found " + kind(c)})
			}
			s.pos++
			v.state, v.first = harEntries, true
		case harEntries:
			more, err := s.more(&v.first, ']')
			if err != nil {
				return nil, err
			}
			if !more {
				v.state, v.first = harTop, false
				continue
			}
			return v.interaction()
		default:
			if c, ok := s.peek(); ok {
				return nil, s.syntaxErr("unexpected %s after the end of the cassette", describe(c))
			}
			if s.rerr != io.EOF {
				return nil, s.eofErr()
			}
			if !v.seen {
				return nil, s.fail(&FieldError{Field: "http_interactions", Msg: "missing, not a VCR cassette"})
			}
			return nil, io.EOF
		}
	}
}

func (v *vcrJSONReader) interaction() (*Exchange, error) {
	s := v.s
	idx := v.index
	v.index++
	s.entry = idx
	defer func() { s.entry = -1 }()
	s.peek()
	x := &Exchange{Index: idx, Source: v.name, Line: s.line}
	p := &entryParser{s: s, max: v.max}
	var recorded []byte
	var req, resp harMsg
	var hasReq, hasResp bool
	_, err := p.object("interaction", func(k []byte) error {
		var err error
		switch string(k) {
		case "recorded_at":
			recorded, err = p.str("recorded_at")
		case "request":
			hasReq, err = p.vcrMessage("request", &req)
		case "response":
			hasResp, err = p.vcrMessage("response", &resp)
		default:
			err = s.skip(2)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.bad == nil {
		p.bad = v.build(x, recorded, &req, &resp, hasReq, hasResp)
	}
	if p.bad != nil {
		return nil, &EntryError{File: v.name, Entry: idx, Line: x.Line, Err: p.bad}
	}
	return x, nil
}

func (v *vcrJSONReader) build(x *Exchange, recorded []byte, req, resp *harMsg, hasReq, hasResp bool) error {
	if len(recorded) > 0 {
		t, err := parseRecordedAt(string(recorded))
		if err != nil {
			return &FieldError{Field: "recorded_at", Err: err}
		}
		x.Time = t
	}
	if !hasReq {
		return &FieldError{Field: "request", Msg: "missing"}
	}
	if req.method == nil || req.url == nil {
		return &FieldError{Field: "request", Msg: "missing method or uri"}
	}
	x.Request = Request{Method: vcrMethod(string(req.method)), URL: string(req.url), Header: req.header}
	h := &harReader{max: v.max}
	var err error
	if x.Request.Body, x.Request.BodySize, x.Request.BodyTooLarge, err = h.body("request body", req); err != nil {
		return vcrField(err, req)
	}
	if !hasResp || resp.status == 0 {
		return nil
	}
	if resp.status < 0 || resp.status > 999 {
		return &FieldError{Field: "response status code", Msg: "out of range: " + strconv.FormatInt(resp.status, 10)}
	}
	r := &Response{Status: int(resp.status), Header: resp.header}
	r.Body, r.BodySize, r.BodyTooLarge, err = h.body("response body", resp)
	decompress(r, v.max)
	x.Response = r
	return vcrField(err, resp)
}

// vcrField names a body field as VCR does (the HAR reader's body decoder
// calls it ".text").
func vcrField(err error, m *harMsg) error {
	fe, ok := err.(*FieldError)
	if !ok {
		return err
	}
	name := ".string"
	if string(m.encoding) == "base64" {
		name = ".base64_string"
	}
	fe.Field = strings.Replace(fe.Field, ".text", name, 1)
	return fe
}

// vcrMessage reads a VCR request or response object into m.
func (p *entryParser) vcrMessage(field string, m *harMsg) (bool, error) {
	m.header = http.Header{}
	return p.object(field, func(k []byte) error {
		var err error
		switch string(k) {
		case "method":
			m.method, err = p.str(field + " method")
		case "uri":
			m.url, err = p.str(field + " uri")
		case "status":
			_, err = p.object(field+" status", func(k []byte) error {
				if string(k) == "code" {
					var err error
					m.status, err = p.integer(field + " status code")
					return err
				}
				return p.s.skip(4)
			})
		case "headers":
			err = p.vcrHeaders(field+" headers", m.header)
		case "body":
			err = p.vcrBody(field+" body", m)
		default:
			err = p.s.skip(3)
		}
		return err
	})
}

// vcrBody reads {"encoding": ..., "string": ...} or {"base64_string": ...};
// a bare string (some hand-written cassettes) is the body text.
func (p *entryParser) vcrBody(field string, m *harMsg) error {
	c, ok := p.s.peek()
	if !ok {
		return p.s.eofErr()
	}
	if c == '"' {
		return p.text(field, m)
	}
	_, err := p.object(field, func(k []byte) error {
		switch string(k) {
		case "string":
			return p.text(field+".string", m)
		case "base64_string":
			m.encoding = []byte("base64")
			return p.text(field+".base64_string", m)
		}
		return p.s.skip(4)
	})
	return err
}

// vcrHeaders reads {"Name": ["v1", "v2"]} (or "Name": "v").
func (p *entryParser) vcrHeaders(field string, h http.Header) error {
	return p.nameValues(field, func(name, value []byte) {
		h.Add(string(name), string(value))
		p.meta += 32
	})
}

// nameValues walks an object of strings or arrays of strings.
func (p *entryParser) nameValues(field string, add func(name, value []byte)) error {
	_, err := p.object(field, func(k []byte) error {
		name := append([]byte(nil), k...)
		c, ok := p.s.peek()
		if !ok {
			return p.s.eofErr()
		}
		if c != '[' {
			v, err := p.str(field + " " + string(name))
			if err == nil && v != nil {
				add(name, v)
			}
			return err
		}
		p.s.pos++
		first := true
		for {
			more, err := p.s.more(&first, ']')
			if err != nil || !more {
				return err
			}
			v, err := p.str(field + " " + string(name))
			if err != nil {
				return err
			}
			if v != nil {
				add(name, v)
			}
		}
	})
	return err
}

// vcrMethod turns Ruby VCR's method ("post", or ":post" from VCR 1) into
// an HTTP method.
func vcrMethod(m string) string {
	return strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(m), ":"))
}

// parseRecordedAt reads VCR's recorded_at ("Tue, 01 Nov 2011 04:58:44
// GMT", RFC 1123 as Ruby's httpdate writes it) or an RFC 3339 time.
func parseRecordedAt(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC1123, time.RFC1123Z} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return parseTime(s)
}
