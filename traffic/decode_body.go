package traffic

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
	"strings"
)

// decompress replaces a gzip or deflate response body, as VCR and vcrpy
// record it when the client did not decode it, by the body it stands for,
// so that the JSON is what gets validated. The decoded body is bounded by
// max (a larger one is BodyTooLarge, its size at least max+1); a body that
// does not decode is left as recorded.
func decompress(r *Response, max int64) {
	if r == nil || len(r.Body) == 0 {
		return
	}
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	var zr io.Reader
	switch {
	case (enc == "gzip" || enc == "x-gzip" || enc == "") && bytes.HasPrefix(r.Body, []byte{0x1f, 0x8b}):
		g, err := gzip.NewReader(bytes.NewReader(r.Body))
		if err != nil {
			return
		}
		zr = g
	case enc == "deflate":
		zr = flate.NewReader(bytes.NewReader(r.Body))
	default:
		return
	}
	b, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return
	}
	if int64(len(b)) > max {
		r.Body, r.BodySize, r.BodyTooLarge = nil, max+1, true
	} else {
		r.Body, r.BodySize = b, int64(len(b))
		if len(b) == 0 {
			r.Body = nil
		}
	}
	r.Header = r.Header.Clone()
	r.Header.Del("Content-Encoding")
	r.Header.Del("Content-Length")
}
