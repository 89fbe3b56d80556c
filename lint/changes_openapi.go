package lint

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/checker/rules"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// openAPIChanges runs oasdiff's checks (every one, at every level) on the
// two documents and turns each finding into a Change with a location in both
// documents.
func openAPIChanges(b, n *version) (out []Change, err error) {
	defer func() {
		// oasdiff is a library written for trusted specs; a panic in it on
		// a hostile document must not take the caller down.
		if r := recover(); r != nil {
			out, err = nil, &DocumentError{File: n.name, Err: fmt.Errorf("comparing with %s: oasdiff failed: %v", b.name, r)}
		}
	}()
	s1 := &load.SpecInfo{Url: b.name, Spec: b.doc}
	s2 := &load.SpecInfo{Url: n.name, Spec: n.doc}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), s1, s2)
	if err != nil {
		return nil, &DocumentError{File: n.name, Err: fmt.Errorf("comparing with %s: %w", b.name, err)}
	}
	cfg := checker.NewConfig(checker.GetAllChecks())
	found := checker.CheckBackwardCompatibilityUntilLevel(cfg, d, sources, checker.INFO)
	loc := checker.NewDefaultLocalizer()
	dirs := oasdiffDirections()
	for _, c := range found {
		ch := Change{
			Check:     c.GetId(),
			Level:     fromOasdiff(c.GetLevel()),
			Operation: c.GetPath(),
			Side:      dirs[c.GetId()],
			Message:   c.GetUncolorizedText(loc),
		}
		ch.Base, ch.New = locate(b, n, c)
		out = append(out, ch)
	}
	return out, nil
}

func fromOasdiff(l checker.Level) Level {
	switch l {
	case checker.ERR:
		return LevelError
	case checker.WARN:
		return LevelWarning
	case checker.INFO:
		return LevelInfo
	}
	return LevelOff
}

// oasdiffDirections maps each oasdiff check to the side it is about.
func oasdiffDirections() map[string]string {
	out := map[string]string{}
	for _, r := range checker.GetAllRules() {
		switch r.Direction {
		case rules.DirectionRequest:
			out[r.Id] = string(sideRequest)
		case rules.DirectionResponse:
			out[r.Id] = string(sideResponse)
		}
	}
	return out
}

const (
	sideRequest  = "request"
	sideResponse = "response"
)

// locate places a change in both documents. oasdiff gives the line on one
// side or both, sometimes on neither; the dotted path of a known line is
// looked up in the other document, and a change with no line at all is
// placed at its operation.
func locate(b, n *version, c checker.Change) (*Location, *Location) {
	var bp, np path
	bl, nl := 0, 0
	if s := c.GetBaseSource(); s != nil && s.Line > 0 {
		bl = s.Line
		bp = b.loc.pathAt(bl)
	}
	if s := c.GetRevisionSource(); s != nil && s.Line > 0 {
		nl = s.Line
		np = n.loc.pathAt(nl)
	}
	if bp == nil && np == nil && c.GetPath() != "" {
		// oasdiff knows the property but not its line (a type that became
		// [string, "null"], for example): find it by its name in both.
		bp = resolveProperty(b.doc, c)
		np = resolveProperty(n.doc, c)
		if bp != nil {
			bl = b.loc.line(bp)
		}
		if np != nil {
			nl = n.loc.line(np)
		}
	}
	if bp == nil && np == nil && c.GetPath() != "" {
		method := strings.ToLower(c.GetOperation())
		if method == "" {
			method = "post"
		}
		op := path{"paths", c.GetPath(), method}
		if b.loc.has(op) {
			bp, bl = op, b.loc.line(op)
		}
		if n.loc.has(op) {
			np, nl = op, n.loc.line(op)
		}
		if bp == nil && b.loc.has(op[:2]) {
			bp, bl = op[:2], b.loc.line(op[:2])
		}
		if np == nil && n.loc.has(op[:2]) {
			np, nl = op[:2], n.loc.line(op[:2])
		}
	}
	if bp == nil && np != nil {
		if p := counterpart(b.loc, np); p != nil {
			bp, bl = p, b.loc.line(p)
		}
	}
	if np == nil && bp != nil {
		if p := counterpart(n.loc, bp); p != nil {
			np, nl = p, n.loc.line(p)
		}
	}
	var bLoc, nLoc *Location
	if bp != nil || bl > 0 {
		bLoc = &Location{File: b.name, Where: bp.String(), Line: bl}
	}
	if np != nil || nl > 0 {
		nLoc = &Location{File: n.name, Where: np.String(), Line: nl}
	}
	return bLoc, nLoc
}

// counterpart is the place in l of a place p of the other document: p
// without its trailing list indexes (the items of a list shift when one is
// added or removed), or the deepest part of it that l has, when that is
// still inside a component, path or extension (the object that gained or
// lost something); nil otherwise.
func counterpart(l *locator, p path) path {
	for len(p) > 0 && strings.HasPrefix(p[len(p)-1], "[") {
		p = p[:len(p)-1]
	}
	d := l.deepest(p)
	if !l.has(d) {
		return nil
	}
	min := 3 // components.schemas.X, paths./op.post
	if len(p) > 0 && strings.HasPrefix(p[0], "x-") {
		min = 1 // a list of rules, quirks, states or transitions
	}
	if len(d) < min {
		return nil
	}
	return d
}

// resolveProperty finds the property a schema change names (its first
// argument, "items/name" for example) through the operation's body schema,
// and returns its place in d: "components.schemas.Account.properties.name".
// It returns nil when the body is inline or the name cannot be followed to
// the end (oneOf branches are named by title, not followed).
func resolveProperty(d *openapi3.T, c checker.Change) path {
	args := c.GetArgs()
	if len(args) == 0 || d.Paths == nil {
		return nil
	}
	prop, ok := args[0].(string)
	if !ok || prop == "" {
		return nil
	}
	item := d.Paths.Value(c.GetPath())
	if item == nil {
		return nil
	}
	op := item.GetOperation(strings.ToUpper(c.GetOperation()))
	if op == nil {
		return nil
	}
	var roots []*openapi3.SchemaRef
	if strings.HasPrefix(c.GetId(), "request-") {
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			for _, mt := range op.RequestBody.Value.Content {
				roots = append(roots, mt.Schema)
			}
		}
	} else if strings.HasPrefix(c.GetId(), "response-") && op.Responses != nil {
		status := "200"
		for _, a := range args[1:] {
			if s, ok := a.(string); ok && op.Responses.Value(s) != nil {
				status = s
				break
			}
		}
		if r := op.Responses.Value(status); r != nil && r.Value != nil {
			for _, mt := range r.Value.Content {
				roots = append(roots, mt.Schema)
			}
		}
	}
	for _, root := range roots {
		if p := follow(root, strings.Split(prop, "/")); p != nil {
			return p
		}
	}
	return nil
}

// follow walks segs (property names and "items") from r, keeping the place
// of each step in the document; a $ref restarts the place at its component.
func follow(r *openapi3.SchemaRef, segs []string) path {
	var at path
	for _, seg := range segs {
		if r == nil || r.Value == nil {
			return nil
		}
		if name, ok := strings.CutPrefix(r.Ref, schemaRef); ok {
			at = path{"components", "schemas", name}
		}
		if at == nil {
			return nil
		}
		switch {
		case seg == "items" && r.Value.Items != nil:
			r, at = r.Value.Items, at.at("items")
		case r.Value.Properties[seg] != nil:
			r, at = r.Value.Properties[seg], at.at("properties", seg)
		default:
			return nil
		}
	}
	return at
}
