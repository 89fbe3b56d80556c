package traffic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/redact"
)

// JSONLWriter writes exchanges in the JSON-lines format this package reads
// (see the package doc). It is safe for concurrent use; each exchange is one
// line. Secrets are redacted by the project's one redaction policy
// (internal/redact): the values of secret headers (Authorization, Cookie,
// X-Api-Key, ...), of secret parameters and members (access_token,
// client_secret, password, ...) however they are encoded, and any other
// occurrence of those values, so a recording never holds a secret.
type JSONLWriter struct {
	mu      sync.Mutex
	w       io.Writer
	policy  *redact.Policy
	maxBody int64
}

// JSONLOption configures a [JSONLWriter].
type JSONLOption func(*JSONLWriter)

// WithSecretNames adds header, parameter and member names whose values the
// writer redacts, besides the default deny-list.
func WithSecretNames(names ...string) JSONLOption {
	return func(j *JSONLWriter) { j.policy = redact.New(redact.Names(names...)) }
}

// WithRecordLimit sets how many bytes of a body [RecordHandler] keeps
// (default [DefaultMaxBody]); a longer body is recorded truncated, marked
// "body_truncated" with its full "body_size", and read back as
// BodyTooLarge.
func WithRecordLimit(n int64) JSONLOption {
	return func(j *JSONLWriter) {
		if n > 0 {
			j.maxBody = n
		}
	}
}

// NewJSONLWriter returns a writer of exchanges to w.
func NewJSONLWriter(w io.Writer, opts ...JSONLOption) *JSONLWriter {
	j := &JSONLWriter{w: w, policy: redact.Default(), maxBody: DefaultMaxBody}
	for _, o := range opts {
		o(j)
	}
	return j
}

// Write appends one exchange. A body marked BodyTooLarge is not written:
// the line says "body_truncated" with the body's "body_size" instead. A
// body is written as it is escaped, so a line costs little more memory
// than the body itself.
func (j *JSONLWriter) Write(x *Exchange) error {
	p := j.policy
	var sec redact.Secrets
	p.Collect(&sec, x.Request.Header, x.Request.URL, x.Request.Body)
	if x.Response != nil {
		p.Collect(&sec, x.Response.Header, "", x.Response.Body)
	}
	header := func(h http.Header) http.Header {
		h = p.Header(h)
		for k, vs := range h {
			for i, v := range vs {
				vs[i] = redact.Tokens(sec.Text(v))
			}
			h[k] = vs
		}
		return h
	}
	body := func(b []byte) []byte {
		b = p.Body(b)
		if sec.Len() > 0 {
			b = []byte(sec.Text(string(b)))
		}
		// A token-shaped value is a secret even where no name said so
		// (a token sent as an account_id, quoted back in an error body).
		if t := redact.Tokens(string(b)); t != string(b) {
			b = []byte(t)
		}
		return b
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	w := bufio.NewWriterSize(j.w, 32<<10)
	_, _ = w.WriteString(`{"request":{"method":`)
	writeString(w, []byte(redact.Tokens(sec.Text(x.Request.Method))))
	_, _ = w.WriteString(`,"url":`)
	writeString(w, []byte(redact.Tokens(sec.Text(p.URL(x.Request.URL)))))
	if err := writeMessage(w, header(x.Request.Header), x.Request.Body, x.Request.BodyTooLarge, x.Request.BodySize, body); err != nil {
		return err
	}
	_ = w.WriteByte('}')
	if r := x.Response; r != nil {
		_, _ = w.WriteString(`,"response":{"status":` + strconv.Itoa(r.Status))
		if err := writeMessage(w, header(r.Header), r.Body, r.BodyTooLarge, r.BodySize, body); err != nil {
			return err
		}
		_ = w.WriteByte('}')
	}
	if !x.Time.IsZero() {
		_, _ = w.WriteString(`,"time":"` + x.Time.UTC().Format(time.RFC3339Nano) + `"`)
	}
	if x.SentTo != "" {
		_, _ = w.WriteString(`,"sent_to":`)
		writeString(w, []byte(sec.Text(p.URL(x.SentTo))))
	}
	_, _ = w.WriteString("}\n")
	return w.Flush()
}

// writeMessage writes the headers and body members of a request or a
// response.
func writeMessage(w *bufio.Writer, h http.Header, b []byte, tooLarge bool, size int64, redactBody func([]byte) []byte) error {
	if len(h) > 0 {
		hb, err := json.Marshal(h)
		if err != nil {
			return err
		}
		_, _ = w.WriteString(`,"headers":`)
		_, _ = w.Write(hb)
	}
	if tooLarge {
		_, _ = w.WriteString(`,"body_truncated":true,"body_size":` + strconv.FormatInt(size, 10))
		return nil
	}
	b = redactBody(b)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	_, _ = w.WriteString(`,"body":`)
	if json.Valid(b) {
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil {
			_, _ = w.Write(buf.Bytes())
			return nil
		}
	}
	writeString(w, b)
	return nil
}

// writeString writes b as a JSON string, as encoding/json would (invalid
// UTF-8 becomes U+FFFD), without building it in memory first.
func writeString(w *bufio.Writer, b []byte) {
	const hex = "0123456789abcdef"
	_ = w.WriteByte('"')
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				_ = w.WriteByte('\\')
				_ = w.WriteByte(c)
			case c == '\n':
				_, _ = w.WriteString(`\n`)
			case c == '\r':
				_, _ = w.WriteString(`\r`)
			case c == '\t':
				_, _ = w.WriteString(`\t`)
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				_, _ = w.WriteString(`\u00`)
				_ = w.WriteByte(hex[c>>4])
				_ = w.WriteByte(hex[c&0xf])
			default:
				_ = w.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			_, _ = w.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			_, _ = w.WriteString(`\u202`)
			_ = w.WriteByte(hex[r&0xf])
		default:
			_, _ = w.Write(b[i : i+n])
		}
		i += n
	}
	_ = w.WriteByte('"')
}

