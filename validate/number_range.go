package validate

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
)

// maxNumberFindings bounds the json-number-range findings of one body; one
// more finding counts the rest.
const maxNumberFindings = 20

// outOfRange is a number of a body beyond numberRange's limits.
type outOfRange struct {
	pointer, text, why string
}

// numbersOutOfRange reports every number of val beyond the limits of
// numberRange, and whether there was one; the body is then not validated
// further, as the schema library cannot be handed such a number. The fast
// decoder refuses these numbers, so only the bodies encoding/json decodes
// are walked.
func (c *call) numbersOutOfRange(val any) bool {
	w := numberWalk{}
	w.walk(val)
	for _, n := range w.found {
		text := n.text
		if len(text) > 40 {
			text = text[:37] + "..."
		}
		c.body(n.pointer, RuleJSONNumberRange, SeverityError,
			fmt.Sprintf("number %s is out of range: %s; receivers differ on its value (RFC 8259, section 6), so the body was not validated further", text, n.why))
	}
	if more := w.count - len(w.found); more > 0 {
		c.body("", RuleJSONNumberRange, SeverityError, fmt.Sprintf("%d more numbers out of range are not listed", more))
	}
	return w.count > 0
}

// numberWalk finds the numbers of a value beyond the limits, in document
// order for arrays and in member-name order for objects. It keeps the path
// as tokens and spells a pointer only for the numbers it lists, so that a
// long member name over many items costs once, not once per item.
type numberWalk struct {
	path  []string
	found []outOfRange // the first maxNumberFindings
	count int          // all of them
}

func (w *numberWalk) walk(v any) {
	switch x := v.(type) {
	case json.Number:
		if why := numberRange([]byte(x)); why != "" {
			if w.count++; len(w.found) < maxNumberFindings {
				w.found = append(w.found, outOfRange{pointer: jsonptr.Join(w.path), text: string(x), why: why})
			}
		}
	case []any:
		for i, e := range x {
			w.path = append(w.path, strconv.Itoa(i))
			w.walk(e)
			w.path = w.path[:len(w.path)-1]
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			w.path = append(w.path, k)
			w.walk(x[k])
			w.path = w.path[:len(w.path)-1]
		}
	}
}
