package traffic

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxCassetteMeta bounds the bytes of an interaction other than its bodies;
// YAML decoding takes several times as much memory as the text.
const maxCassetteMeta = 1 << 20

// maxCassetteLines bounds the lines of an interaction other than its
// bodies: yaml.v3 checks a mapping's keys for duplicates in time that grows
// with the square of their number, so an interaction of 20,000 headers
// took seconds to refuse. Real interactions have a few dozen.
const maxCassetteLines = 4096

// Sections of an interaction.
const (
	secNone = iota
	secRequest
	secResponse
)

// cassItem gathers the lines of one interaction, with its bodies cut out
// when they are too large to keep.
type cassItem struct {
	ind      int    // indentation of the item's "-"
	key      int    // indentation of the item's keys, -1 until known
	buf      []byte // the item's lines, shifted left by ind
	meta     int64  // bytes other than bodies
	lines    int    // lines other than bodies
	section  int    // request, response or none
	child    int    // indentation of the section's keys, -1 until known
	inBody   bool
	bodyInd  int   // indentation of "body:"
	bodyAt   int   // where the body's lines start in buf
	bodySize int64 // scalar length seen so far
	quoted   bool  // the body scalar is quoted
	cut      bool  // the body was dropped from buf
	over     [3]bool
	size     [3]int64
	parsed   *parsed // the item parsed, once
}

func (c *cassetteReader) readItem(first yline) (*Exchange, error) {
	idx := c.index
	c.index++
	if cap(c.buf) > 1<<20 {
		c.buf = nil // do not hold on to the memory of one large item
	}
	it := &cassItem{ind: c.item, key: -1, child: -1, buf: c.buf[:0]}
	if err := c.addLine(it, first, true); err != nil {
		return nil, err
	}
	atEOF := false
	for {
		ln, ok, err := c.readLine()
		if err != nil {
			return nil, err
		}
		if !ok {
			atEOF = true
			break
		}
		ind := indentOf(ln.head)
		content := ln.head[ind:]
		blank := !ln.more && len(bytes.TrimSpace(content)) == 0
		if !blank && ind <= it.ind && !startsWith(content, '#') {
			c.pending = true // the line after the item
			break
		}
		if err := c.addLine(it, ln, false); err != nil {
			return nil, err
		}
	}
	it.endBody()
	c.buf = it.buf
	x, err := c.decode(it, first.num)
	if atEOF && c.cutShort() { // the cut, not what it left out, is the damage
		x = nil
		err = &SyntaxError{Msg: "the file ends inside this interaction, before " + c.closingKey() + ": the cassette was cut short", Err: io.ErrUnexpectedEOF}
	}
	if err != nil {
		return nil, &EntryError{File: c.name, Entry: idx, Line: first.num, Err: err}
	}
	x.Index, x.Source, x.Line = idx, c.name, first.num
	return x, nil
}

// cutShort reports whether an interaction that ends at the end of the file
// was cut: Ruby VCR writes recorded_with after the interactions, and vcrpy
// (PyYAML sorts the keys) writes version after them.
func (c *cassetteReader) cutShort() bool {
	switch c.kind {
	case FormatVCR:
		return !c.trailer
	case FormatVCRPy:
		return !c.version
	}
	return false
}

func (c *cassetteReader) closingKey() string {
	if c.kind == FormatVCR {
		return "recorded_with"
	}
	return "version"
}