// capture keeps the first max bytes read through it and counts them all,
// so that a recorder holds at most max bytes whatever a client sends.
type capture struct {
	io.ReadCloser
	max  int64
	buf  bytes.Buffer
	seen int64
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if room := c.max - int64(c.buf.Len()); room > 0 {
		c.buf.Write(p[:min(int64(n), room)])
	}
	c.seen += int64(n)
	return n, err
}

// fill reads what the handler left unread, up to one byte past the limit
// (so that a cut is known), and no further.
func (c *capture) fill() {
	if left := c.max + 1 - c.seen; left > 0 {
		_, _ = io.Copy(io.Discard, io.LimitReader(c, left))
	}
}

// kept returns the body as far as the handler read it, and whether it was
// cut.
func (c *capture) kept() ([]byte, bool) { return c.buf.Bytes(), c.seen > c.max }

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	max  int64
	buf  bytes.Buffer
	seen int64
}

func (l *limitedBuffer) Write(b []byte) {
	if room := l.max - int64(l.buf.Len()); room > 0 {
		l.buf.Write(b[:min(int64(len(b)), room)])
	}
	l.seen += int64(len(b))
}

// RecordHandler wraps next so that every exchange it serves, except those
// for which skip returns true, is written to w. base is the scheme and host
// the recorded URLs get (for example "https://stage.wepayapi.com" for a
// stand-in of WePay's stage, so that the recording validates as WePay
// traffic); wrapped in [KeepSentTo], the address the request really reached
// is kept in Exchange.SentTo. now gives the recorded time.
func RecordHandler(next http.Handler, w *JSONLWriter, base string, now func() time.Time, skip func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if skip != nil && skip(r) {
			next.ServeHTTP(rw, r)
			return
		}
		// The body is kept as the handler reads it, up to the writer's
		// limit: reading it whole first would let one client fill memory.
		var body *capture
		if r.Body != nil && r.Body != http.NoBody {
			body = &capture{ReadCloser: r.Body, max: w.maxBody}
			r.Body = body
		}
		rec := &recordingWriter{ResponseWriter: rw, status: http.StatusOK, buf: limitedBuffer{max: w.maxBody}}
		at := now()
		// request is the request as recorded: its body as kept, marked
		// too large past the limit.
		request := func() Request {
			req := Request{Method: r.Method, URL: base + r.URL.RequestURI(), Header: r.Header}
			if body != nil {
				body.fill()
				req.Body, req.BodyTooLarge = body.kept()
				req.BodySize = max(body.seen, r.ContentLength)
				if req.BodyTooLarge || r.ContentLength > w.maxBody {
					req.BodyTooLarge = true
				}
			}
			return req
		}
		defer func() {
			// A handler that drops the connection (panics with
			// http.ErrAbortHandler, as a forced fault does) is recorded
			// as a request without an answer.
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					_ = w.Write(&Exchange{Time: at, SentTo: sentTo(base, r), Request: request()})
				}
				panic(p)
			}
		}()
		next.ServeHTTP(rec, r)
		req := request()
		resp := &Response{Status: rec.status, Header: rw.Header(), Body: rec.buf.buf.Bytes(),
			BodyTooLarge: rec.buf.seen > w.maxBody, BodySize: rec.buf.seen}
		_ = w.Write(&Exchange{Time: at, SentTo: sentTo(base, r), // set only under KeepSentTo
			Request: req, Response: resp})
	})
}

type recordingWriter struct {
	http.ResponseWriter
	status int
	buf    limitedBuffer
}

func (r *recordingWriter) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recordingWriter) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}
