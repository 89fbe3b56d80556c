package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// maxFormParams bounds the parameters of a form body that are decoded; a
// body with more is reported and checked no further.
const maxFormParams = 10000

// isForm reports whether a Content-Type is application/x-www-form-urlencoded,
// which old WePay clients sent.
func isForm(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// DecodeForm turns an application/x-www-form-urlencoded body into the JSON
// object it stands for, so that its parameters can be checked as the
// members they are. Keys nest as PHP's http_build_query and Rails' to_query
// write them: "theme_object[primary_color]" is a member of an object,
// "gaq_domains[]" and "rbits[0][type]" are items of an array; a key given
// more than once is an array. Values are strings; where sc (the body's
// schema, may be nil) asks for a number, a boolean or null at that place and
// the text reads as one, it becomes one ("12345" for an integer account_id).
// It fails, with what it could decode, on a malformed escape, a key nested
// more than DefaultMaxDepth levels deep ("a[b]" is two levels; that
// parameter is left out) or more than 10000 parameters: each is a
// *FormError, and several are joined (errors.Join).
func DecodeForm(body string, sc *jsonschema.Schema) (map[string]any, error) {
	out, errs := decodeForm(body, sc, DefaultMaxDepth)
	if len(errs) == 1 {
		return out, errs[0]
	}
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return out, errors.Join(joined...) // nil when there is none
}

// decodeForm is DecodeForm with a nesting limit, and every problem: the
// first malformed escape, the first key nested too deep, and too many
// parameters.
func decodeForm(body string, sc *jsonschema.Schema, maxDepth int) (map[string]any, []*FormError) {
	root := &formNode{}
	var escErr, deepErr *FormError
	n := 0
	for body != "" {
		var part string
		part, body, _ = strings.Cut(body, "&")
		if part == "" {
			continue
		}
		if n++; n > maxFormParams {
			return root.object(deref(sc)), formErrors(escErr, deepErr, &FormError{Msg: "more than " + strconv.Itoa(maxFormParams) + " parameters"})
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			if escErr == nil {
				escErr = &FormError{Msg: "parameter " + strconv.Itoa(n) + " has a malformed %-escape"}
			}
			continue
		}
		// The body is an object (one level, as in JSON) and each bracket
		// of a key one more: "a[b][0]" nests three levels. A key nested
		// deeper than the limit is left out; one with fewer brackets than
		// that is not split to be measured. (A repeated key makes an array
		// of its values, one level more, which is not counted.)
		var path []string
		if strings.Count(key, "[") < maxDepth {
			path = splitFormKey(key)
		} else if path = splitFormKey(key); len(path) > maxDepth {
			if deepErr == nil {
				deepErr = &FormError{Msg: fmt.Sprintf("parameter %d (%.40q) nests %d levels deep, over the limit of %d; left out", n, key, len(path), maxDepth), TooDeep: true}
			}
			continue
		}
		root.add(path, val)
	}
	return root.object(deref(sc)), formErrors(escErr, deepErr)
}

// formErrors lists the errors that are not nil.
func formErrors(errs ...*FormError) []*FormError {
	var out []*FormError
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// FormError reports a form body that could not be decoded whole.
type FormError struct {
	Msg     string
	TooDeep bool // a key nested deeper than the limit (json-depth), not a malformed body (json-syntax)
}

// Error implements error.
func (e *FormError) Error() string { return "form body: " + e.Msg }

// splitFormKey splits "a[b][0][]" into "a", "b", "0", "".
func splitFormKey(k string) []string {
	i := strings.IndexByte(k, '[')
	if i <= 0 || !strings.HasSuffix(k, "]") {
		return []string{k}
	}
	out := []string{k[:i]}
	rest := k[i:]
	for len(rest) > 0 && rest[0] == '[' {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return []string{k}
		}
		out = append(out, rest[1:j])
		rest = rest[j+1:]
	}
	if rest != "" {
		return []string{k}
	}
	return out
}

// formNode is a node of the decoded form: leaf values, or named children.
type formNode struct {
	vals     []string
	children map[string]*formNode
	order    []string // children keys in order of first sight
	appended int      // children added by "[]"
}

func (n *formNode) add(path []string, val string) {
	if len(path) == 0 {
		n.vals = append(n.vals, val)
		return
	}
	k := path[0]
	if k == "" { // "[]": the next item
		k = strconv.Itoa(n.appended)
		n.appended++
	}
	if n.children == nil {
		n.children = map[string]*formNode{}
	}
	c, ok := n.children[k]
	if !ok {
		c = &formNode{}
		n.children[k] = c
		n.order = append(n.order, k)
	}
	c.add(path[1:], val)
}

// value builds the JSON value of a node, guided by sc (may be nil).
func (n *formNode) value(sc *jsonschema.Schema) any {
	sc = deref(sc)
	if n.children == nil {
		switch {
		case len(n.vals) == 1 && !wantsType(sc, "array"):
			return coerce(n.vals[0], sc)
		default:
			items := make([]any, len(n.vals))
			for i, v := range n.vals {
				items[i] = coerce(v, itemSchema(sc))
			}
			return items
		}
	}
	if indexes(n.order) && !wantsType(sc, "object") {
		keys := append([]string(nil), n.order...)
		sort.Slice(keys, func(i, j int) bool {
			a, _ := strconv.Atoi(keys[i])
			b, _ := strconv.Atoi(keys[j])
			return a < b
		})
		items := make([]any, len(keys))
		for i, k := range keys {
			items[i] = n.children[k].value(itemSchema(sc))
		}
		return items
	}
	return n.object(sc)
}

// object builds the JSON object of a node whatever its keys: the body's
// root is one even when every key is a number ("0=a&1=b"). sc is
// dereferenced already (may be nil).
func (n *formNode) object(sc *jsonschema.Schema) map[string]any {
	obj := make(map[string]any, len(n.order))
	for _, k := range n.order {
		obj[k] = n.children[k].value(propSchema(sc, k))
	}
	return obj
}

func indexes(keys []string) bool {
	for _, k := range keys {
		if _, err := strconv.ParseUint(k, 10, 31); err != nil {
			return false
		}
	}
	return len(keys) > 0
}

// deref follows $ref.
func deref(sc *jsonschema.Schema) *jsonschema.Schema {
	for i := 0; sc != nil && sc.Ref != nil && i < 32; i++ {
		sc = sc.Ref
	}
	return sc
}

// alternatives lists sc and the branches of its oneOf/anyOf.
func alternatives(sc *jsonschema.Schema) []*jsonschema.Schema {
	sc = deref(sc)
	if sc == nil {
		return nil
	}
	out := []*jsonschema.Schema{sc}
	for _, alt := range append(append([]*jsonschema.Schema(nil), sc.OneOf...), sc.AnyOf...) {
		if a := deref(alt); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func wantsType(sc *jsonschema.Schema, t string) bool {
	for _, a := range alternatives(sc) {
		for _, x := range a.Types {
			if x == t {
				return true
			}
		}
	}
	return false
}

func propSchema(sc *jsonschema.Schema, name string) *jsonschema.Schema {
	for _, a := range alternatives(sc) {
		if p := a.Properties[name]; p != nil {
			return p
		}
	}
	return nil
}

func itemSchema(sc *jsonschema.Schema) *jsonschema.Schema {
	for _, a := range alternatives(sc) {
		if a.Items2020 != nil {
			return a.Items2020
		}
		if it, ok := a.Items.(*jsonschema.Schema); ok {
			return it
		}
	}
	return nil
}

// coerce turns a form value into the JSON value the schema asks for, when
// the text reads as one; otherwise it stays a string (and the schema
// reports its type).
func coerce(s string, sc *jsonschema.Schema) any {
	if sc == nil || wantsType(sc, "string") {
		return s
	}
	if wantsType(sc, "integer") || wantsType(sc, "number") {
		// The whole text, and nothing around it: "1 " is valid JSON but no
		// number a schema library can read; nor is one beyond binary64's
		// range (numberRange).
		b := []byte(s)
		if n, inRange := numberLen(b); n > 0 && n == len(b) && (inRange || numberRange(b) == "") {
			return json.Number(s)
		}
	}
	if wantsType(sc, "boolean") && (s == "true" || s == "false") {
		return s == "true"
	}
	if wantsType(sc, "null") && (s == "" || s == "null") {
		return nil
	}
	return s
}

// checkForm decodes a form-encoded request body and checks its parameters
// as members; for an unknown call only secrets are looked for.
func (c *call) checkForm(body []byte, known bool, secrets *[]string) any {
	if int64(len(body)) > c.v.maxBody {
		c.body("", RuleBodyTooLarge, SeverityError, fmt.Sprintf("body of %d bytes is over the %d-byte limit; not validated", len(body), c.v.maxBody))
		return nil
	}
	var sc *jsonschema.Schema
	if known {
		sc = c.p.req
	}
	val, errs := decodeForm(string(body), sc, c.v.maxDepth)
	for _, err := range errs {
		rule := RuleJSONSyntax
		if err.TooDeep {
			rule = RuleJSONTooDeep
		}
		c.body("", rule, SeverityError, err.Error())
	}
	if !known {
		var path [8]string
		c.secrets(val, path[:0], secrets)
		return nil
	}
	return c.checkValue(val, fastMaybe, secrets)
}
