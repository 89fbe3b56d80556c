// Package traffic reads recorded HTTP exchanges (HAR 1.2, go-vcr cassettes v1
// and v2, JSON lines) one entry at a time.
//
// Readers know nothing of WePay's API rules: they turn files into Exchange
// values and report damage as an *EntryError (one entry is bad, Next may be
// called again) or a *FileError (the stream cannot go on). All readers
// stream: memory use depends on Options.MaxBody, not on the file size.
//
// # HAR
//
// HAR 1.2 files are read entry by entry from log.entries, which may come
// before or after the other members of log. The request is taken from
// method, url, headers and postData.text, the response from status, headers
// and content.text (decoded when content.encoding is "base64"), the time
// from startedDateTime. HTTP/2 pseudo-headers (":authority" and the like) are
// dropped. A response with status 0 (a browser's record of a request that got
// no answer) gives a nil Response. A JSON syntax error is a FileError; an
// entry that is valid JSON but has fields of the wrong type is an EntryError.
//
// # go-vcr cassettes
//
// Cassettes of format version 1 and 2 written by github.com/dnaeon/go-vcr
// are read interaction by interaction. A version other than 1 or 2 is a
// FileError. The size reported for a body that is too large to keep is the
// length of its YAML scalar, which is close to, but not exactly, the size of
// the body.
//
// # JSON lines
//
// A JSON lines file holds one exchange per line:
//
//	{"request": {"method": "POST", "url": "https://stage.wepayapi.com/v2/account/create",
//	             "headers": {"Content-Type": "application/json", "Accept": ["a", "b"]},
//	             "body": {"name": "Shop"}},
//	 "response": {"status": 200, "headers": {...}, "body": "raw text"},
//	 "time": "2024-05-01T12:00:00Z"}
//
// (shown here on several lines; in the file it is one line). Header values are
// a string or an array of strings. A body that is a JSON object or array (or
// number, true or false) is the body as written, compacted; a body that is a
// JSON string holds the raw body text; null or no body means an empty body.
// "response" and "time" (RFC 3339) are optional. Blank lines are skipped but
// counted for Exchange.Line. A malformed line is an EntryError and reading
// goes on with the next line; input whose first line is not a JSON object, or
// that holds NUL bytes, is a FileError.
package traffic

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Format names a recording format.
type Format string

// The recording formats understood by this package.
const (
	FormatHAR      Format = "har"      // HAR 1.2
	FormatCassette Format = "cassette" // go-vcr cassette, version 1 or 2
	FormatJSONL    Format = "jsonl"    // JSON lines, see the package doc
)

// DefaultMaxBody is the body size limit used when Options.MaxBody is 0.
const DefaultMaxBody = 10 << 20

// Options tunes a reader.
type Options struct {
	// MaxBody is the largest body, in bytes, that is kept in memory; 0 means
	// DefaultMaxBody (10 MiB). Larger bodies are not kept: Body is nil,
	// BodyTooLarge is true and BodySize gives their size.
	MaxBody int64
}

func (o Options) maxBody() int64 {
	if o.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return min(o.MaxBody, 1<<50) // keeps limit arithmetic from overflowing
}

// Reader reads exchanges from a recording one at a time.
type Reader interface {
	// Next returns the next exchange, io.EOF at the end of the recording, an
	// *EntryError for a damaged entry (call Next again to go on), or a
	// *FileError when the stream cannot go on (every later call returns it).
	Next() (*Exchange, error)
	// Format returns the format the reader reads.
	Format() Format
}

// Exchange is one recorded HTTP request and its response.
type Exchange struct {
	Index    int       // 0-based index of the entry in its source, counting every entry read (also ones a caller later skips)
	Source   string    // file name as given ("-" for stdin)
	Line     int       // 1-based line where the entry starts, when known (0 if not)
	Time     time.Time // when recorded, zero if unknown
	Request  Request
	Response *Response // nil when the recording has no response
}

