package traffic

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Ruby VCR (YAML serializer) writes
//
//	http_interactions:
//	- request:
//	    method: post
//	    uri: https://stage.wepayapi.com/v2/account/create
//	    body:
//	      encoding: UTF-8
//	      string: '{"name":"Shop"}'
//	    headers:
//	      Content-Type:
//	      - application/json
//	  response:
//	    status:
//	      code: 200
//	      message: OK
//	    headers: {...}
//	    body:
//	      encoding: ASCII-8BIT
//	      base64_string: |
//	        eyJhY2NvdW50X2lkIjoxfQ==
//	    http_version:
//	  recorded_at: Tue, 01 Nov 2011 04:58:44 GMT
//	recorded_with: VCR 2.9.3
//
// (VCR 2 on Ruby 1.9 also wrote "string: !binary |-" with base64 text), and
// vcrpy writes
//
//	interactions:
//	- request:
//	    body: null              # or a string, or !!binary
//	    headers: {Accept: ['*/*']}
//	    method: POST
//	    uri: https://stage.wepayapi.com/v2/account
//	  response:
//	    body: {string: '{"account_id": 1}'}
//	    headers: {Content-Type: [application/json]}
//	    status: {code: 200, message: OK}
//	version: 1

type flexInteraction struct {
	Request    *flexMessage `yaml:"request"`
	Response   *flexMessage `yaml:"response"`
	RecordedAt flexString   `yaml:"recorded_at"`
}

type flexMessage struct {
	Body    flexBody    `yaml:"body"`
	Headers flexHeaders `yaml:"headers"`
	URI     flexString  `yaml:"uri"`
	URL     flexString  `yaml:"url"`
	Method  flexString  `yaml:"method"`
	Status  flexStatus  `yaml:"status"`
	Code    int         `yaml:"code"`
}

// flexBody is a body: a string (maybe !!binary or !binary), null, or a
// mapping with string or base64_string.
type flexBody struct {
	data []byte
	err  error
}

func (b *flexBody) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		b.data, b.err = scalarBytes(n, "")
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				continue
			}
			switch k {
			case "string":
				b.data, b.err = scalarBytes(v, "")
			case "base64_string":
				b.data, b.err = scalarBytes(v, "!!binary")
			}
		}
		return nil
	case yaml.AliasNode:
		if n.Alias != nil {
			return b.UnmarshalYAML(n.Alias)
		}
	}
	b.err = &FieldError{Field: "body", Msg: "expected a string or a mapping with string or base64_string"}
	return nil
}

// scalarBytes decodes a scalar body; as, when set, overrides its tag.
func scalarBytes(n *yaml.Node, as string) ([]byte, error) {
	tag := n.Tag
	if as != "" {
		tag = as
	}
	switch tag {
	case "!!null":
		return nil, nil
	case "!!binary", "!binary", "tag:yaml.org,2002:binary":
		s := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, n.Value)
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, &FieldError{Field: "body", Msg: "invalid base64"}
		}
		return b, nil
	}
	return []byte(n.Value), nil
}

// flexHeaders is a mapping of header names to a string or a list of them.
type flexHeaders struct {
	h   http.Header
	err error
}

func (f *flexHeaders) UnmarshalYAML(n *yaml.Node) error {
	f.h = http.Header{}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		f.err = &FieldError{Field: "headers", Msg: "expected a mapping"}
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, v := n.Content[i].Value, n.Content[i+1]
		if name == "" || strings.HasPrefix(name, ":") {
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag != "!!null" {
				f.add(name, v)
			}
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind == yaml.ScalarNode {
					f.add(name, e)
				}
			}
		default:
			f.err = &FieldError{Field: "headers " + clipText(name, 64), Msg: "expected a string or a list of strings"}
		}
	}
	return nil
}

// add adds the value of scalar v, base64-decoded when it is tagged
// !binary: VCR 2 on Ruby 1.9 writes every ASCII-8BIT string that way,
// header values included ("Content-Type: [!binary YXBw...]").
func (f *flexHeaders) add(name string, v *yaml.Node) {
	s, err := flexText(v)
	if err != nil {
		if f.err == nil {
			f.err = &FieldError{Field: "headers " + clipText(name, 64), Msg: "invalid base64 in a !binary value"}
		}
		return
	}
	f.h.Add(name, s)
}

// flexString is a scalar string that may be written as !binary (base64),
// as VCR 2 writes the ASCII-8BIT strings of Ruby 1.9 (a uri, a method, a
// status message, recorded_at).
type flexString string

func (s *flexString) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{"line " + strconv.Itoa(n.Line) + ": expected a string"}}
	}
	if n.Tag == "!!null" {
		*s = ""
		return nil
	}
	t, err := flexText(n)
	if err != nil {
		return &yaml.TypeError{Errors: []string{"line " + strconv.Itoa(n.Line) + ": invalid base64 in a !binary value"}}
	}
	*s = flexString(t)
	return nil
}

// flexText is the text of scalar n, base64-decoded when n is tagged binary.
func flexText(n *yaml.Node) (string, error) {
	switch n.Tag {
	case "!binary", "!!binary", "tag:yaml.org,2002:binary":
		b, err := scalarBytes(n, "")
		return string(b), err
	}
	return n.Value, nil
}

