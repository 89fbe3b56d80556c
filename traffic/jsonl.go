package traffic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

type jsonlReader struct {
	name    string
	br      *bufio.Reader
	max     int64
	limit   int64 // longest line accepted
	line    int   // lines read
	off     int64 // bytes read
	index   int
	started bool // saw a non-blank line
	binary  int  // binary lines in a row
	buf     []byte
	err     error
}

// maxBinaryLines is how many binary lines in a row are reported as damaged
// entries before the rest of the file is refused as binary data.
const maxBinaryLines = 16

// NewJSONL returns a Reader for JSON lines in the format described in the
// package doc. Lines longer than 2*MaxBody+64 KiB are EntryErrors.
func NewJSONL(name string, r io.Reader, opts Options) Reader {
	m := opts.maxBody()
	return &jsonlReader{name: name, br: bufio.NewReaderSize(r, 64<<10), max: m, limit: 2*m + 64<<10}
}

func (j *jsonlReader) Format() Format { return FormatJSONL }

func (j *jsonlReader) Next() (*Exchange, error) {
	if j.err != nil {
		return nil, j.err
	}
	x, err := j.next()
	if _, ok := err.(*EntryError); err != nil && !ok {
		j.err = err
	}
	return x, err
}

func (j *jsonlReader) next() (*Exchange, error) {
	for {
		start := j.off
		size, err := j.readLine()
		if err == io.EOF && !j.started {
			return nil, &FileError{File: j.name, Line: j.line + 1, Offset: j.off, Err: &SyntaxError{Msg: "empty input, no JSON lines"}}
		}
		if err != nil {
			return nil, err
		}
		j.line++
		line := bytes.TrimSpace(j.buf)
		if !j.started {
			line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		}
		if len(line) == 0 && size <= j.limit {
			continue
		}
		idx := j.index
		j.index++
		if bytes.IndexByte(j.buf, 0) >= 0 {
			// A binary line among good ones (a disk or copy error) is a
			// damaged entry; binary from the first line, or run after run
			// of binary lines, is not JSON lines at all.
			j.binary++
			if !j.started || j.binary > maxBinaryLines {
				return nil, &FileError{File: j.name, Line: j.line, Offset: start, Err: &SyntaxError{Msg: "NUL byte: binary data, not JSON lines"}}
			}
			return nil, &EntryError{File: j.name, Entry: idx, Line: j.line, Err: &SyntaxError{Msg: "NUL byte: binary data, not a JSON line"}}
		}
		j.binary = 0
		if !j.started {
			j.started = true
			if len(line) == 0 || line[0] != '{' {
				return nil, &FileError{File: j.name, Line: j.line, Offset: start, Err: &SyntaxError{Msg: "not JSON lines: the first line is not a JSON object"}}
			}
		}
		var perr error
		var x *Exchange
		if size > j.limit {
			perr = &TooLongError{What: "line", Limit: j.limit, Size: size}
		} else {
			x, perr = j.parse(line)
		}
		if perr != nil {
			return nil, &EntryError{File: j.name, Entry: idx, Line: j.line, Err: perr}
		}
		x.Index, x.Source, x.Line = idx, j.name, j.line
		return x, nil
	}
}

// readLine reads the next line into j.buf (keeping at most j.limit+1 bytes)
// and returns its full length without the newline.
func (j *jsonlReader) readLine() (int64, error) {
	if cap(j.buf) > 1<<20 {
		j.buf = nil // do not hold on to the memory of one long line
	}
	j.buf = j.buf[:0]
	var n int64
	for {
		chunk, err := j.br.ReadSlice('\n')
		n += int64(len(chunk))
		j.off += int64(len(chunk))
		if room := j.limit + 1 - int64(len(j.buf)); room > 0 {
			j.buf = append(j.buf, chunk[:min(int64(len(chunk)), room)]...)
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			return n - 1, nil
		case io.EOF:
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		default:
			return 0, &FileError{File: j.name, Line: j.line + 1, Offset: j.off, Err: err}
		}
	}
}

type jsonlRecord struct {
	Request  *jsonlMessage `json:"request"`
	Response *jsonlMessage `json:"response"`
	Time     *string       `json:"time"`
	SentTo   string        `json:"sent_to"`
}

