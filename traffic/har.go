package traffic

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxMeta bounds the bytes of an entry other than its bodies (URL, headers,
// ...) that a reader keeps; an entry with more is an EntryError.
const maxMeta = 4 << 20

// HAR reader states.
const (
	harStart = iota
	harTop
	harLog
	harEntries
	harEnd
)

type harReader struct {
	name  string
	s     *jsonScanner
	max   int64
	state int
	first bool // no member read yet in the object or array being walked
	index int
	log   bool // saw log
	err   error
	// fields are the names of the request's and the response's fields
	// in errors.
	fields [2]msgFields
}

// NewHAR returns a Reader for a HAR 1.2 file. It reads r as a stream, one
// entry at a time; see the package doc for what is taken from each entry.
func NewHAR(name string, r io.Reader, opts Options) Reader {
	return &harReader{name: name, s: newJSONScanner(name, r), max: opts.maxBody(),
		fields: [2]msgFields{newMsgFields("request"), newMsgFields("response")}}
}

func (h *harReader) Format() Format { return FormatHAR }

func (h *harReader) Next() (*Exchange, error) {
	if h.err != nil {
		return nil, h.err
	}
	x, err := h.next()
	if _, ok := err.(*EntryError); err != nil && !ok {
		h.err = err
	}
	return x, err
}

func (h *harReader) next() (*Exchange, error) {
	s := h.s
	for {
		switch h.state {
		case harStart:
			if s.ensure(3) && string(s.buf[s.pos:s.pos+3]) == "\xef\xbb\xbf" {
				s.pos += 3 // UTF-8 byte order mark
			}
			c, ok := s.peek()
			if !ok {
				if s.rerr != io.EOF {
					return nil, s.eofErr()
				}
				return nil, s.fail(&SyntaxError{Msg: "empty input, not a HAR file"})
			}
			if c != '{' {
				return nil, s.syntaxErr("not a HAR file: expected '{', found %s", describe(c))
			}
			s.pos++
			h.state, h.first = harTop, true
		case harTop, harLog:
			closing := harEnd
			if h.state == harLog {
				closing = harTop
			}
			more, err := s.more(&h.first, '}')
			if err != nil {
				return nil, err
			}
			if !more {
				h.state, h.first = closing, false
				continue
			}
			k, err := s.readKey()
			if err != nil {
				return nil, err
			}
			want, inner, next := "log", byte('{'), harLog
			if h.state == harLog {
				want, inner, next = "entries", '[', harEntries
			}
			if string(k) != want {
				if err := s.skip(1); err != nil {
					return nil, err
				}
				continue
			}
			c, ok := s.peek()
			if !ok {
				return nil, s.eofErr()
			}
			if c == 'n' && inner == '[' {
				if err := s.readLiteral("null"); err != nil {
					return nil, err
				}
				continue
			}
			if c != inner {
				return nil, s.fail(&FieldError{Field: want, Msg: "expected " + kind(inner) + ", found " + kind(c)})
			}
			s.pos++
			h.state, h.first = next, true
			h.log = true
		case harEntries:
			more, err := s.more(&h.first, ']')
			if err != nil {
				return nil, err
			}
			if !more {
				h.state, h.first = harLog, false
				continue
			}
			return h.entry()
		default: // harEnd
			if c, ok := s.peek(); ok {
				return nil, s.syntaxErr("unexpected %s after the end of the HAR object", describe(c))
			}
			if s.rerr != io.EOF {
				return nil, s.eofErr()
			}
			if !h.log {
				return nil, s.fail(&FieldError{Field: "log", Msg: "missing, not a HAR file"})
			}
			return nil, io.EOF
		}
	}
}

// build fills x from the parsed parts, returning a field error if the entry
// is unusable.
func (h *harReader) build(x *Exchange, started []byte, req, resp *harMsg, hasReq, hasResp bool) error {
	if len(started) > 0 {
		t, err := parseTime(string(started))
		if err != nil {
			return &FieldError{Field: "startedDateTime", Err: err}
		}
		x.Time = t
	}
	if !hasReq {
		return &FieldError{Field: "request", Msg: "missing"}
	}
	if req.method == nil || req.url == nil {
		return &FieldError{Field: "request", Msg: "missing method or url"}
	}
	x.Request = Request{Method: methodName(req.method), URL: string(req.url), Header: req.header}
	req.useForm()
	var err error
	x.Request.Body, x.Request.BodySize, x.Request.BodyTooLarge, err = h.body("request postData", req)
	if err != nil {
		return err
	}
	if !hasResp || resp.status == 0 {
		return nil
	}
	if resp.status < 0 {
		return &FieldError{Field: "response status", Msg: "negative: " + strconv.FormatInt(resp.status, 10)}
	}
	r := &Response{Status: int(resp.status), Header: resp.header}
	r.Body, r.BodySize, r.BodyTooLarge, err = h.body("response content", resp)
	x.Response = r
	return err
}

// body turns the text of a postData or content object into body bytes.
func (h *harReader) body(field string, m *harMsg) ([]byte, int64, bool, error) {
	if !m.hasText || m.size == 0 {
		return nil, 0, false, nil
	}
	switch enc := strings.ToLower(string(m.encoding)); enc {
	case "":
		if m.size > h.max {
			return nil, m.size, true, nil
		}
		return m.text, m.size, false, nil
	case "base64":
		if m.size > int64(len(m.text)) { // cut while reading: far too large
			return nil, max(m.size/4*3-int64(m.pad), 0), true, nil
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(m.text)))
		n, err := base64.StdEncoding.Decode(b, m.text)
		if err != nil {
			return nil, 0, false, &FieldError{Field: field + ".text", Err: err}
		}
		if int64(n) > h.max {
			return nil, int64(n), true, nil
		}
		if n == 0 {
			return nil, 0, false, nil
		}
		return b[:n], int64(n), false, nil
	default:
		return nil, 0, false, &FieldError{Field: field + ".encoding", Msg: "unsupported encoding " + strconv.Quote(enc)}
	}
}

// methodName is the method m spells, shared for the common ones rather
// than allocated for every entry.
func methodName(m []byte) string {
	switch string(m) {
	case http.MethodGet:
		return http.MethodGet
	case http.MethodPost:
		return http.MethodPost
	case http.MethodPut:
		return http.MethodPut
	case http.MethodDelete:
		return http.MethodDelete
	}
	return string(m)
}
