package traffic

import (
	"bufio"
	"bytes"
	"io"
)

// peekSize is how much of the input NewReader looks at to detect its format.
const peekSize = 64 << 10

// Detect tells the format of a recording from the first bytes of its content
// (not from its file name): a JSON object whose first object has a "log" key
// is HAR, one with a "request" or "response" key is JSON lines, and YAML with
// a top-level "interactions:" or "version:" key is a go-vcr cassette. Other
// input gives an *UnknownFormatError.
func Detect(prefix []byte) (Format, error) {
	text := bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf"))
	b := bytes.TrimLeft(text, " \t\r\n")
	if len(b) == 0 {
		return "", &UnknownFormatError{Reason: "empty input"}
	}
	if bytes.IndexByte(b, 0) >= 0 {
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
			return "", &UnknownFormatError{Reason: `JSON object without a "log", "request" or "response" key`}
		}
		k, err := s.readKey()
		if err != nil {
			break
		}
		switch string(k) {
		case "log":
			return FormatHAR, nil
		case "request", "response":
			return FormatJSONL, nil
		}
		if s.skip(1) != nil {
			break
		}
	}
	if s.rerr == io.EOF && s.pos >= s.end {
		return "", &UnknownFormatError{Reason: `no "log", "request" or "response" key at the start of the JSON object`}
	}
	return "", &UnknownFormatError{Reason: "invalid JSON at the start of the input"}
}

// detectYAML accepts YAML whose first key line is at the top level and that
// has a top-level interactions or version key.
func detectYAML(b []byte) (Format, error) {
	found, keys := false, false
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
		if line[0] == ' ' || line[0] == '\t' {
			if !keys {
				break
			}
			continue
		}
		if _, _, ok := splitKey(line); !ok {
			if !keys {
				break
			}
			continue // a list item of a top-level key, as go-vcr v1 writes them
		}
		keys = true
		if bytes.HasPrefix(line, []byte("interactions:")) || bytes.HasPrefix(line, []byte("version:")) {
			found = true
		}
	}
	if found {
		return FormatCassette, nil
	}
	return "", &UnknownFormatError{Reason: "not JSON, and not YAML with a top-level interactions or version key"}
}

// NewReader detects the format of r from its first bytes and returns a
// Reader for it. It fails with a *FileError when the format is none of the
// three or r cannot be read.
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
	switch f {
	case FormatHAR:
		return NewHAR(name, br, opts), nil
	case FormatCassette:
		return NewCassette(name, br, opts), nil
	default:
		return NewJSONL(name, br, opts), nil
	}
}
