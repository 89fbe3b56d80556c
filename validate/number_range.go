package validate

import (
	"encoding/json"
	"fmt"
	"sort"
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
	var found []outOfRange
	walkNumbers(val, "", &found)
	for i, n := range found {
		if i == maxNumberFindings {
			c.body("", RuleJSONNumberRange, SeverityError, fmt.Sprintf("%d more numbers out of range are not listed", len(found)-i))
			break
		}
		text := n.text
		if len(text) > 40 {
			text = text[:37] + "..."
		}
		c.body(n.pointer, RuleJSONNumberRange, SeverityError,
			fmt.Sprintf("number %s is out of range: %s; receivers differ on its value (RFC 8259, section 6), so the body was not validated further", text, n.why))
	}
	return len(found) > 0
}

// walkNumbers appends the numbers of v beyond the limits, in document
// order for arrays and in member-name order for objects.
func walkNumbers(v any, ptr string, out *[]outOfRange) {
	switch x := v.(type) {
	case json.Number:
		if why := numberRange(string(x)); why != "" {
			*out = append(*out, outOfRange{pointer: ptr, text: string(x), why: why})
		}
	case []any:
		for i, e := range x {
			walkNumbers(e, ptr+"/"+strconv.Itoa(i), out)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkNumbers(x[k], ptr+"/"+jsonptr.Escape(k), out)
		}
	}
}
