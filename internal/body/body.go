// Package body is a request or response body over bytes already in memory
// (a recorded exchange's) that the validator can read without copying.
//
// traffic hands its recorded bodies out as a [*Reader]; validate asks
// [Unread] for the bytes instead of reading them into a new buffer and
// putting a new reader back. Any other body is read as before.
package body

import "io"

// Reader reads b. It is an io.ReadCloser; Close does nothing. Like any
// body, it is not safe for concurrent use.
type Reader struct {
	b   []byte
	off int
}

// New returns a Reader over b (not copied: b must not change).
func New(b []byte) *Reader { return &Reader{b: b} }

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	if r.off >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.off:])
	r.off += n
	return n, nil
}

// Close implements io.Closer.
func (r *Reader) Close() error { return nil }

// Unread returns the bytes rc has not yet given out when it is a *Reader;
// ok is false for any other body. The bytes are not consumed: rc reads
// them still.
func Unread(rc io.Reader) (b []byte, ok bool) {
	r, ok := rc.(*Reader)
	if !ok || r == nil {
		return nil, false
	}
	return r.b[r.off:], true
}
