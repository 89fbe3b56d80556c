package validate

import (
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/jsonbytes"
)

// The decode fast path. encoding/json's Decoder copies the body into its
// own buffer and scans every byte twice (once to find the value's end, once
// to decode it); for a body of a few kilobytes that is most of the cost of
// validating a clean exchange. fastDecode parses a complete, valid UTF-8
// JSON document once, into the same values the Decoder with UseNumber
// produces (map[string]any, []any, string, json.Number, bool, nil; the last
// of duplicate members wins, and the decoder notes that there was one). On anything it does not accept it answers
// false and decode falls back to encoding/json, which words the syntax
// error; so it can change speed, never a value or a message.
// FuzzFastDecode compares the two.

// fastDecodeMaxDepth is encoding/json's own nesting limit.
const fastDecodeMaxDepth = 10000

type fastDecoder struct {
	b     []byte
	i     int
	depth int
	limit int   // the deepest nesting read
	words words // strings to share instead of allocating (may be nil)
	dups  bool  // an object repeated a member name
	// verdict is the schema's verdict on the value just read, at a place
	// of a known schema (see shape); fastMaybe elsewhere.
	verdict verdict
	// room bounds the members an object is given room for before they are
	// read: an array's item gets no more than the item before it had
	// (real answers' items are alike; a hostile answer's many small
	// objects would each take the room of a whole account). -1: no bound.
	room int
}

// fastDecode parses b, a valid UTF-8 document of one JSON value; ok is
// false when encoding/json must decide.
func fastDecode(b []byte, w words) (v any, ok bool) {
	v, _, _, ok = fastDecodeJudged(b, nil, w, fastDecodeMaxDepth)
	return v, ok
}

// fastDecodeJudged is fastDecode with the shape of the document's place in
// the contract (see shape; nil for none), giving up (ok is false) on a
// document nested deeper than limit (at most fastDecodeMaxDepth) levels. It
// also says whether an object of the document repeated a member name
// (found for free: the map did not grow), and gives the verdict of the
// shape's schema on the document as check would give it: fastYes only when
// check would say fastYes (fastMaybe when sh has no schema).
func fastDecodeJudged(b []byte, sh *shape, w words, limit int) (v any, dups bool, r verdict, ok bool) {
	d := fastDecoder{b: b, words: w, limit: min(limit, fastDecodeMaxDepth), room: -1}
	v, ok = d.value(sh)
	if !ok {
		return nil, false, fastMaybe, false
	}
	d.space()
	return v, d.dups, d.verdict, d.i == len(b)
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) value(sh *shape) (any, bool) {
	d.space()
	if d.i >= len(d.b) {
		return nil, false
	}
	var v any
	ok := false
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object(sh)
	case c == '[':
		return d.array(sh)
	case c == '"':
		v, ok = d.strValue(sh)
	case c == '-' || (c >= '0' && c <= '9'):
		v, ok = d.number()
	case c == 't':
		v, ok = true, d.literal("true")
	case c == 'f':
		v, ok = false, d.literal("false")
	case c == 'n':
		v, ok = nil, d.literal("null")
	}
	d.verdict = fastMaybe
	if ok {
		if n := sh.judge(); n != nil {
			d.verdict = n.check(v, 0)
		}
	}
	return v, ok
}

// both is the verdict of two schemas (or parts of one) applied together.
func both(a, b verdict) verdict {
	switch {
	case a == fastNo || b == fastNo:
		return fastNo
	case a == fastMaybe || b == fastMaybe:
		return fastMaybe
	}
	return fastYes
}

// judgeComposite sets d.verdict for an object or array v at the place sh,
// whose members or items gave the verdicts r together: a simple node's is
// its own keywords' (local) with r, as check gives it; another node checks
// v whole.
func (d *fastDecoder) judgeComposite(sh *shape, v any, vt string, r verdict) {
	switch {
	case sh == nil || sh.node == nil:
		d.verdict = fastMaybe
	case sh.simple != nil:
		lr, final := sh.simple.local(v, vt)
		if !final {
			lr = both(lr, r)
		}
		d.verdict = lr
	default:
		d.verdict = sh.node.check(v, 0)
	}
}

func (d *fastDecoder) literal(word string) bool {
	if len(d.b)-d.i < len(word) || string(d.b[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

func (d *fastDecoder) object(sh *shape) (any, bool) {
	if d.depth++; d.depth > d.limit {
		return nil, false
	}
	d.i++ // {
	room := sh.mapSize()
	if d.room >= 0 {
		room = min(room, d.room)
		d.room = -1 // for this object only, not for the values in it
	}
	var simple *fastNode
	if sh != nil {
		simple = sh.simple
	}
	r := fastYes // the members' verdicts, for a simple node
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		// An empty object gets no room for the members its shape
		// expects: an answer of a million {} would take a gigabyte.
		d.i++
		d.depth--
		m := map[string]any{}
		d.judgeComposite(sh, m, "object", r)
		return m, true
	}
	m := make(map[string]any, room)
	for {
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, false
		}
		k, child, ok := d.key(sh)
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value(child)
		if !ok {
			return nil, false
		}
		if simple != nil && r != fastNo {
			// A member the shape knows has the shape of its schema (see
			// fastNode.member), whose verdict the decoder just gave;
			// another is judged as check judges it. (A shape can miss a
			// declared member: one that refers to a schema whose shape
			// was still being built, in a reference cycle.)
			if child != nil {
				r = both(r, d.verdict)
			} else {
				r = both(r, simple.member(k, v))
			}
		}
		n := len(m)
		m[k] = v
		if len(m) == n {
			d.dups = true
		}
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			d.depth--
			d.judgeComposite(sh, m, "object", r)
			return m, true
		default:
			return nil, false
		}
	}
}

