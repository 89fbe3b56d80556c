package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/wepaykit/wepaykit/internal/jsonptr"

	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/spec"
)

// call carries what one validation of one side needs.
type call struct {
	v    *Validator
	p    *opPlan
	op   string
	side spec.Side
	env  Environment
	req  any // decoded request body, for exchange rules; nil when unknown
	out  *[]Finding
	// rules is the context runSites gives each rule in turn, kept here so
	// that the call's one allocation holds it too.
	rules  ruleCtx
	ptrBuf [64]byte // where runSites builds the pointers of wildcard items
	lim    limit    // what the call knows of the limit on findings (limit.go)
}

func (c *call) add(f Finding) {
	f.Operation, f.Side = c.op, string(c.side)
	if !c.lim.started {
		c.lim.started, c.lim.start = true, len(*c.out)
	}
	if c.past(&f) {
		return
	}
	*c.out = append(*c.out, f)
	if len(*c.out)-c.lim.start >= 2*c.v.maxFindings {
		c.trim()
	}
}

func (c *call) body(pointer, rule string, sev Severity, msg string) {
	c.add(Finding{Location: InBody, Pointer: pointer, Rule: rule, Severity: sev, Message: msg})
}

// parse checks size, encoding and nesting, then decodes body, which sc
// (maybe nil) is the schema of. It reports findings for what is wrong and
// returns ok=false when the body cannot be checked further (val is then
// nil, or the value of a body whose numbers are out of range). An empty
// request body stands for {}. known is the schema's verdict on the value
// when the decoder could give it as it read (see fastDecodeJudged), else
// fastMaybe.
func (c *call) parse(body []byte, emptyIsObject bool, sc *jsonschema.Schema) (val any, known verdict, ok bool) {
	if int64(len(body)) > c.v.maxBody {
		c.body("", RuleBodyTooLarge, SeverityError, fmt.Sprintf("body of %d bytes is over the %d-byte limit; not validated", len(body), c.v.maxBody))
		return nil, fastMaybe, false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if emptyIsObject {
			return map[string]any{}, fastMaybe, true
		}
		c.body("", RuleJSONSyntax, SeverityError, "empty body; a JSON object was expected")
		return nil, fastMaybe, false
	}
	if !utf8.Valid(body) {
		off := invalidUTF8At(body)
		c.body("", RuleJSONInvalidUTF8, SeverityError, fmt.Sprintf("body is not valid UTF-8 (first bad byte at offset %d)", off))
		return nil, fastMaybe, false
	}
	// The fast decoder stops at the nesting limit, so a body it reads is
	// within it; the other bodies are measured first (depth), as
	// encoding/json must not be handed one nested too deep.
	if !c.v.reference {
		var sh *shape
		if n := c.v.fast[sc]; n != nil {
			sh = n.shape
		}
		if val, dups, known, ok := fastDecodeJudged(body, sh, c.v.words, c.v.maxDepth); ok {
			if dups {
				c.duplicates(body)
			}
			return val, known, true
		}
	}
	if d := depth(body); d > c.v.maxDepth {
		c.body("", RuleJSONTooDeep, SeverityError, fmt.Sprintf("JSON nests %d levels deep, over the limit of %d", d, c.v.maxDepth))
		return nil, fastMaybe, false
	}
	val, err := decodeStd(body)
	if err != nil {
		c.body("", RuleJSONSyntax, SeverityError, err.Error())
		return nil, fastMaybe, false
	}
	// The fast decoder refuses the numbers out of range, so they are
	// looked for only here. Such a body is not checked further, but its
	// value is returned for the look for secrets (checkBody).
	if c.numbersOutOfRange(val) {
		return val, fastMaybe, false
	}
	c.duplicates(body) // encoding/json cannot tell: scan
	return val, fastMaybe, true
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// depth returns the deepest nesting of arrays and objects, ignoring strings.
// It jumps over strings with IndexByte: a quote ends a string unless an odd
// run of backslashes inside the string precedes it.
func depth(b []byte) int {
	d, max := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			start := i + 1
			for {
				j := bytes.IndexByte(b[i+1:], '"')
				if j < 0 {
					return max // an unterminated string: the rest is inside it
				}
				i += 1 + j
				n := 0
				for k := i - 1; k >= start && b[k] == '\\'; k-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
		case '{', '[':
			d++
			if d > max {
				max = d
			}
		case '}', ']':
			d--
		}
	}
	return max
}

// decode parses one JSON value, keeping numbers exact, and rejects trailing data.
func decode(b []byte) (any, error) {
	if v, ok := fastDecode(b, nil); ok {
		return v, nil
	}
	return decodeStd(b)
}