// flexStatus is "200 OK", 200, or {code: 200, message: OK}.
type flexStatus struct {
	code int
	err  error
}

func (s *flexStatus) UnmarshalYAML(n *yaml.Node) error {
	var text string
	switch n.Kind {
	case yaml.ScalarNode:
		t, err := flexText(n)
		if err != nil {
			s.err = &FieldError{Field: "response status", Msg: "invalid base64 in a !binary value"}
			return nil
		}
		text = t
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "code" && n.Content[i+1].Kind == yaml.ScalarNode {
				t, err := flexText(n.Content[i+1])
				if err != nil {
					s.err = &FieldError{Field: "response status code", Msg: "invalid base64 in a !binary value"}
					return nil
				}
				text = t
			}
		}
	default:
		s.err = &FieldError{Field: "response status", Msg: "expected a number or a mapping with code"}
		return nil
	}
	text = strings.TrimSpace(text)
	if text == "" || text == "~" || text == "null" {
		return nil
	}
	code, err := strconv.Atoi(strings.SplitN(text, " ", 2)[0])
	if err != nil {
		s.err = &FieldError{Field: "response status", Msg: "not a number: " + strconv.Quote(clipText(text, 32))}
		return nil
	}
	s.code = code
	return nil
}

// decodeFlex decodes an interaction of a Ruby VCR or vcrpy cassette.
func (c *cassetteReader) decodeFlex(it *cassItem, line int) (*Exchange, error) {
	var items []flexInteraction
	if shift, err := c.decodeItem(it, line, &items); err != nil {
		var ae *AnchorError
		if errors.As(err, &ae) {
			return nil, err
		}
		msg := quotedScalar.ReplaceAllString(shiftLines(err.Error(), shift), "`…`")
		return nil, &SyntaxError{Msg: boundMessage(msg)}
	}
	if len(items) != 1 || items[0].Request == nil {
		return nil, &FieldError{Field: "request", Msg: "missing"}
	}
	in := items[0]
	q, p := in.Request, in.Response
	x := &Exchange{}
	if in.RecordedAt != "" {
		t, err := parseRecordedAt(string(in.RecordedAt))
		if err != nil {
			return nil, &FieldError{Field: "recorded_at", Msg: "not a time: " + strconv.Quote(clipText(string(in.RecordedAt), 40))}
		}
		x.Time = t
	}
	uri := q.URI
	if uri == "" {
		uri = q.URL
	}
	if uri == "" || q.Method == "" {
		return nil, &FieldError{Field: "request", Msg: "missing method or uri"}
	}
	if q.Headers.err != nil {
		return nil, q.Headers.err
	}
	if q.Body.err != nil {
		return nil, &FieldError{Field: "request body", Err: q.Body.err}
	}
	hdr := q.Headers.h
	if hdr == nil {
		hdr = http.Header{}
	}
	if c.kind == FormatVCR1 {
		uri = flexString(dropStandardPort(string(uri)))
	}
	x.Request = Request{Method: vcrMethod(string(q.Method)), URL: string(uri), Header: hdr}
	x.Request.Body, x.Request.BodySize, x.Request.BodyTooLarge = c.body(string(q.Body.data), it.over[secRequest], it.size[secRequest])
	if p == nil {
		if c.kind != FormatCassette {
			// VCR and vcrpy record a response with every request (a
			// connection error is raised, not recorded): none means the
			// interaction was cut or edited.
			return nil, &FieldError{Field: "response", Msg: "missing: VCR and vcrpy record one with every request"}
		}
		return x, nil
	}
	if p.Status.err != nil {
		return nil, p.Status.err
	}
	code := p.Status.code
	if code == 0 {
		code = p.Code
	}
	if code == 0 {
		if c.kind != FormatCassette {
			return nil, &FieldError{Field: "response status", Msg: "missing: VCR and vcrpy record the status code of every response"}
		}
		return x, nil // no response was recorded
	}
	if code < 0 || code > 999 {
		return nil, &FieldError{Field: "response status code", Msg: "out of range: " + strconv.Itoa(code)}
	}
	if p.Headers.err != nil {
		return nil, p.Headers.err
	}
	if p.Body.err != nil {
		return nil, &FieldError{Field: "response body", Err: p.Body.err}
	}
	rh := p.Headers.h
	if rh == nil {
		rh = http.Header{}
	}
	r := &Response{Status: code, Header: rh}
	r.Body, r.BodySize, r.BodyTooLarge = c.body(string(p.Body.data), it.over[secResponse], it.size[secResponse])
	decompress(r, c.max)
	x.Response = r
	return x, nil
}

// maxMessage bounds an error message built from a decoder's report: yaml.v3
// lists every bad element, which for hostile input is megabytes.
const maxMessage = 512

// boundMessage keeps the first lines of msg, at most maxMessage bytes.
func boundMessage(msg string) string {
	lines := strings.Split(msg, "\n")
	if len(lines) > 4 {
		msg = strings.Join(lines[:4], "\n") + "\n(" + strconv.Itoa(len(lines)-4) + " more errors)"
	}
	if len(msg) > maxMessage {
		msg = msg[:maxMessage] + "..."
	}
	return msg
}