func (c *cassetteReader) addLine(it *cassItem, ln yline, first bool) error {
	ind := indentOf(ln.head)
	content := ln.head[ind:]
	blank := !ln.more && len(bytes.TrimSpace(content)) == 0
	if it.inBody {
		if blank || ind > it.bodyInd {
			return c.bodyLine(it, ln, ind, false, "")
		}
		it.endBody()
	}
	if !blank && !startsWith(content, '#') {
		keyInd := ind
		if first { // "- key: value": the key is after the dash
			n := indentOf(content[1:])
			keyInd, content = ind+1+n, content[1+n:]
		}
		if it.key < 0 && len(content) > 0 {
			it.key = keyInd
		}
		key, value, _ := splitKey(content)
		switch {
		case keyInd <= it.key:
			it.section, it.child = secNone, -1
			switch key {
			case "request":
				it.section = secRequest
			case "response":
				it.section = secResponse
			}
		case it.section != secNone:
			if it.child < 0 {
				it.child = keyInd
			}
			if keyInd == it.child && key == "body" {
				it.inBody, it.bodyInd, it.bodyAt = true, keyInd, len(it.buf)
				it.bodySize, it.cut = 0, false
				v := strings.TrimSpace(value)
				it.quoted = v != "" && (v[0] == '"' || v[0] == '\'')
				return c.bodyLine(it, ln, ind, true, v)
			}
		}
	}
	if it.meta > maxCassetteMeta {
		return c.rest(&ln, nil)
	}
	n := int64(len(ln.head))
	if it.lines++; it.lines > maxCassetteLines {
		return c.rest(&ln, nil)
	}
	it.buf = append(append(it.buf, ln.head[min(ind, it.ind):]...), '\n')
	err := c.rest(&ln, func(b []byte) {
		n += int64(len(b))
		if it.meta+n <= maxCassetteMeta {
			it.buf = append(append(it.buf[:len(it.buf)-1], b...), '\n')
		}
	})
	it.meta += n
	return err
}

// bodyLine adds a line of a body scalar; for the "body:" line, first is set
// and value is the start of the scalar.
func (c *cassetteReader) bodyLine(it *cassItem, ln yline, ind int, first bool, value string) error {
	if first {
		if value != "" && value[0] != '|' && value[0] != '>' { // block scalars start on the next line
			it.bodySize += int64(len(value))
		}
	} else if len(ln.head) > ind {
		it.bodySize += int64(len(ln.head)-ind) + 1
	}
	keep := func(b []byte) {
		if it.cut {
			return
		}
		it.buf = append(it.buf, b...)
		if int64(len(it.buf)-it.bodyAt) > c.bodyLimit {
			c.anchors.dropIn(it.buf[it.bodyAt:], "it names a body larger than the reader keeps (see --max-body)")
			it.buf = append(it.buf[:it.bodyAt], strings.Repeat(" ", it.bodyInd-it.ind)+"body: \"\""...)
			it.cut = true
		}
	}
	keep(ln.head[min(ind, it.ind):])
	err := c.rest(&ln, func(b []byte) {
		it.bodySize += int64(len(b))
		keep(b)
	})
	if !it.cut {
		it.buf = append(it.buf, '\n')
	} else if it.buf[len(it.buf)-1] != '\n' {
		it.buf = append(it.buf, '\n')
	}
	return err
}

func (it *cassItem) endBody() {
	if !it.inBody {
		return
	}
	it.inBody = false
	if it.cut {
		if it.quoted {
			it.bodySize -= 2
		}
		it.over[it.section], it.size[it.section] = true, max(it.bodySize, 0)
	}
}

type vcrInteraction struct {
	Request  *vcrMessage `yaml:"request"`
	Response *vcrMessage `yaml:"response"`
}

type vcrMessage struct {
	Body    string              `yaml:"body"`
	Headers map[string][]string `yaml:"headers"`
	URL     string              `yaml:"url"`
	Method  string              `yaml:"method"`
	Status  string              `yaml:"status"`
	Code    int                 `yaml:"code"`
}

// quotedScalar matches the scalar values yaml.v3 quotes in its errors.
var quotedScalar = regexp.MustCompile("`[^`]*`")

func yamlDecode(b []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &SyntaxError{Msg: fmt.Sprintf("yaml: decoder failed: %v", r)}
		}
	}()
	return yaml.Unmarshal(b, v)
}

