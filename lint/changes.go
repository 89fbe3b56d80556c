package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Level is how much a change matters to a client built against the baseline.
type Level string

// Levels of changes, from most to least serious. LevelOff, set through
// [WithLevels], drops a check.
const (
	LevelError   Level = "error"   // breaks a client built against the baseline
	LevelWarning Level = "warning" // may break one, or makes the copy laxer than WePay
	LevelInfo    Level = "info"    // safe; listed in the changelog only
	LevelOff     Level = "off"     // not reported
)

// SeverityInfo is the severity of a [Problem] made from an info change.
const SeverityInfo = string(LevelInfo)

// ParseLevel reads a level name: error, warning, info or off (also "none").
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case LevelError, LevelWarning, LevelInfo, LevelOff:
		return l, nil
	case "none":
		return LevelOff, nil
	}
	return "", &LevelNameError{Value: s}
}

// LevelNameError reports a level name that is not one of error, warning, info
// or off.
type LevelNameError struct{ Value string }

// Error implements error.
func (e *LevelNameError) Error() string {
	return fmt.Sprintf("lint: unknown level %q (want error, warning, info or off)", e.Value)
}

func (l Level) rank() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelInfo:
		return 1
	}
	return 0
}

// AtLeast reports whether l is as serious as min or more.
func (l Level) AtLeast(min Level) bool { return l.rank() >= min.rank() && l.rank() > 0 }

// Location is a place in one of the two documents.
type Location struct {
	File  string `json:"file"`
	Where string `json:"where,omitempty"` // dotted path, for example "components.schemas.Account.properties.type"
	Line  int    `json:"line,omitempty"`  // 1-based, 0 if unknown
}

// String is "file:line: where".
func (l *Location) String() string {
	if l == nil {
		return ""
	}
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	if l.Where != "" {
		s += " " + l.Where
	}
	return s
}

// Change is one difference between a baseline and a new version of a spec.
type Change struct {
	Check     string    `json:"check"`               // stable check id: oasdiff's, or one of wepaykit's ([Checks])
	Level     Level     `json:"level"`               // after wepaykit's defaults and [WithLevels]
	Operation string    `json:"operation,omitempty"` // the call, for example "/account/create"; "" for the whole document
	Side      string    `json:"side,omitempty"`      // "request", "response" or ""
	Message   string    `json:"message"`
	Cite      string    `json:"cite,omitempty"` // the sentence of the reference a rule, state or quirk comes from
	Base      *Location `json:"base,omitempty"` // where in the baseline (for something added, the object that gained it); nil if nowhere
	New       *Location `json:"new,omitempty"`  // where in the new version (for something removed, the object that lost it); nil if nowhere
}

// Changelog is every change from a baseline to a new version of a spec.
type Changelog struct {
	Base       string   `json:"base"`
	New        string   `json:"new"`
	Operations []string `json:"operations"` // the calls of both versions, in the new version's order
	Changes    []Change `json:"changes"`    // grouped by operation (document-wide last), most serious first
}

// Counts returns the number of changes at each level.
func (c *Changelog) Counts() map[Level]int {
	out := map[Level]int{}
	for _, ch := range c.Changes {
		out[ch.Level]++
	}
	return out
}

// AtLeast returns the changes at level min or above.
func (c *Changelog) AtLeast(min Level) []Change {
	var out []Change
	for _, ch := range c.Changes {
		if ch.Level.AtLeast(min) {
			out = append(out, ch)
		}
	}
	return out
}

// Option configures [Diff] and [Lint].
type Option func(*options)

type options struct {
	baseName, newName string
	levels            map[string]Level
	decide            func(Change) Level
}

// WithNames sets the file names of the baseline and the new version used in
// locations (default "base.yaml" and "new.yaml"; [Lint] uses its name for
// the new version).
func WithNames(base, new string) Option {
	return func(o *options) {
		if base != "" {
			o.baseName = base
		}
		if new != "" {
			o.newName = new
		}
	}
}

// WithLevels sets the level of checks by id, as a policy file's `rules:`
// does: a team accepts a known change by lowering its check to info or off.
// Ids that are no check are ignored; see [UnknownChecks] to report them.
func WithLevels(levels map[string]Level) Option {
	return func(o *options) {
		if o.levels == nil {
			o.levels = map[string]Level{}
		}
		for id, l := range levels {
			o.levels[id] = l
		}
	}
}

// WithLevelFunc sets the level of each change by calling decide with the
// change (its Level already set by the defaults and [WithLevels]), for
// policies finer than a check id: per operation or side. LevelOff drops
// the change.
func WithLevelFunc(decide func(Change) Level) Option {
	return func(o *options) { o.decide = decide }
}

