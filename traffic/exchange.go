// Package traffic reads recorded HTTP exchanges (HAR 1.2, go-vcr cassettes v1
// and v2, Ruby VCR cassettes in YAML or JSON and of VCR 1, vcrpy cassettes,
// JSON lines)
// one entry at a time.
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
// # Ruby VCR cassettes
//
// Cassettes of Ruby's VCR 2 and later (the commonest recordings of WePay
// traffic: WePay's Ruby SDK, wepay-rails) are read interaction by
// interaction from http_interactions, in the YAML serializer's form
// ([NewVCR]) and the JSON serializer's ([NewVCRJSON]). The method ("post",
// or VCR 1's ":post") is upper-cased; the URL is request.uri; a body is
// body.string or the base64 body.base64_string (VCR 2 on Ruby 1.9 also
// wrote "string: !binary" with base64 text); the status is
// response.status.code; recorded_at (an HTTP date) gives the time. Header
// values are lists of strings (or one string).
//
// # Ruby VCR 1 cassettes
//
// Cassettes of VCR 1.x (2010-12, the wepay-rails era; [NewVCR1]) are a
// top-level YAML list of !ruby/struct:VCR::HTTPInteraction, each with a
// request (!ruby/struct:VCR::Request: method ":post", uri, body, headers
// with lower-case names) and a response (!ruby/struct:VCR::Response:
// status !ruby/struct:VCR::ResponseStatus with code and message, headers,
// body, http_version). A body is a plain string, null, or "!binary" base64
// (Psych on Ruby 1.9). The uri's standard port (":443" on https, ":80" on
// http, which VCR 1 always wrote) is dropped, as VCR's own 1-to-2 migrator
// does. VCR 1 recorded no time: Exchange.Time is zero. An item of the list
// that is not an HTTPInteraction is an EntryError.
//
// # vcrpy cassettes
//
// Cassettes of Python's vcrpy (version 1) are read from interactions
// ([NewVCRPy]): request.uri, request.body (a string, !!binary or null),
// response.status.code, response.body.string. vcrpy shares go-vcr's
// top-level keys; Detect tells them apart by the first request's "uri"
// (go-vcr writes "url").
//
// A gzip or deflate response body of a VCR or vcrpy cassette (recorded
// before the client decoded it) is decoded, up to Options.MaxBody.
//
// VCR and vcrpy record a response with every request, so an interaction
// without one (or without its status code) is an EntryError. A Ruby VCR
// cassette ends with recorded_with and a vcrpy cassette with version
// (PyYAML sorts the keys): an interaction cut by the end of the file before
// that key is an EntryError, and the missing key a FileError. A scalar
// tagged !binary (VCR 2 on Ruby 1.9: header values, uri, method, status,
// bodies) is base64-decoded.
//
// # YAML anchors and aliases
//
// A cassette is one YAML document: an alias may refer to an anchor of an
// earlier interaction, as PyYAML writes shared dicts ("headers: &id001",
// then "headers: *id001") and Psych writes shared objects ("&1", "*1").
// The readers keep the anchored nodes seen so far (at most 8 MiB of their
// YAML text; at most 1 MiB in front of one interaction; their expansion
// over the file is bounded as yaml.v3 bounds aliases in one interaction).
// An alias to an anchor that was not kept is an EntryError wrapping an
// *AnchorError that says why.
//
// # JSON lines
//
// A JSON lines file holds one exchange per line:
//
//	{"request": {"method": "POST", "url": "https://stage.wepayapi.com/v2/account/create",
//	             "headers": {"Content-Type": "application/json", "Accept": ["a", "b"]},
//	             "body": {"name": "Shop"}},
//	 "response": {"status": 200, "headers": {...}, "body": "raw text"},
//	 "time": "2024-05-01T12:00:00Z", "sent_to": "http://127.0.0.1:8080"}
//
// (shown here on several lines; in the file it is one line). Header values are
// a string or an array of strings. A body that is a JSON object or array (or
// number, true or false) is the body as written, compacted; a body that is a
// JSON string holds the raw body text; null or no body means an empty body.
// "response", "time" (RFC 3339) and "sent_to" (the address a stand-in was
// really reached at, see Exchange.SentTo) are optional. A line without
// "response" (or with "response": null) is a request that got no answer: the
// recorders of this module (RecordHandler, wepaykit serve and proxy
// --record) write one for a dropped connection; its Exchange has a nil
// Response and its request is validated. Blank lines are skipped but
// counted for Exchange.Line. A malformed line, or a binary line (NUL bytes)
// among good ones, is an EntryError and reading goes on with the next line;
// input whose first line is not a JSON object or holds NUL bytes, or that
// has more than 16 binary lines in a row, is a FileError.
package traffic

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/wepaykit/wepaykit/internal/body"
	"github.com/wepaykit/wepaykit/internal/fasturl"
	"github.com/wepaykit/wepaykit/internal/header"
	"github.com/wepaykit/wepaykit/internal/hosts"
)

