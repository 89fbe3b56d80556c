package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"
)

// The JSON and SARIF reports put their counts before their findings, so
// they are written in three steps: the document with empty arrays where
// the findings go is encoded in memory (it is small), then written up to
// each such array, whose elements are encoded one at a time from the
// findings as they are read. The output is byte for byte what
// json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false) writes
// for the whole document.

// jsonArray is an array of a document whose elements are streamed.
type jsonArray struct {
	// key is the member whose value is the array, `"findings"`: its first
	// occurrence followed by ": []" is the place. Keys are written only by
	// the document's struct tags and map keys, and the quotes of string
	// values are escaped, so the place cannot be inside a value.
	key   string
	elems iter.Seq[any]
	// after, when set, is a member written right after the array, as
	// encoding/json would with its elements (left out when it has none).
	after *jsonArray
}

// encodeDoc encodes v as a report's JSON document.
func encodeDoc(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeStreamed writes doc with the (empty) arrays of arrays filled with
// their elements, in document order.
func writeStreamed(w io.Writer, doc []byte, arrays ...jsonArray) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	pos := 0
	for _, a := range arrays {
		mark := []byte(a.key + ": []")
		i := bytes.Index(doc[pos:], mark)
		if i < 0 {
			return fmt.Errorf("report: no empty %s array in the document", a.key) // a bug, not input
		}
		i += pos
		indent := doc[bytes.LastIndexByte(doc[:i], '\n')+1 : i]
		bw.Write(doc[pos : i+len(a.key)+2])
		if err := writeArray(bw, string(indent), a.elems); err != nil {
			return err
		}
		for next := a.after; next != nil; next = next.after {
			if !hasAny(next.elems) {
				break
			}
			bw.WriteString(",\n" + string(indent) + next.key + ": ")
			if err := writeArray(bw, string(indent), next.elems); err != nil {
				return err
			}
		}
		pos = i + len(mark)
	}
	bw.Write(doc[pos:])
	return bw.Flush()
}

// writeArray writes the elements as an array whose key is indented by
// indent.
func writeArray(bw *bufio.Writer, indent string, elems iter.Seq[any]) error {
	prefix := indent + "  "
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	n := 0
	for e := range elems {
		b.Reset()
		if err := enc.Encode(e); err != nil {
			return err
		}
		if n == 0 {
			bw.WriteString("[\n")
		} else {
			bw.WriteString(",\n")
		}
		n++
		bw.WriteString(prefix)
		bw.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	if n == 0 {
		bw.WriteString("[]")
		return nil
	}
	bw.WriteString("\n" + strings.TrimSuffix(prefix, "  ") + "]")
	return nil
}

func hasAny(s iter.Seq[any]) bool {
	for range s {
		return true
	}
	return false
}

// mapSeq yields f of each value of seq.
func mapSeq[T any](seq iter.Seq[T], f func(T) any) iter.Seq[any] {
	return func(yield func(any) bool) {
		for v := range seq {
			if !yield(f(v)) {
				return
			}
		}
	}
}
