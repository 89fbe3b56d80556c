package traffic

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// JSONLWriter writes exchanges in the JSON-lines format this package reads
// (see the package doc). It is safe for concurrent use; each exchange is one
// line. Authorization values and access_token/client_secret query
// parameters are redacted, so a recording never holds a secret.
type JSONLWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewJSONLWriter returns a writer of exchanges to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter { return &JSONLWriter{w: w} }

type jsonlLine struct {
	Request  jsonlRequest   `json:"request"`
	Response *jsonlResponse `json:"response,omitempty"`
	Time     string         `json:"time,omitempty"`
}

type jsonlRequest struct {
	Method  string          `json:"method"`
	URL     string          `json:"url"`
	Headers http.Header     `json:"headers,omitempty"`
	Body    json.RawMessage `json:"body,omitempty"`
}

type jsonlResponse struct {
	Status  int             `json:"status"`
	Headers http.Header     `json:"headers,omitempty"`
	Body    json.RawMessage `json:"body,omitempty"`
}

// Write appends one exchange.
func (j *JSONLWriter) Write(x *Exchange) error {
	line := jsonlLine{Request: jsonlRequest{Method: x.Request.Method, URL: redactURL(x.Request.URL),
		Headers: redactHeader(x.Request.Header), Body: rawBody(redactBody(x.Request.Body))}}
	if !x.Time.IsZero() {
		line.Time = x.Time.UTC().Format(time.RFC3339Nano)
	}
	if x.Response != nil {
		line.Response = &jsonlResponse{Status: x.Response.Status, Headers: x.Response.Header, Body: rawBody(x.Response.Body)}
	}
	b, err := json.Marshal(line)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	_, err = j.w.Write(append(b, '\n'))
	return err
}

// rawBody keeps a JSON body as JSON and anything else as a string.
func rawBody(b []byte) json.RawMessage {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if json.Valid(b) {
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil {
			return buf.Bytes()
		}
	}
	s, _ := json.Marshal(string(b))
	return s
}

// authSchemes are the Authorization schemes kept in a recording; any other
// first word may be the credential itself.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "digest": true, "token": true, "oauth": true, "negotiate": true}

func redactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := h.Clone()
	for i, v := range out.Values("Authorization") {
		scheme, cred, _ := strings.Cut(strings.TrimSpace(v), " ")
		if authSchemes[strings.ToLower(scheme)] && strings.TrimSpace(cred) != "" {
			out["Authorization"][i] = scheme + " [REDACTED]"
		} else {
			out["Authorization"][i] = "[REDACTED]"
		}
	}
	return out
}

func isSecretName(k string) bool {
	k = strings.ToLower(k)
	return k == "access_token" || k == "client_secret"
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexByte(raw, '?'); i >= 0 && mentionsSecret([]byte(raw[i:])) {
			return raw[:i] + "?[REDACTED]"
		}
		return raw
	}
	if u.RawQuery == "" {
		return raw
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		if mentionsSecret([]byte(u.RawQuery)) {
			u.RawQuery = "[REDACTED]"
		}
		return u.String()
	}
	for k := range q {
		if isSecretName(k) {
			q.Set(k, "[REDACTED]")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func mentionsSecret(b []byte) bool {
	l := bytes.ToLower(b)
	return bytes.Contains(l, []byte("access_token")) || bytes.Contains(l, []byte("client_secret"))
}

// redactBody replaces access_token and client_secret values in a JSON or
// form-encoded body; a body that mentions them in any other form is
// replaced whole.
func redactBody(b []byte) []byte {
	if !mentionsSecret(b) {
		return b
	}
	var v any
	if json.Unmarshal(b, &v) == nil {
		out, err := json.Marshal(redactValue(v))
		if err == nil {
			return out
		}
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] != '{' && t[0] != '[' {
		if q, err := url.ParseQuery(string(t)); err == nil {
			found := false
			for k := range q {
				if isSecretName(k) {
					q.Set(k, "[REDACTED]")
					found = true
				}
			}
			if found {
				return []byte(q.Encode())
			}
		}
	}
	return []byte("[REDACTED]")
}

func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if isSecretName(k) {
				x[k] = "[REDACTED]"
			} else {
				x[k] = redactValue(e)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = redactValue(e)
		}
	}
	return v
}

// RecordHandler wraps next so that every exchange it serves, except those
// for which skip returns true, is written to w. base is the scheme and host
// the recorded URLs get (for example "http://127.0.0.1:8080"); now gives
// the recorded time.
func RecordHandler(next http.Handler, w *JSONLWriter, base string, now func() time.Time, skip func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if skip != nil && skip(r) {
			next.ServeHTTP(rw, r)
			return
		}
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		rec := &recordingWriter{ResponseWriter: rw, status: http.StatusOK}
		at := now()
		next.ServeHTTP(rec, r)
		x := &Exchange{Time: at,
			Request:  Request{Method: r.Method, URL: base + r.URL.RequestURI(), Header: r.Header, Body: body},
			Response: &Response{Status: rec.status, Header: rw.Header(), Body: rec.buf.Bytes()}}
		_ = w.Write(x)
	})
}

type recordingWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recordingWriter) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recordingWriter) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}
