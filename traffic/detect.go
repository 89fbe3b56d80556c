package traffic

import (
	"bufio"
	"bytes"
	"io"
)

// PeekSize is how much of the input NewReader looks at to detect its
// format; pass at least this much to Detect.
const PeekSize = 64 << 10

const peekSize = PeekSize

// Detect tells the format of a recording from the first bytes of its content
// (not from its file name): a JSON object whose first object has a "log" key
// is HAR, one with an "http_interactions" key a Ruby VCR cassette (JSON
// serializer), one with a "request" or "response" key is JSON lines; YAML
// with a top-level "http_interactions:" key is a Ruby VCR cassette, and YAML
// whose first line (after "---") is "- !ruby/struct:VCR::HTTPInteraction" is
// a cassette of Ruby VCR 1, YAML with a top-level "interactions:" or
// "version:" key is a vcrpy cassette
// when its first request names its URL "uri" (as vcrpy writes it), else a
// go-vcr cassette ("url"). Other input gives an *UnknownFormatError.
func Detect(prefix []byte) (Format, error) {
	text := bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf"))
	b := bytes.TrimLeft(text, " \t\r\n")
	if len(b) == 0 {
		return "", &UnknownFormatError{Reason: "empty input"}
	}
	// Only the first line is looked at: a binary line further on is a
	// damaged entry, which the reader reports before going on.
	first := b
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if bytes.IndexByte(first, 0) >= 0 {
		return "", &UnknownFormatError{Reason: "binary data"}
	}
	if b[0] == '{' {
		return detectJSON(b)
	}
	return detectYAML(text)
}

// detectJSON looks for "log" or "request"/"response" among the keys of the
// first object.
func detectJSON(b []byte) (Format, error) {
	s := newBytesScanner(b)
	s.pos++
	first := true
	for {
		more, err := s.more(&first, '}')
		if err != nil {
			break
		}
		if !more {
			return "", &UnknownFormatError{Reason: `JSON object without a "log", "http_interactions", "request" or "response" key`}
		}
		k, err := s.readKey()
		if err != nil {
			break
		}
		switch string(k) {
		case "log":
			return FormatHAR, nil
		case "http_interactions":
			return FormatVCRJSON, nil
		case "request", "response":
			return FormatJSONL, nil
		}
		if s.skip(1) != nil {
			break
		}
	}
	if s.rerr == io.EOF && s.pos >= s.end {
		return "", &UnknownFormatError{Reason: `no "log", "http_interactions", "request" or "response" key at the start of the JSON object`}
	}
	return "", &UnknownFormatError{Reason: "invalid JSON at the start of the input"}
}

// detectYAML accepts YAML whose first key line is at the top level and that
// has a top-level http_interactions, interactions or version key.
func detectYAML(b []byte) (Format, error) {
	found, keys, ruby, url := false, false, false, ""
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || (!keys && (t[0] == '%' || bytes.Equal(t, []byte("---")))) {
			continue
		}
		if url == "" && keys {
			url = urlKey(t)
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !keys {
				break
			}
			continue
		}
		if _, _, ok := splitKey(line); !ok {
			if !keys && line[0] == '-' && bytes.HasPrefix(t, []byte("- !ruby/")) {
				if bytes.HasPrefix(t, []byte(vcr1Tag)) {
					return FormatVCR1, nil
				}
				return "", &UnknownFormatError{Reason: "a YAML list of Ruby objects that is not a VCR 1 cassette (its items are not " + vcr1Tag[2:] + ")"}
			}
			if !keys {
				break
			}
			continue // a list item of a top-level key, as go-vcr v1 writes them
		}
		keys = true
		switch {
		case bytes.HasPrefix(line, []byte("http_interactions:")):
			ruby = true
		case bytes.HasPrefix(line, []byte("interactions:")) || bytes.HasPrefix(line, []byte("version:")):
			found = true
		}
	}
	switch {
	case ruby:
		return FormatVCR, nil
	case found && url == "uri":
		return FormatVCRPy, nil
	case found:
		return FormatCassette, nil
	}
	return "", &UnknownFormatError{Reason: "not JSON, and not YAML with a top-level http_interactions, interactions or version key"}
}

// NewReader detects the format of r from its first bytes and returns a
// Reader for it. It fails with a *FileError when the format is none of the
// readers', r cannot be read, or the input starts like a HAR or a YAML
// cassette without the shape of one (see [Sniff]).
func NewReader(name string, r io.Reader, opts Options) (Reader, error) {
	br := bufio.NewReaderSize(r, peekSize)
	prefix, err := br.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &FileError{File: name, Err: err}
	}
	f, err := Detect(prefix)
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	if f == FormatHAR || f == FormatCassette || f == FormatVCRPy {
		// A "log" object without HAR's keys, or YAML with a version but no
		// interactions (docker-compose.yml), is no recording: say so rather
		// than read it as an empty one. JSON lines keep Detect's reading,
		// so that a damaged first line is one damaged entry.
		if _, err := Sniff(prefix); err != nil {
			return nil, &FileError{File: name, Err: err}
		}
	}
	switch f {
	case FormatHAR:
		return NewHAR(name, br, opts), nil
	case FormatCassette:
		return NewCassette(name, br, opts), nil
	case FormatVCR:
		return NewVCR(name, br, opts), nil
	case FormatVCRJSON:
		return NewVCRJSON(name, br, opts), nil
	case FormatVCRPy:
		return NewVCRPy(name, br, opts), nil
	case FormatVCR1:
		return NewVCR1(name, br, opts), nil
	default:
		return NewJSONL(name, br, opts), nil
	}
}

// urlKey returns "uri" or "url" when the trimmed line t is that key (maybe
// after a list dash), else "".
func urlKey(t []byte) string {
	t = bytes.TrimLeft(bytes.TrimPrefix(t, []byte("-")), " ")
	for _, k := range []string{"uri", "url"} {
		if bytes.HasPrefix(t, []byte(k+":")) {
			return k
		}
	}
	return ""
}

// NewVCR returns a Reader for a cassette of Ruby's VCR (YAML serializer,
// http_interactions). It reads r as a stream, one interaction at a time.
func NewVCR(name string, r io.Reader, opts Options) Reader {
	return newYAMLCassette(name, r, opts, FormatVCR)
}

// NewVCRPy returns a Reader for a vcrpy cassette (YAML, version 1). It
// reads r as a stream, one interaction at a time.
func NewVCRPy(name string, r io.Reader, opts Options) Reader {
	return newYAMLCassette(name, r, opts, FormatVCRPy)
}
