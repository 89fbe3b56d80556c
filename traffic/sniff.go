package traffic

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
)

// Sniff is [Detect] for files that nobody named: those found by walking a
// directory, where fixtures, reports and configuration files sit beside
// recordings. Besides the key Detect looks for, it asks for the shape of
// a recording:
//   - HAR: the "log" object has one of HAR's keys (version, creator,
//     browser, pages, entries), so a config file's {"log": {"level": ...}}
//     is not taken;
//   - Ruby VCR (JSON): "http_interactions" is an array;
//   - JSON lines: the first line is one JSON object (when it ends within
//     prefix, a valid one) whose "request" or "response" is an object, so
//     a pretty-printed fixture with a "request" member is not taken;
//   - YAML cassettes: a top-level interactions or http_interactions key
//     (a file with only version:, such as docker-compose.yml, is not one);
//     a VCR 1 cassette is told by the tag of its first item, as Detect does.
//
// prefix is the start of the file (at least [PeekSize] bytes, or all of a
// shorter file). A refusal is an *UnknownFormatError whose Reason says why.
func Sniff(prefix []byte) (Format, error) {
	f, err := Detect(prefix)
	if err != nil {
		return "", err
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf")), " \t\r\n")
	complete := len(prefix) < PeekSize
	switch f {
	case FormatHAR:
		err = sniffHAR(text)
	case FormatVCRJSON:
		err = sniffMember(text, "http_interactions", '[', `"http_interactions" is not an array`)
	case FormatJSONL:
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, complete = text[:i], true
		}
		line = bytes.TrimSpace(line)
		if complete && !json.Valid(line) {
			return "", &UnknownFormatError{Reason: "the first line is not a whole JSON object (a JSON document, not JSON lines)"}
		}
		if sniffMember(line, "request", '{', "") == nil || sniffMember(line, "response", '{', "") == nil {
			return f, nil
		}
		return "", &UnknownFormatError{Reason: `JSON object whose "request" and "response" are not objects`}
	case FormatVCR1:
		// Told by the tag of its first item, which is a recording's shape.
	default: // YAML cassettes
		if !yamlInteractions.Match(prefix) {
			err = &UnknownFormatError{Reason: "YAML without a top-level interactions or http_interactions key"}
		}
	}
	if err != nil {
		return "", err
	}
	return f, nil
}

var yamlInteractions = regexp.MustCompile(`(?m)^(http_)?interactions:`)

// sniffHAR checks that the top-level "log" is an object with a HAR key.
func sniffHAR(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	found, err := findMember(dec, "log")
	if err != nil || !found {
		return &UnknownFormatError{Reason: `no "log" object`}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return &UnknownFormatError{Reason: `"log" is not an object`}
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		switch t {
		case "version", "creator", "browser", "pages", "entries":
			return nil
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return &UnknownFormatError{Reason: `a "log" object without HAR's version, creator or entries`}
}

// sniffMember checks that the top-level member key of the JSON object b
// starts with the delimiter want.
func sniffMember(b []byte, key string, want json.Delim, reason string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	found, err := findMember(dec, key)
	if err == nil && found {
		if t, err := dec.Token(); err == nil && t == want {
			return nil
		}
	}
	return &UnknownFormatError{Reason: reason}
}

// findMember reads dec up to the value of the top-level member key.
func findMember(dec *json.Decoder, key string) (bool, error) {
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false, err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, err
		}
		if t == key {
			return true, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false, err
		}
	}
	return false, io.EOF
}
