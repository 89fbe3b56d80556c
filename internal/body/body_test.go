package body_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/internal/body"
)

func TestReaderAndUnread(t *testing.T) {
	r := body.New([]byte(`{"name":"x"}`))
	if b, ok := body.Unread(r); !ok || string(b) != `{"name":"x"}` {
		t.Fatalf("Unread = %q, %v", b, ok)
	}
	p := make([]byte, 4)
	if n, err := r.Read(p); n != 4 || err != nil || string(p) != `{"na` {
		t.Fatalf("Read = %d %v %q", n, err, p)
	}
	if b, _ := body.Unread(r); string(b) != `me":"x"}` {
		t.Fatalf("Unread after a read = %q", b)
	}
	rest, err := io.ReadAll(r)
	if err != nil || string(rest) != `me":"x"}` {
		t.Fatalf("ReadAll = %q, %v", rest, err)
	}
	if n, err := r.Read(p); n != 0 || err != io.EOF {
		t.Fatalf("Read at the end = %d, %v", n, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := body.Unread(io.NopCloser(bytes.NewReader(nil))); ok {
		t.Error("Unread took another body")
	}
	if _, ok := body.Unread(strings.NewReader("x")); ok {
		t.Error("Unread took a strings.Reader")
	}
}