// decodeStd is decode with encoding/json alone.
func decodeStd(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(b, err, dec.InputOffset())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("invalid JSON: data after the value at byte %d", dec.InputOffset())
	}
	return v, nil
}

func syntaxError(b []byte, err error, off int64) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("invalid JSON: truncated after %d bytes", len(b))
	}
	line, col := lineCol(b, off)
	return fmt.Errorf("invalid JSON at line %d, column %d (byte %d): %s", line, col, off, strings.TrimPrefix(err.Error(), "json: "))
}

func lineCol(b []byte, off int64) (int, int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line, col := 1, 1
	for _, ch := range b[:off] {
		if ch == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// schema validates val and reports every failure.
func (c *call) schema(sc *jsonschema.Schema, val any) {
	c.schemaKnown(sc, val, fastMaybe)
}

// schemaKnown is schema for a value whose verdict under sc the decoder
// may have given already (known): fastYes spares walking it again.
func (c *call) schemaKnown(sc *jsonschema.Schema, val any, known verdict) {
	if n := c.v.fast[sc]; n != nil && !c.v.reference {
		if known == fastYes {
			return
		}
		switch n.check(val, 0) {
		case fastYes:
			return
		case fastNo:
			if c.fastFindings(n, val) {
				return
			}
		}
	}
	c.slowSchema(sc, val)
}

// slowSchema validates val with the schema library and maps its errors.
func (c *call) slowSchema(sc *jsonschema.Schema, val any) {
	err := sc.Validate(val)
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		c.body("", "schema", SeverityError, "schema validation failed: "+err.Error())
		return
	}
	c.mapError(ve, val)
}

func keyword(kl string) string {
	if i := strings.LastIndexByte(kl, '/'); i >= 0 {
		return kl[i+1:]
	}
	return kl
}

func (c *call) mapError(e *jsonschema.ValidationError, root any) {
	kw := keyword(e.KeywordLocation)
	if kw == "oneOf" && len(e.Causes) > 0 {
		c.oneOf(e, root)
		return
	}
	if len(e.Causes) > 0 {
		for _, x := range e.Causes {
			c.mapError(x, root)
		}
		return
	}
	switch kw {
	case "required":
		sc := c.v.byLoc[strings.TrimSuffix(e.AbsoluteKeywordLocation, "/required")]
		obj, _ := at(root, e.InstanceLocation).(map[string]any)
		if sc == nil || obj == nil {
			break
		}
		c.missing(sc, obj, e.InstanceLocation)
		return
	case "additionalProperties":
		sc := c.v.byLoc[strings.TrimSuffix(e.AbsoluteKeywordLocation, "/additionalProperties")]
		obj, _ := at(root, e.InstanceLocation).(map[string]any)
		if sc == nil || obj == nil {
			break
		}
		c.unknown(sc, obj, e.InstanceLocation)
		return
	}
	c.leaf(e, kw, root)
}

// missing reports the required members of sc that obj, at pointer, lacks.
func (c *call) missing(sc *jsonschema.Schema, obj map[string]any, pointer string) {
	for _, name := range sc.Required {
		if _, ok := obj[name]; !ok {
			ptr := pointer + "/" + jsonptr.Escape(name)
			if !c.pastAt(ptr, RuleSchemaRequired, SeverityError) {
				c.body(ptr, RuleSchemaRequired, SeverityError, fmt.Sprintf("required member %q is missing", name))
			}
		}
	}
}

// unknown reports the members of obj, at pointer, that sc does not list.
func (c *call) unknown(sc *jsonschema.Schema, obj map[string]any, pointer string) {
	sev := SeverityWarning
	if c.v.strict {
		sev = SeverityError
	}
	for _, name := range sortedKeys(obj) {
		if _, ok := sc.Properties[name]; ok || isSecretKey(name) {
			continue // secrets are reported by token-in-parameter
		}
		ptr := pointer + "/" + jsonptr.Escape(name)
		if !c.pastAt(ptr, RuleUnknownField, sev) {
			c.body(ptr, RuleUnknownField, sev, fmt.Sprintf("member %q is not in the contract", name))
		}
	}
}

// leaf reports one failed keyword kw of the library's error e (or of the
// same error built by the fast path).
func (c *call) leaf(e *jsonschema.ValidationError, kw string, root any) {
	c.add(Finding{Location: InBody, Pointer: e.InstanceLocation, Rule: "schema." + kw, Severity: SeverityError,
		Message: c.schemaMessage(e, root), Schema: e.AbsoluteKeywordLocation})
}

// oneOf reports a failed oneOf precisely: when exactly one branch fits the
// value's shape, that branch's errors; otherwise one schema.oneOf finding.
func (c *call) oneOf(e *jsonschema.ValidationError, root any) {
	// An alternative fits the value's shape unless it fails on the value's
	// own type; among those that fit, one that is not missing a member at
	// the root fits better (a settlement bank id of the wrong type), but
	// when only one alternative fits at all its missing members are the
	// finding (a phone number structure, or null, lacking country_code).
	type branch struct {
		leaves  []*jsonschema.ValidationError
		typeOK  bool
		members bool // no required member missing at the root
	}
	var typed, complete []branch
	allType := true
	for _, cause := range e.Causes {
		b := branch{leaves: leaves(cause, nil), typeOK: true, members: true}
		for _, l := range b.leaves {
			kw := keyword(l.KeywordLocation)
			atRoot := l.InstanceLocation == e.InstanceLocation
			if atRoot && kw == "type" {
				b.typeOK = false
			} else {
				allType = false
			}
			if atRoot && kw == "required" {
				b.members = false
			}
		}
		if b.typeOK {
			typed = append(typed, b)
			if b.members {
				complete = append(complete, b)
			}
		}
	}
	pick := complete
	if len(typed) == 1 {
		pick = typed
	}
	if len(pick) == 1 {
		for _, l := range pick[0].leaves {
			c.mapError(l, root)
		}
		return
	}
	rule, msg := RuleSchemaOneOf, "must match exactly one of its alternatives"
	if sc := c.v.byLoc[strings.TrimSuffix(e.AbsoluteKeywordLocation, "/oneOf")]; sc != nil {
		var names []string
		for _, alt := range sc.OneOf {
			names = append(names, altName(alt))
		}
		msg = "must be exactly one of: " + strings.Join(names, "; ")
	}
	if allType && len(e.Causes) > 0 {
		rule = RuleSchemaType
	}
	c.add(Finding{Location: InBody, Pointer: e.InstanceLocation, Rule: rule, Severity: SeverityError, Message: msg, Schema: e.AbsoluteKeywordLocation})
}

func altName(s *jsonschema.Schema) string {
	for s.Ref != nil && s.Title == "" {
		s = s.Ref
	}
	if s.Title != "" {
		return s.Title
	}
	if len(s.Required) > 0 {
		return "an object with " + strings.Join(s.Required, ", ")
	}
	return strings.Join(s.Types, " or ")
}

func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 || keyword(e.KeywordLocation) == "oneOf" {
		return append(out, e)
	}
	for _, x := range e.Causes {
		out = leaves(x, out)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isSecretKey reports the parameters the token-in-parameter rule is about
// (reference: tokens go only in the Authorization header). What is masked
// in findings is wider and decided by internal/redact.
func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	return k == "access_token" || k == "client_secret"
}

// secrets reports access_token and client_secret members anywhere in a
// request body and collects their values for redaction. path holds the
// reference tokens down to v; pointers are only built for a hit.
func (c *call) secrets(v any, path []string, found *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x { // findings are sorted by finish
			if isSecretKey(k) {
				if s, ok := e.(string); ok {
					*found = append(*found, s)
				}
				f := Finding{Location: InBody, Pointer: joinPointer(path, k), Rule: "token-in-parameter", Severity: SeverityError,
					Message: fmt.Sprintf("%q must never be sent in a body; access tokens go only in the Authorization header", k)}
				if r, ok := c.v.rules[f.Rule]; ok {
					f.Cite = firstCite(r)
				}
				c.add(f)
				continue
			}
			if c.v.redact.SecretKey(k) { // a password: not this rule's, but never quoted
				if s, ok := e.(string); ok {
					*found = append(*found, s)
				}
			}
			if isContainer(e) {
				c.secrets(e, append(path, k), found)
			}
		}
	case []any:
		for i, e := range x {
			if isContainer(e) {
				c.secrets(e, append(path, strconv.Itoa(i)), found)
			}
		}
	}
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// joinPointer builds the pointer of member last below the tokens of path.
func joinPointer(path []string, last string) string {
	var b strings.Builder
	for _, t := range path {
		b.WriteByte('/')
		b.WriteString(jsonptr.Escape(t))
	}
	b.WriteByte('/')
	b.WriteString(jsonptr.Escape(last))
	return b.String()
}

// at resolves a concrete RFC 6901 pointer; nil when nothing is there.
func at(v any, ptr string) any {
	x, _ := jsonptr.Get(v, ptr)
	return x
}