func buildOptions(opts []Option) *options {
	o := &options{baseName: "base.yaml", newName: "new.yaml"}
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	return o
}

// DocumentError reports a baseline or new version that cannot be loaded as
// OpenAPI.
type DocumentError struct {
	File  string
	Line  int    // 1-based line of the place, 0 if unknown
	Where string // dotted path of the place (the $ref that does not resolve, the invalid node), "" if unknown
	Err   error
}

// Error implements error.
func (e *DocumentError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Where != "" {
		loc += ": " + e.Where
	}
	return "lint: " + loc + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DocumentError) Unwrap() error { return e.Err }

// version is one side of a comparison.
type version struct {
	name string
	data []byte
	doc  *openapi3.T
	loc  *locator
}

func loadVersion(data []byte, name string) (*version, error) {
	loc, err := newLocator(data)
	if err != nil {
		return nil, &DocumentError{File: name, Line: yamlErrorLine(err), Err: err}
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.IncludeOrigin = true
	doc, err := loader.LoadFromData(data)
	if err != nil {
		at, line := loc.refPlace(err)
		if at == nil {
			line = loc.line(nil)
		}
		return nil, &DocumentError{File: name, Line: line, Where: at.String(), Err: err}
	}
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		at := validationPlace(err)
		return nil, &DocumentError{File: name, Line: loc.lineOrRoot(at), Where: at.String(), Err: err}
	}
	return &version{name: name, data: data, doc: doc, loc: loc}, nil
}

// Diff lists every change from base to new (both YAML or JSON OpenAPI
// documents): the generic OpenAPI changes as oasdiff's checks see them, in
// both directions (requests that accept less, responses that may answer
// more), and the changes to what oasdiff cannot know: wepaykit's named rules,
// account states and quirks. It returns a [*DocumentError] when either
// document is not valid OpenAPI.
func Diff(base, new []byte, opts ...Option) (*Changelog, error) {
	o := buildOptions(opts)
	b, err := loadVersion(base, o.baseName)
	if err != nil {
		return nil, err
	}
	n, err := loadVersion(new, o.newName)
	if err != nil {
		return nil, err
	}
	return diffVersions(b, n, o)
}

func diffVersions(b, n *version, o *options) (*Changelog, error) {
	changes, err := openAPIChanges(b, n)
	if err != nil {
		return nil, err
	}
	changes = append(changes, wepayChanges(b, n)...)
	defaults := defaultLevels()
	kept := changes[:0]
	for _, c := range changes {
		if l, ok := defaults[c.Check]; ok {
			c.Level = l
		}
		if l, ok := o.levels[c.Check]; ok {
			c.Level = l
		}
		if o.decide != nil {
			c.Level = o.decide(c)
		}
		if c.Level == LevelOff || c.Level.rank() == 0 {
			continue
		}
		kept = append(kept, c)
	}
	cl := &Changelog{Base: b.name, New: n.name, Operations: operationOrder(b.doc, n.doc), Changes: kept}
	cl.sort()
	return cl, nil
}

// operationOrder lists the paths of n, then those only in b.
func operationOrder(b, n *openapi3.T) []string {
	var out []string
	for _, d := range []*openapi3.T{n, b} {
		if d.Paths == nil {
			continue
		}
		for _, p := range d.Paths.InMatchingOrder() {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	// InMatchingOrder is not the document's order; the document's is what
	// a reader expects, so sort by line in n (then b).
	line := func(p string) int {
		if l := lineOf(n, p); l > 0 {
			return l
		}
		return 1<<30 + lineOf(b, p)
	}
	slices.SortStableFunc(out, func(x, y string) int { return line(x) - line(y) })
	return out
}

func lineOf(d *openapi3.T, p string) int {
	if d.Paths == nil {
		return 0
	}
	item := d.Paths.Value(p)
	if item == nil || item.Origin == nil || item.Origin.Key == nil {
		return 0
	}
	return item.Origin.Key.Line
}

// sort orders changes by operation (the changelog's order, document-wide
// last), then level, then check and message, keeping the walk's order for
// ties.
func (c *Changelog) sort() {
	idx := map[string]int{}
	for i, p := range c.Operations {
		idx[p] = i
	}
	group := func(ch Change) int {
		if ch.Operation == "" {
			return len(c.Operations) + 1
		}
		if i, ok := idx[ch.Operation]; ok {
			return i
		}
		return len(c.Operations)
	}
	slices.SortStableFunc(c.Changes, func(x, y Change) int {
		if d := group(x) - group(y); d != 0 {
			return d
		}
		if d := y.Level.rank() - x.Level.rank(); d != 0 {
			return d
		}
		if d := strings.Compare(x.Check, y.Check); d != 0 {
			return d
		}
		return strings.Compare(x.Message, y.Message)
	})
}
