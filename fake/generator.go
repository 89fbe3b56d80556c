package fake

import (
	"io"
	"math/rand"
	"slices"

	"github.com/brianvoe/gofakeit/v6"

	"github.com/wepaykit/wepaykit/schema"
	"github.com/wepaykit/wepaykit/spec"
)

// Generator makes payloads from a seed. The same seed and the same sequence
// of calls give byte-identical JSON on every run and platform. A Generator
// keeps random state and is NOT safe for concurrent use: give each goroutine
// its own, made cheaply with [Contract.Generator].
type Generator struct {
	c     *Contract
	seed  int64
	src   *pcgSource
	r     *rand.Rand
	f     *gofakeit.Faker
	rate  float64
	check *schema.Set
	enc   encoder
}

// Payload is one generated body.
type Payload struct {
	JSON  []byte // compact JSON, keys sorted, no trailing newline
	Value any    // the body as encoding/json decodes it: map[string]any or []any, numbers as float64
}

// New loads the embedded spec and schemas, plans the contract and returns a
// generator seeded with seed. Its valid bodies are checked against the
// embedded JSON Schemas (see [WithSelfCheck]). To make many generators,
// build a [Contract] once and use [Contract.Generator].
func New(seed int64, opts ...Option) (*Generator, error) {
	sp, err := spec.Load()
	if err != nil {
		return nil, err
	}
	set, err := schema.Embedded()
	if err != nil {
		return nil, err
	}
	return newGenerator(sp, seed, append([]Option{WithSelfCheck(set)}, opts...))
}

// NewWithSpec plans the contract of sp and returns a generator seeded with
// seed. No self-check is made unless [WithSelfCheck] is given: the embedded
// schemas need not describe sp.
func NewWithSpec(sp *spec.Spec, seed int64, opts ...Option) (*Generator, error) {
	return newGenerator(sp, seed, opts)
}

func newGenerator(sp *spec.Spec, seed int64, opts []Option) (*Generator, error) {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	if s.badOption != nil {
		return nil, s.badOption
	}
	c, err := NewContract(sp)
	if err != nil {
		return nil, err
	}
	return c.Generator(seed, opts...), nil
}

// Generator returns a new generator seeded with seed that shares the
// contract. It is cheap: nothing is loaded or planned.
func (c *Contract) Generator(seed int64, opts ...Option) *Generator {
	s := settings{rate: DefaultOptionalRate}
	for _, o := range opts {
		o(&s)
	}
	src := newSource(seed)
	r := newRand(src)
	return &Generator{c: c, seed: seed, src: src, r: r, f: &gofakeit.Faker{Rand: r}, rate: s.rate, check: s.check}
}

// Contract returns the generator's contract.
func (g *Generator) Contract() *Contract { return g.c }

// Seed returns the seed the generator was made with.
func (g *Generator) Seed() int64 { return g.seed }

// Body makes one valid body of a call's side (spec.Request or
// spec.Response). It fails with an *UnknownOperationError for a call or side
// the contract lacks and an *OptionError for an impossible option.
func (g *Generator) Body(op string, side spec.Side, opts ...BodyOption) (Payload, error) {
	root, path, err := g.c.plan(op, side)
	if err != nil {
		return Payload{}, err
	}
	var o bodyOpts
	for _, f := range opts {
		f(&o)
	}
	if err := o.check(g.c, root); err != nil {
		return Payload{}, err
	}
	c := genCtx{op: path, o: o}
	v := g.value(root, &c)
	b, err := g.enc.encode(v)
	if err != nil {
		return Payload{}, err
	}
	if g.check != nil {
		sc, err := g.check.ForOperation(path, schema.Side(side))
		if err != nil {
			return Payload{}, &SelfCheckError{Operation: path, Side: string(side), Err: err}
		}
		if err := sc.Validate(v); err != nil {
			return Payload{}, &SelfCheckError{Operation: path, Side: string(side), Err: err}
		}
	}
	return Payload{JSON: b, Value: v}, nil
}