// Format names a recording format.
type Format string

// The recording formats understood by this package.
const (
	FormatHAR      Format = "har"      // HAR 1.2
	FormatCassette Format = "cassette" // go-vcr cassette, version 1 or 2
	FormatJSONL    Format = "jsonl"    // JSON lines, see the package doc
	FormatVCR      Format = "vcr"      // Ruby VCR cassette, YAML serializer
	FormatVCRJSON  Format = "vcr-json" // Ruby VCR cassette, JSON serializer
	FormatVCRPy    Format = "vcrpy"    // vcrpy cassette (Python), version 1
	FormatVCR1     Format = "vcr1"     // Ruby VCR 1.x cassette (YAML list of !ruby/struct:VCR::HTTPInteraction)
)

// title names the format in messages.
func (f Format) title() string {
	switch f {
	case FormatHAR:
		return "HAR file"
	case FormatVCR, FormatVCRJSON:
		return "Ruby VCR cassette"
	case FormatVCR1:
		return "Ruby VCR 1 cassette"
	case FormatVCRPy:
		return "vcrpy cassette"
	case FormatJSONL:
		return "JSON lines file"
	}
	return "go-vcr cassette"
}

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
	// SentTo is the address the request really went to, when the recorder
	// wrote the URL of the API it stands in for instead ("wepaykit serve
	// --record" records https://stage.wepayapi.com/v2/... and keeps
	// "http://127.0.0.1:8080" here); "" otherwise.
	SentTo string
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
	return e.http(http.Header.Clone)
}

// HTTPView is [Exchange.HTTP] without copying the headers: the request and
// the response share e's header maps, so a change to one shows in the
// other. It is for a caller that only reads them, or that is done with e
// (audit validates each exchange once and drops it): a copy of every
// header of every exchange was a tenth of the cost of turning a recording
// into net/http values.
func (e *Exchange) HTTPView() (*http.Request, *http.Response, error) {
	return e.http(func(h http.Header) http.Header { return h })
}

// http builds the values of HTTP, taking each header map through keep.
func (e *Exchange) http(keep func(http.Header) http.Header) (*http.Request, *http.Response, error) {
	u, err := fasturl.Parse(e.Request.URL)
	if err != nil {
		return nil, nil, err
	}
	req := &http.Request{
		Method:     e.Request.Method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     keep(e.Request.Header),
		Host:       u.Host,
		RequestURI: u.RequestURI(),
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if h := header.Get(req.Header, "Host"); h != "" && req.Host == "" {
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
		Header:     keep(r.Header),
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
	return body.New(b), int64(len(b))
}

func statusLine(code int) string {
	switch code { // the answers of most exchanges, without an allocation
	case http.StatusOK:
		return "200 OK"
	case http.StatusBadRequest:
		return "400 Bad Request"
	case http.StatusUnauthorized:
		return "401 Unauthorized"
	case http.StatusForbidden:
		return "403 Forbidden"
	case http.StatusNotFound:
		return "404 Not Found"
	case http.StatusInternalServerError:
		return "500 Internal Server Error"
	}
	text := http.StatusText(code)
	if text == "" {
		return strconv.Itoa(code)
	}
	return strconv.Itoa(code) + " " + text
}

// Host returns the host (with port, if the URL has one) the request was sent
// to: the host of its URL or, for a URL without one, its Host header.
func (e *Exchange) Host() string {
	if u, err := fasturl.Parse(e.Request.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return header.Get(e.Request.Header, "Host")
}

// IsWePayHost reports whether host (as returned by Exchange.Host, with or
// without a port) is a WePay API host: wepayapi.com or stage.wepayapi.com on
// any port, or one of extra. An entry of extra without a port matches that
// host on any port; one with a port ("localhost:8080") matches only that
// port. Comparison ignores case and a trailing dot.
func IsWePayHost(host string, extra []string) bool { return hosts.IsWePay(host, extra) }

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
	_ = err // time.ParseError quotes the value, which may be anything a file holds (a token)
	return time.Time{}, &SyntaxError{Msg: "not an RFC 3339 time such as 2019-04-03T00:00:00Z"}
}