// key reads a member name at d.i (a quote): the shared name and the shape
// of a member sh declares, or else a word or a new string and no shape.
func (d *fastDecoder) key(sh *shape) (string, *shape, bool) {
	raw, esc, ok := d.strRaw()
	if !ok {
		return "", nil, false
	}
	var k string
	if esc {
		if k, ok = d.escaped(d.i + 1); !ok {
			return "", nil, false
		}
	} else if m, found := sh.member(string(raw)); found {
		return m.name, m.shape, true
	} else {
		return d.words.of(raw), nil, true
	}
	m, _ := sh.member(k)
	return k, m.shape, true
}

func (d *fastDecoder) array(sh *shape) (any, bool) {
	if d.depth++; d.depth > d.limit {
		return nil, false
	}
	d.i++       // [
	d.room = -1 // an item's bound, not this array's items'
	a := []any{}
	items := sh.itemShape()
	judged := sh != nil && sh.simple != nil && sh.simple.items != nil // else every item passes (fastNode.item)
	r := fastYes                                                      // the items' verdicts
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		d.depth--
		var v any = a // boxed once, for the verdict and the caller
		d.judgeComposite(sh, v, "array", r)
		return v, true
	}
	for {
		if len(a) > 0 {
			if prev, isObj := a[len(a)-1].(map[string]any); isObj {
				d.room = len(prev)
			}
		}
		v, ok := d.value(items)
		d.room = -1
		if !ok {
			return nil, false
		}
		if judged && r != fastNo {
			r = both(r, d.verdict)
		}
		a = append(a, v)
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			d.depth--
			var v any = a // boxed once, for the verdict and the caller
			d.judgeComposite(sh, v, "array", r)
			return v, true
		default:
			return nil, false
		}
	}
}

// strValue reads a string value at d.i (a quote): the boxed enum value of
// sh it spells, else a word when the place has no shape, else a new string.
func (d *fastDecoder) strValue(sh *shape) (any, bool) {
	raw, esc, ok := d.strRaw()
	switch {
	case !ok:
		return nil, false
	case esc:
		s, ok := d.escaped(d.i + 1)
		return s, ok
	}
	if c, found := sh.constant(raw); found {
		return c, true
	}
	if sh == nil {
		return d.words.of(raw), true
	}
	return string(raw), true
}

// strRaw reads a string at d.i (a quote) that has no escapes and returns
// its bytes; esc is true, and d.i is left at the quote, when it has escapes.
// The document is valid UTF-8, unless fastDecode's caller did not check.
func (d *fastDecoder) strRaw() (raw []byte, esc, ok bool) {
	start := d.i + 1
	ascii := true
	for j := start + jsonbytes.ASCIIRun(d.b[start:]); j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			if !ascii && !utf8.Valid(d.b[start:j]) {
				return nil, false, false // encoding/json replaces bad bytes: let it
			}
			d.i = j + 1
			return d.b[start:j], false, true
		case c >= utf8.RuneSelf:
			ascii = false
		case c == '\\':
			return nil, true, true
		case c < 0x20:
			return nil, false, false
		}
	}
	return nil, false, false
}

// escaped parses a string with escapes, from start (after the quote).
func (d *fastDecoder) escaped(start int) (string, bool) {
	out := make([]byte, 0, 64)
	for j := start; j < len(d.b); {
		c := d.b[j]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return "", false
			}
			d.i = j + 1
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(d.b) {
			return "", false
		}
		switch e := d.b[j+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(d.b, j+2)
			if !ok {
				return "", false
			}
			j += 6
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(-1), false
				if j+1 < len(d.b) && d.b[j] == '\\' && d.b[j+1] == 'u' {
					r2, ok2 = hex4(d.b, j+2)
				}
				if ok2 {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						j += 6
						continue
					}
				}
				r = utf8.RuneError // a lone surrogate, as encoding/json decodes it
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", false
		}
		j += 2
	}
	return "", false
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	for _, c := range b[i : i+4] { // ParseUint also takes "+" and "_"
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return 0, false
		}
	}
	return rune(n), true
}

// number parses a JSON number into a json.Number.
func (d *fastDecoder) number() (any, bool) {
	n, inRange := numberLen(d.b[d.i:])
	if n == 0 || !inRange && numberRange(d.b[d.i:d.i+n]) != "" {
		return nil, false // encoding/json decides; decodeBody reports the range
	}
	j := d.i + n
	if n == 1 {
		d.i = j
		return digitNumber(d.b[d.i-1]), true
	}
	v := json.Number(d.b[d.i:j])
	d.i = j
	return v, true
}

// digitNumber is the number of one digit c, boxed at no allocation: a
// constant converted to an interface is stored once, in the binary. (Zero
// is the most common number of an answer: every balance of a new account.)
func digitNumber(c byte) any {
	switch c {
	case '0':
		return json.Number("0")
	case '1':
		return json.Number("1")
	case '2':
		return json.Number("2")
	case '3':
		return json.Number("3")
	case '4':
		return json.Number("4")
	case '5':
		return json.Number("5")
	case '6':
		return json.Number("6")
	case '7':
		return json.Number("7")
	case '8':
		return json.Number("8")
	}
	return json.Number("9")
}
