package traffic

import (
	"bytes"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Ruby VCR 1.x (2010-12; replaced by VCR 2's http_interactions in 2012)
// wrote a cassette as a YAML list of Ruby structs:
//
//	---
//	- !ruby/struct:VCR::HTTPInteraction
//	  request: !ruby/struct:VCR::Request
//	    method: :post
//	    uri: https://stage.wepayapi.com:443/v2/account/create
//	    body: "{\"name\":\"Shop\"}"
//	    headers:
//	      content-type:
//	      - application/json
//	  response: !ruby/struct:VCR::Response
//	    status: !ruby/struct:VCR::ResponseStatus
//	      code: 200
//	      message: OK
//	    headers:
//	      content-type:
//	      - application/json
//	    body: "{\"account_id\":1}"
//	    http_version: "1.1"
//
// (VCR's Cassette::Migrator, which turns these into VCR 2 cassettes, reads
// exactly this: a list whose items are all HTTPInteraction; it drops the
// standard port of the uri and capitalises the header names. Syck, Ruby
// 1.8's YAML, writes a space after "---" and after each tag; Psych, Ruby
// 1.9's, writes binary bodies as "!binary |" base64.)

// vcr1Tag starts every item of a VCR 1 cassette.
const vcr1Tag = "- !ruby/struct:VCR::HTTPInteraction"

// NewVCR1 returns a Reader for a cassette of Ruby's VCR 1.x (a top-level
// YAML list of !ruby/struct:VCR::HTTPInteraction). It reads r as a stream,
// one interaction at a time; an item that is not an HTTPInteraction is an
// *EntryError, input that is not such a list a *FileError.
func NewVCR1(name string, r io.Reader, opts Options) Reader {
	return newYAMLCassette(name, r, opts, FormatVCR1)
}

// vcr1Item checks that an item of a VCR 1 cassette (its lines, the first
// starting with "- ") is an HTTPInteraction.
func vcr1Item(buf []byte) error {
	first := buf
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		first = buf[:i]
	}
	first = bytes.TrimSpace(first)
	if bytes.Equal(first, []byte(vcr1Tag)) || bytes.HasPrefix(first, []byte(vcr1Tag+" ")) {
		return nil
	}
	return &FieldError{Field: "interaction", Msg: "expected " + vcr1Tag[2:] + ", got " + strconv.Quote(clipText(string(first), 48))}
}

// dropStandardPort removes ":443" from an https URL and ":80" from an http
// one, as VCR's migrator does: VCR 1 wrote the port into every uri. A URL
// that does not parse is left as it is.
func dropStandardPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	if strings.ContainsAny(u.Hostname(), "<>{}%") { // a filter_sensitive_data placeholder, as VCR's migrator leaves it
		return raw
	}
	if (u.Scheme == "https" && u.Port() == "443") || (u.Scheme == "http" && u.Port() == "80") {
		host := u.Host[:len(u.Host)-len(u.Port())-1]
		return strings.Replace(raw, u.Host, host, 1)
	}
	return raw
}
