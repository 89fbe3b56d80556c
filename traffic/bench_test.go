package traffic

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

func benchInput(b *testing.B) []byte {
	var buf bytes.Buffer
	if err := bigHAR(&buf, 1000, 1<<10, 0); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkHARRead(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewHAR("bench.har", bytes.NewReader(data), Options{})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("read %d entries", n)
		}
	}
}

type benchHeader struct{ Name, Value string }

type benchHAR struct {
	Log struct {
		Entries []struct {
			StartedDateTime string
			Request         struct {
				Method, URL string
				Headers     []benchHeader
				PostData    *struct{ Text string }
			}
			Response struct {
				Status  int
				Headers []benchHeader
				Content struct{ Text, Encoding string }
			}
		}
	}
}

func BenchmarkHARDecodeWhole(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var h benchHAR
		if err := json.Unmarshal(data, &h); err != nil {
			b.Fatal(err)
		}
		if len(h.Log.Entries) != 1000 {
			b.Fatalf("decoded %d entries", len(h.Log.Entries))
		}
	}
}