func (c *cassetteReader) decode(it *cassItem, line int) (*Exchange, error) {
	if it.lines > maxCassetteLines {
		return nil, &FieldError{Field: "interaction", Msg: fmt.Sprintf("%d lines besides its bodies, more than the %d accepted", it.lines, maxCassetteLines)}
	}
	if it.meta > maxCassetteMeta {
		return nil, &TooLongError{What: "interaction (without bodies)", Limit: maxCassetteMeta, Size: it.meta}
	}
	if c.kind == FormatVCR1 {
		if err := vcr1Item(it.buf); err != nil {
			return nil, err
		}
	}
	if c.kind != FormatCassette {
		return c.decodeFlex(it, line)
	}
	var items []vcrInteraction
	if _, err := c.decodeItem(it, line, &items); (err != nil || (len(items) == 1 && items[0].Request != nil && items[0].Request.URL == "")) && bytes.Contains(it.buf, []byte("uri:")) {
		// A vcrpy cassette whose first request was too far in to be told
		// apart ("uri", a status mapping): read it as one.
		if x, ferr := c.decodeFlex(it, line); ferr == nil {
			return x, nil
		}
	}
	items = nil
	if shift, err := c.decodeItem(it, line, &items); err != nil {
		// yaml.v3 quotes the offending scalar, which may be a header value
		// such as a token: keep only the position and the kind of error.
		// It also reports every bad element: keep the first few, so that
		// the message stays small whatever the interaction holds.
		var te *yaml.TypeError
		text := ""
		if errors.As(err, &te) && len(te.Errors) > maxErrLines {
			text = "yaml: unmarshal errors:\n  " + strings.Join(te.Errors[:maxErrLines-2], "\n  ") +
				fmt.Sprintf("\n  (and %d more)", len(te.Errors)-(maxErrLines-2))
		} else {
			text = err.Error()
		}
		msg := boundText(quotedScalar.ReplaceAllString(shiftLines(text, shift), "`…`"))
		return nil, &SyntaxError{Msg: msg}
	}
	if len(items) != 1 || items[0].Request == nil {
		return nil, &FieldError{Field: "request", Msg: "missing"}
	}
	q, p := items[0].Request, items[0].Response
	x := &Exchange{Request: Request{Method: q.Method, URL: q.URL, Header: vcrHeader(q.Headers)}}
	x.Request.Body, x.Request.BodySize, x.Request.BodyTooLarge = c.body(q.Body, it.over[secRequest], it.size[secRequest])
	if p == nil {
		return x, nil
	}
	code := p.Code
	if code == 0 {
		code, _ = strconv.Atoi(strings.SplitN(strings.TrimSpace(p.Status), " ", 2)[0])
	}
	if code == 0 {
		return x, nil // no response was recorded
	}
	if code < 0 || code > 999 {
		return nil, &FieldError{Field: "response code", Msg: "out of range: " + strconv.Itoa(code)}
	}
	r := &Response{Status: code, Header: vcrHeader(p.Headers)}
	r.Body, r.BodySize, r.BodyTooLarge = c.body(p.Body, it.over[secResponse], it.size[secResponse])
	x.Response = r
	return x, nil
}

func (c *cassetteReader) body(s string, cut bool, size int64) ([]byte, int64, bool) {
	switch {
	case cut:
		return nil, size, true
	case int64(len(s)) > c.max:
		return nil, int64(len(s)), true
	case s == "":
		return nil, 0, false
	}
	return []byte(s), int64(len(s)), false
}

func vcrHeader(m map[string][]string) http.Header {
	h := make(http.Header, len(m))
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range m[k] {
			h.Add(k, v)
		}
	}
	return h
}

// shiftLines adds by to the numbers after "line " in a yaml error message,
// which count from the start of the interaction.
func shiftLines(msg string, by int) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, "line ")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		i += len("line ")
		j := i
		for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
			j++
		}
		b.WriteString(msg[:i])
		if n, err := strconv.Atoi(msg[i:j]); err == nil && j > i {
			b.WriteString(strconv.Itoa(n + by))
		} else {
			b.WriteString(msg[i:j])
		}
		msg = msg[j:]
	}
}
