package proxy

import (
	"errors"
	"io"
	"sync"
)

// capture is a body on its way through the proxy: every byte read from it
// is passed on whole, and the first limit bytes are kept for validation
// and the recording. Past the limit it only counts. It never holds more
// than limit bytes, whatever the body's size.
type capture struct {
	rc    io.ReadCloser
	limit int64

	mu       sync.Mutex
	buf      []byte
	size     int64 // bytes read so far
	over     bool  // more than limit bytes went through
	eof      bool  // the body was read to its end
	err      error // a read error other than io.EOF
	closed   bool
	onClose  func() // called once, after the first Close
	closeErr error
}

func newCapture(rc io.ReadCloser, limit int64, onClose func()) *capture {
	return &capture{rc: rc, limit: limit, onClose: onClose}
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.mu.Lock()
	if n > 0 {
		c.size += int64(n)
		if room := c.limit - int64(len(c.buf)); room > 0 && !c.over {
			keep := min(int64(n), room)
			c.buf = append(c.buf, p[:keep]...)
		}
		if c.size > c.limit {
			c.over = true
			c.buf = nil // not validated, not recorded: free it now
		}
	}
	switch {
	case errors.Is(err, io.EOF):
		c.eof = true
	case err != nil && c.err == nil:
		c.err = err
	}
	c.mu.Unlock()
	return n, err
}

func (c *capture) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return c.closeErr
	}
	c.closed = true
	c.mu.Unlock()
	err := c.rc.Close()
	c.mu.Lock()
	c.closeErr = err
	c.mu.Unlock()
	if c.onClose != nil {
		c.onClose()
	}
	return err
}

// seen is what went through: the kept bytes (nil when over the limit),
// the size, whether it was over the limit, and whether the body was read
// whole (false when it was cut short by an error or not read to its end).
type seen struct {
	body     []byte
	size     int64
	tooLarge bool
	whole    bool
	cut      bool // not known whole: neither validated nor recorded
	err      error
}

func (c *capture) seen() seen {
	c.mu.Lock()
	defer c.mu.Unlock()
	return seen{body: c.buf, size: c.size, tooLarge: c.over, whole: c.eof && c.err == nil, err: c.err}
}
