package proxy

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// decoded returns a body as the validator and the recording need it: an
// answer sent with Content-Encoding gzip or deflate (which the client asked
// for with Accept-Encoding) is decompressed, at most limit bytes of it. The
// header returned has no Content-Encoding or Content-Length then, so that
// it describes the body recorded with it.
func decoded(h http.Header, s seen, limit int64) (http.Header, seen, error) {
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	if enc == "" || enc == "identity" || s.tooLarge || s.cut || len(s.body) == 0 {
		return h, s, nil
	}
	var r io.Reader
	switch enc {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(s.body))
		if err != nil {
			return h, s, fmt.Errorf("the answer's gzip body cannot be read: %v", err)
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(s.body))
	default:
		return h, s, fmt.Errorf("the answer's Content-Encoding %q is not one the proxy can read; not validated", enc)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return h, s, fmt.Errorf("the answer's %s body cannot be read: %v", enc, err)
	}
	out := h.Clone()
	out.Del("Content-Encoding")
	out.Del("Content-Length")
	if int64(len(b)) > limit {
		return out, seen{tooLarge: true, size: int64(len(b)), whole: true}, nil
	}
	return out, seen{body: b, size: int64(len(b)), whole: true}, nil
}