type jsonlMessage struct {
	Method  string                     `json:"method"`
	URL     string                     `json:"url"`
	Status  int                        `json:"status"`
	Headers map[string]json.RawMessage `json:"headers"`
	Body    json.RawMessage            `json:"body"`
	// Truncated and Size mark a body a recorder cut (see RecordHandler).
	Truncated bool  `json:"body_truncated"`
	Size      int64 `json:"body_size"`
}

func (j *jsonlReader) parse(line []byte) (*Exchange, error) {
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, &FieldError{Field: strings.ReplaceAll(te.Field, ".", " "), Msg: "expected " + jsonKind(te.Type.Kind()) + ", found " + te.Value, Err: err}
		}
		if errors.As(err, &te) {
			return nil, &FieldError{Field: "line", Msg: "expected an object, found " + te.Value, Err: err}
		}
		return nil, err
	}
	x := &Exchange{SentTo: rec.SentTo}
	if rec.Time != nil && *rec.Time != "" {
		t, err := parseTime(*rec.Time)
		if err != nil {
			return nil, &FieldError{Field: "time", Err: err}
		}
		x.Time = t
	}
	q := rec.Request
	if q == nil {
		return nil, &FieldError{Field: "request", Msg: "missing"}
	}
	x.Request = Request{Method: q.Method, URL: q.URL}
	var err error
	if x.Request.Header, err = jsonlHeaders("request", q.Headers); err != nil {
		return nil, err
	}
	if x.Request.Body, x.Request.BodySize, x.Request.BodyTooLarge, err = jsonlBody("request", q.Body, j.max); err != nil {
		return nil, err
	}
	if q.Truncated {
		x.Request.Body, x.Request.BodyTooLarge, x.Request.BodySize = nil, true, max(q.Size, x.Request.BodySize)
	}
	p := rec.Response
	if p == nil {
		return x, nil
	}
	if p.Status < 1 || p.Status > 999 {
		return nil, &FieldError{Field: "response status", Msg: "missing or out of range: " + strconv.Itoa(p.Status)}
	}
	r := &Response{Status: p.Status}
	if r.Header, err = jsonlHeaders("response", p.Headers); err != nil {
		return nil, err
	}
	if r.Body, r.BodySize, r.BodyTooLarge, err = jsonlBody("response", p.Body, j.max); err != nil {
		return nil, err
	}
	if p.Truncated {
		r.Body, r.BodyTooLarge, r.BodySize = nil, true, max(p.Size, r.BodySize)
	}
	x.Response = r
	return x, nil
}

func jsonlHeaders(field string, m map[string]json.RawMessage) (http.Header, error) {
	h := make(http.Header, len(m))
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names) // keeps the order of values deterministic
	for _, k := range names {
		raw := m[k]
		var one string
		var many []string
		switch {
		case len(raw) == 0 || raw[0] == 'n':
			continue
		case raw[0] == '"' && json.Unmarshal(raw, &one) == nil:
			h.Add(k, one)
		case raw[0] == '[' && json.Unmarshal(raw, &many) == nil:
			for _, v := range many {
				h.Add(k, v)
			}
		default:
			return nil, &FieldError{Field: field + " headers " + strconv.Quote(k), Msg: "expected a string or an array of strings"}
		}
	}
	return h, nil
}

// jsonlBody turns a body value into bytes: a string holds raw text, any
// other value is the body as written.
func jsonlBody(field string, raw json.RawMessage, limit int64) ([]byte, int64, bool, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, 0, false, nil
	}
	var b []byte
	switch raw[0] {
	case '"':
		s := newBytesScanner(raw)
		var n int64
		var err error
		if b, n, err = s.readString(nil, limit); err != nil {
			return nil, 0, false, &FieldError{Field: field + " body", Err: err}
		}
		if n > limit {
			return nil, n, true, nil
		}
	case '{', '[':
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, 0, false, &FieldError{Field: field + " body", Err: err}
		}
		b = buf.Bytes()
	default:
		b = append([]byte(nil), raw...)
	}
	if int64(len(b)) > limit {
		return nil, int64(len(b)), true, nil
	}
	if len(b) == 0 {
		return nil, 0, false, nil
	}
	return b, int64(len(b)), false, nil
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "a number"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object"
	}
	return k.String()
}
