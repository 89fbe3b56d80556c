package traffic_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
)

// TestRecordHandlerRecordsDroppedConnection: a handler that aborts (a forced
// "drop" fault) leaves a request without an answer in the recording.
func TestRecordHandlerRecordsDroppedConnection(t *testing.T) {
	var buf lockedBuffer
	h := traffic.RecordHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Wepaykit-Fault-Applied", "/account kind=drop")
		panic(http.ErrAbortHandler)
	}), traffic.NewJSONLWriter(&buf), "http://127.0.0.1:1", func() time.Time { return time.Unix(0, 0) }, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	if resp, err := http.Post(srv.URL+"/v2/account", "application/json", strings.NewReader(`{"account_id":1}`)); err == nil {
		resp.Body.Close()
		t.Fatal("the dropped call was answered")
	}
	// The handler's goroutine writes the line as it unwinds; wait for it.
	var line string
	for i := 0; i < 200 && !strings.Contains(line, "kind=drop"); i++ {
		time.Sleep(10 * time.Millisecond)
		line = buf.String()
	}
	if !strings.Contains(line, "kind=drop") || strings.Contains(line, `"response"`) {
		t.Fatalf("recording: %s", line)
	}
}

// lockedBuffer is a bytes.Buffer the server's goroutine and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
