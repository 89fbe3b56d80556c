package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// duplicates reports every member name an object of body repeats, once per
// object and name, at the pointer of that member. RFC 8259, section 4:
// "The names within an object SHOULD be unique", and when they are not
// "the behavior of software that receives such an object is
// unpredictable": PHP's json_decode and encoding/json keep the last value,
// other parsers the first or an error, so the value WePay acts on is not
// certainly the one a check saw. body is known to be valid JSON.
func (c *call) duplicates(body []byte) {
	dups := duplicateMembers(body)
	for i, d := range dups {
		if i == maxDuplicateFindings {
			c.body("", RuleJSONDuplicate, SeverityWarning, fmt.Sprintf("%d more repeated member names are not listed", len(dups)-i))
			break
		}
		c.body(d.pointer, RuleJSONDuplicate, SeverityWarning,
			fmt.Sprintf("member %q appears %d times in one object; receivers differ on which value they take (RFC 8259, section 4): the last one is validated", d.name, d.count))
	}
}

// maxDuplicateFindings bounds the json-duplicate-member findings of one
// body; one more finding counts the rest.
const maxDuplicateFindings = 20

type duplicate struct {
	pointer, name string
	count         int
}

// frame is one open object or array of the scan.
type frame struct {
	object bool
	index  int            // next element's index, in an array
	key    string         // the member being read, in an object
	counts map[string]int // member names so far, in an object
	order  []string       // names repeated, in the order first repeated
}

// duplicateMembers scans a valid JSON document with encoding/json's
// tokenizer and lists the repeated member names of each object, in the
// order the objects close (an inner object before the one holding it).
// Only the first maxDuplicateFindings have a pointer.
func duplicateMembers(body []byte) []duplicate {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*frame
	var path []string
	var out []duplicate
	expectKey := func() bool {
		top := len(stack) - 1
		return top >= 0 && stack[top].object && len(path) == top
	}
	// value is called before each value, to put its name on the path.
	value := func() {
		if len(stack) == 0 {
			return
		}
		f := stack[len(stack)-1]
		if !f.object {
			path = append(path, strconv.Itoa(f.index))
			f.index++
		}
	}
	// done is called after each complete value, to take its name off.
	done := func() {
		if len(path) > len(stack)-1 && len(path) > 0 {
			path = path[:len(path)-1]
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return out // io.EOF, or a document that is not valid after all
		}
		if s, ok := tok.(string); ok && expectKey() {
			f := stack[len(stack)-1]
			f.counts[s]++
			if f.counts[s] == 2 {
				f.order = append(f.order, s)
			}
			path = append(path, s)
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			value()
			stack = append(stack, &frame{object: tok == json.Delim('{'), counts: map[string]int{}})
		case json.Delim('}'), json.Delim(']'):
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, name := range f.order {
				d := duplicate{name: name, count: f.counts[name]}
				if len(out) < maxDuplicateFindings { // only those listed need one: a pointer costs its path's length
					d.pointer = jsonptr.Join(path) + "/" + jsonptr.Escape(name)
				}
				out = append(out, d)
			}
			done()
		default:
			value()
			done()
		}
	}
}