// Request is a recorded HTTP request.
type Request struct {
	Method       string
	URL          string
	Header       http.Header // never nil
	Body         []byte      // nil when empty or BodyTooLarge
	BodyTooLarge bool        // the body was larger than Options.MaxBody and was not kept
	BodySize     int64       // size of the body in bytes, also when it was not kept
}

// Response is a recorded HTTP response.
type Response struct {
	Status       int
	Header       http.Header // never nil
	Body         []byte      // nil when empty or BodyTooLarge
	BodyTooLarge bool        // the body was larger than Options.MaxBody and was not kept
	BodySize     int64       // size of the body in bytes, also when it was not kept
}

// HTTP builds net/http values for the exchange. The request is a server-side
// request, as httptest.NewRequest makes (RequestURI is set). Bodies are readers over the
// recorded bytes with ContentLength set; a body that was too large to keep
// reads as empty and has ContentLength -1. The response is nil when the
// exchange has none. It fails only when the request URL cannot be parsed.
func (e *Exchange) HTTP() (*http.Request, *http.Response, error) {
	u, err := url.Parse(e.Request.URL)
	if err != nil {
		return nil, nil, err
	}
	req := &http.Request{
		Method:     e.Request.Method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     e.Request.Header.Clone(),
		Host:       u.Host,
		RequestURI: u.RequestURI(),
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if h := req.Header.Get("Host"); h != "" && req.Host == "" {
		req.Host = h
	}
	req.Body, req.ContentLength = bodyReader(e.Request.Body, e.Request.BodyTooLarge)
	body, tooLarge := e.Request.Body, e.Request.BodyTooLarge
	req.GetBody = func() (io.ReadCloser, error) {
		rc, _ := bodyReader(body, tooLarge)
		return rc, nil
	}
	if e.Response == nil {
		return req, nil, nil
	}
	r := e.Response
	resp := &http.Response{
		Status:     statusLine(r.Status),
		StatusCode: r.Status,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     r.Header.Clone(),
		Request:    req,
	}
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Body, resp.ContentLength = bodyReader(r.Body, r.BodyTooLarge)
	return req, resp, nil
}

func bodyReader(b []byte, tooLarge bool) (io.ReadCloser, int64) {
	if tooLarge {
		return http.NoBody, -1
	}
	if len(b) == 0 {
		return http.NoBody, 0
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b))
}

func statusLine(code int) string {
	text := http.StatusText(code)
	if text == "" {
		return strconv.Itoa(code)
	}
	return strconv.Itoa(code) + " " + text
}

// Host returns the host (with port, if the URL has one) the request was sent
// to: the host of its URL or, for a URL without one, its Host header.
func (e *Exchange) Host() string {
	if u, err := url.Parse(e.Request.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return e.Request.Header.Get("Host")
}

// IsWePayHost reports whether host (as returned by Exchange.Host, with or
// without a port) is a WePay API host: wepayapi.com or stage.wepayapi.com on
// any port, or one of extra. An entry of extra without a port matches that
// host on any port; one with a port ("localhost:8080") matches only that
// port. Comparison ignores case and a trailing dot.
func IsWePayHost(host string, extra []string) bool {
	name, port := splitHostPort(host)
	if name == "" {
		return false
	}
	if name == "wepayapi.com" || name == "stage.wepayapi.com" {
		return true
	}
	for _, x := range extra {
		xn, xp := splitHostPort(x)
		if xn == "" || xn != name {
			continue
		}
		if xp == "" || xp == port {
			return true
		}
	}
	return false
}

// splitHostPort returns the lower-cased host name without a trailing dot or
// IPv6 brackets, and the port ("" if none).
func splitHostPort(hostport string) (host, port string) {
	hostport = strings.TrimSpace(hostport)
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	return strings.TrimSuffix(strings.ToLower(host), "."), port
}

// parseTime parses an RFC 3339 time; it also accepts a zone offset without a
// colon ("+0200") and, taken as UTC, no zone at all, as some HAR writers do.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999"} {
		if t, err2 := time.Parse(layout, s); err2 == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}