// Bodies makes n valid bodies of a call's side, one after another.
func (g *Generator) Bodies(op string, side spec.Side, n int, opts ...BodyOption) ([]Payload, error) {
	out := make([]Payload, 0, max(n, 0))
	for i := 0; i < n; i++ {
		p, err := g.Body(op, side, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// WriteJSONLines writes n valid bodies of a call's side to w as JSON lines:
// one compact document per line, each ending in "\n".
func (g *Generator) WriteJSONLines(w io.Writer, op string, side spec.Side, n int, opts ...BodyOption) error {
	for i := 0; i < n; i++ {
		p, err := g.Body(op, side, opts...)
		if err != nil {
			return err
		}
		if _, err := w.Write(p.Line()); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON returns the body itself, so a Payload inside another value
// (a [Variant], say) encodes as the JSON document rather than as bytes.
func (p Payload) MarshalJSON() ([]byte, error) {
	if len(p.JSON) == 0 {
		return []byte("null"), nil
	}
	return p.JSON, nil
}

// Line returns the JSON followed by a newline, for JSON lines output.
func (p Payload) Line() []byte {
	out := make([]byte, len(p.JSON)+1)
	copy(out, p.JSON)
	out[len(p.JSON)] = '\n'
	return out
}

// genCtx is the state of making one body.
type genCtx struct {
	op    string
	o     bodyOpts
	acct  *profile // the account being made, if any
	stack []*node  // structures being made, for recursion limits
}

func (c *genCtx) depth(n *node) int {
	d := 0
	for _, s := range c.stack {
		if s == n {
			d++
		}
	}
	return d
}

// include decides whether an optional member is present.
func (g *Generator) include(c *genCtx) bool {
	switch {
	case c.o.full:
		return true
	case c.o.requiredOnly:
		return false
	}
	return g.r.Float64() < g.rate
}

// value makes a value for n.
func (g *Generator) value(n *node, c *genCtx) any {
	if n.nullable && !c.o.full && g.r.Intn(5) == 0 {
		return nil
	}
	if len(n.alts) > 0 {
		i := 0
		if c.o.full {
			if n.alts[0].types&tObject != 0 {
				i = c.o.branch % len(n.alts)
			}
		} else if len(n.alts) > 1 {
			i = g.r.Intn(len(n.alts))
			if n.alts[0].types == tInteger && g.r.Intn(4) != 0 {
				i = 0 // integers are what the examples send
			}
		}
		return g.value(n.alts[i], c)
	}
	switch {
	case n.list != nil:
		return n.list(g, c, n)
	case n.types&tObject != 0 && len(n.enum) == 0:
		return g.object(n, c)
	case n.types&tArray != 0:
		return g.array(n, c)
	}
	return g.scalar(n, c)
}

func (g *Generator) object(n *node, c *genCtx) map[string]any {
	c.stack = append(c.stack, n)
	if n.pre != nil {
		n.pre(g, c)
	}
	m := make(map[string]any, len(n.props))
	for _, p := range n.props {
		if p.hooked || !(p.required || g.include(c)) {
			continue
		}
		m[p.name] = g.value(p.n, c)
	}
	if n.post != nil {
		n.post(g, c, m)
	}
	c.stack = c.stack[:len(c.stack)-1]
	return m
}

func (g *Generator) array(n *node, c *genCtx) []any {
	if n.items == nil {
		return []any{}
	}
	limit := 3
	if n.maxItems >= 0 && n.maxItems < limit {
		limit = n.maxItems
	}
	if n.items.types&tObject != 0 {
		switch d := c.depth(n.items); {
		case d >= 2:
			limit = 0
		case d == 1:
			limit = min(limit, 1)
		}
	}
	count := 0
	switch {
	case limit == 0:
	case c.o.full:
		count = 1
	default:
		count = 1 + g.r.Intn(limit)
	}
	out := make([]any, 0, count)
	if n.items.kind == kEnum && len(n.items.enum) > 0 {
		// distinct values, in the order of the enum
		perm := g.r.Perm(len(n.items.enum))
		count = min(count, len(perm))
		for _, i := range sortInts(perm[:count]) {
			out = append(out, n.items.enum[i])
		}
		return out
	}
	for i := 0; i < count; i++ {
		out = append(out, g.value(n.items, c))
	}
	return out
}

func sortInts(a []int) []int {
	slices.Sort(a)
	return a
}
