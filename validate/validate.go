// Package validate checks real WePay /account requests and responses
// against wepaykit's contract: the JSON Schemas, the named rules of the spec,
// the transport rules of the reference and the account state table.
//
// A [Validator] is expensive to build ([New] compiles everything once) and
// cheap to use; all its methods are safe for concurrent use. Every call
// reports all findings, not the first. Bodies are read and restored, never
// consumed. No finding or error ever contains an access token, a
// client_secret or an Authorization value.
//
// The contract covers the /account calls. [Classify] and [ClassifyPath] tell
// an /account call from another WePay v2 call ([Families]) and from another
// host; [Validator.Transport] and [Validator.Middleware] pass the latter two
// through without findings unless asked to be strict, and a validator given
// another WePay call directly reports one route-unknown finding.
package validate

import (
	"regexp"
	"slices"

	"github.com/wepaykit/wepaykit/internal/jsonptr"
	"github.com/wepaykit/wepaykit/internal/redact"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/schema"
	"github.com/wepaykit/wepaykit/spec"
)

// Environment is WePay's stage or production environment.
type Environment string

// Environments. EnvAuto infers the environment from the request's host:
// wepayapi.com is production, anything else (stage.wepayapi.com, a local
// fake server) is stage.
const (
	EnvAuto       Environment = "auto"
	EnvStage      Environment = "stage"
	EnvProduction Environment = "production"
)

// Default limits.
const (
	DefaultMaxBody  = 10 << 20 // bytes
	DefaultMaxDepth = 64       // nesting of JSON arrays and objects, and of form keys' brackets
	// DefaultMaxFindings is the most findings listed for one side of an
	// exchange; the rest are counted in one findings-limit finding.
	DefaultMaxFindings = 200
)

// Validator validates exchanges. Build it with [New].
type Validator struct {
	spec     *spec.Spec
	states   *spec.StateTable
	schemas  *schema.Set
	ops      map[string]*opPlan
	byLoc    map[string]*jsonschema.Schema
	hints    map[string]string                // the hint of each schema of byLoc that has one (messages.go)
	fast     map[*jsonschema.Schema]*fastNode // the schema fast path, by compiled schema
	words    words                            // strings the decoder shares (decode_words.go)
	rules    map[string]spec.Rule
	impls    map[string]ruleFunc
	strict   bool
	env      Environment
	maxBody  int64
	maxDepth int
	// maxFindings is the most findings listed for one side of an
	// exchange (limit.go).
	maxFindings int
	redact      *redact.Policy // what is secret in what a finding quotes
	policy      *policy.Policy // rule control and ignores; nil for none
	// countPolicy is the policy given to New, kept by WithoutPolicy: the
	// findings past the limit are counted as it decides (limit.go).
	countPolicy *policy.Policy
	// apiVersion is the Api-Version header pattern from the spec's parameter.
	apiVersion *regexp.Regexp
	// contractVersion and knownVersions come from the spec (info.version,
	// x-wepaykit-api-versions).
	contractVersion string
	knownVersions   []string
	errorCode       spec.Field
	// findLimit is /account/find's limit default and maximum, from the spec.
	findLimit struct{ dflt, max int64 }
	// reference turns the fast paths off (schema checks and decoding), for
	// the tests that compare them with the libraries they stand in for.
	reference bool
	cov       *coverage.Collector // nil: no coverage
}

// opPlan is everything precomputed for one call.
type opPlan struct {
	op      spec.Operation
	req     *jsonschema.Schema
	resp    *jsonschema.Schema
	errBody *jsonschema.Schema
	sites   map[spec.Side][]site
}

// site is a named rule bound to a place in a body.
type site struct {
	tokens  []string // pointer tokens, "*" for any index
	pointer string   // the concrete pointer when tokens hold no "*"
	wild    bool     // whether tokens hold a "*"
	rule    spec.Rule
	impl    ruleFunc
	field   spec.Field
}

// Option configures a [Validator].
type Option func(*config) error

type config struct {
	spec     *spec.Spec
	schemas  *schema.Set
	strict   bool
	env      Environment
	maxBody  int64
	maxDepth int
	maxFind  int
	secrets  []string
	cov      *coverage.Collector
	policy   *policy.Policy
	// checkIDs: the policy's rule ids must be the validator's or alsoIDs
	// (WithCheckedPolicy).
	checkIDs bool
	alsoIDs  []string
}

// WithSecretNames adds header, parameter and member names whose values are
// secret (a partner's "X-Partner-Sig"), besides the project's deny-list of
// Authorization, Cookie, X-Api-Key, access_token, client_secret, password
// and the like: their values never appear in a finding.
func WithSecretNames(names ...string) Option {
	return func(c *config) error { c.secrets = append(c.secrets, names...); return nil }
}

// WithSpec validates against a user's spec instead of the embedded one. The
// body schemas are compiled from that spec's components (as
// schema.FromSpec does) unless [WithSchemas] gives them.
func WithSpec(s *spec.Spec) Option {
	return func(c *config) error { c.spec = s; return nil }
}

// WithSchemas validates bodies with a user's compiled schema set.
func WithSchemas(s *schema.Set) Option {
	return func(c *config) error { c.schemas = s; return nil }
}

// Strict makes unknown fields errors instead of warnings.
func Strict(on bool) Option {
	return func(c *config) error { c.strict = on; return nil }
}

// WithEnvironment fixes the environment instead of inferring it from the host.
func WithEnvironment(e Environment) Option {
	return func(c *config) error {
		switch e {
		case EnvAuto, EnvStage, EnvProduction:
			c.env = e
			return nil
		}
		return &OptionError{Option: "environment", Value: string(e)}
	}
}

// WithMaxBody sets the largest body, in bytes, that is validated; a larger one
// is reported (rule body-too-large) and not parsed.
func WithMaxBody(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return &OptionError{Option: "max body", Value: "must be positive"}
		}
		c.maxBody = n
		return nil
	}
}

// WithMaxDepth sets the deepest nesting of JSON arrays and objects accepted,
// and of the brackets of a form body's keys ("a[b][0]" nests two levels).
func WithMaxDepth(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return &OptionError{Option: "max depth", Value: "must be positive"}
		}
		c.maxDepth = n
		return nil
	}
}

// WithMaxFindings sets the most findings listed for one side of an
// exchange (its request, its answer; DefaultMaxFindings). The findings
// past it are counted, by severity, in one finding of rule
// findings-limit at the root of the side's body.
func WithMaxFindings(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return &OptionError{Option: "max findings", Value: "must be positive"}
		}
		c.maxFind = n
		return nil
	}
}

// New compiles a validator. Without options it uses the embedded spec and
// schemas, infers the environment and reports unknown fields as warnings.
func New(opts ...Option) (*Validator, error) {
	c := config{env: EnvAuto, maxBody: DefaultMaxBody, maxDepth: DefaultMaxDepth, maxFind: DefaultMaxFindings}
	for _, o := range opts {
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	var err error
	switch {
	case c.spec == nil && c.schemas == nil:
		// The embedded spec and schemas are independent: parsing the one
		// and compiling the other at once halves the start of every
		// command (about 15 ms each).
		done := make(chan error, 1)
		go func() {
			var err error
			c.schemas, err = schema.Embedded()
			done <- err
		}()
		c.spec, err = spec.Load()
		if serr := <-done; err == nil {
			err = serr
		}
	case c.spec == nil:
		c.spec, err = spec.Load()
	case c.schemas == nil:
		c.schemas, err = schema.FromSpec(c.spec.Source())
	}
	if err != nil {
		return nil, err
	}
	v := &Validator{
		spec: c.spec, states: c.spec.States(), schemas: c.schemas,
		ops: map[string]*opPlan{}, byLoc: map[string]*jsonschema.Schema{}, fast: map[*jsonschema.Schema]*fastNode{},
		rules: map[string]spec.Rule{}, impls: implementations(),
		strict: c.strict, env: c.env, maxBody: c.maxBody, maxDepth: c.maxDepth, maxFindings: c.maxFind,
		redact: redact.Default(), policy: c.policy, countPolicy: c.policy, cov: c.cov,
	}
	if len(c.secrets) > 0 {
		v.redact = redact.New(redact.Names(c.secrets...))
	}
	for _, r := range c.spec.Rules() {
		if _, ok := v.impls[r.ID]; !ok {
			return nil, &RuleError{Rule: r.ID, Msg: "the spec defines it but the validator has no implementation"}
		}
		v.rules[r.ID] = r
	}
	for _, name := range c.schemas.Names() {
		sc, _ := c.schemas.Schema(name)
		indexSchema(sc, v.byLoc)
		buildFast(sc, v.fast)
	}
	v.hints = hintsOf(v.byLoc)
	v.words = contractWords(v.fast)
	buildShapes(v.fast)
	for _, op := range c.spec.Operations() {
		if err := v.plan(op); err != nil {
			return nil, err
		}
	}
	sizeAnswers(v.answerShapes())
	if prm := c.spec.Document().Components.Parameters["ApiVersion"]; prm != nil && prm.Value != nil && prm.Value.Schema != nil && prm.Value.Schema.Value != nil && prm.Value.Schema.Value.Pattern != "" {
		if v.apiVersion, err = regexp.Compile(prm.Value.Schema.Value.Pattern); err != nil {
			return nil, &RuleError{Rule: "api-version-format", Msg: "the spec's Api-Version pattern does not compile: " + err.Error()}
		}
	}
	if c.checkIDs && c.policy != nil {
		if err := c.policy.CheckRules(append(v.RuleIDs(), c.alsoIDs...)); err != nil {
			return nil, err
		}
	}
	v.readVersions()
	v.errorCode, _ = v.errorCodeField()
	if fields, err := c.spec.Fields("/account/find", spec.Request); err == nil {
		for _, f := range fields {
			if f.Pointer != "/limit" {
				continue
			}
			if d, ok := f.Default.(float64); ok && d > 0 {
				v.findLimit.dflt = int64(d)
			}
			if f.Maximum != nil {
				v.findLimit.max = int64(*f.Maximum)
			}
		}
	}
	return v, nil
}

func (v *Validator) plan(op spec.Operation) error {
	p := &opPlan{op: op, sites: map[spec.Side][]site{}}
	var err error
	if p.req, err = v.schemas.Schema(op.RequestSchema); err != nil {
		return err
	}
	if p.resp, err = v.schemas.Schema(op.ResponseSchema); err != nil {
		return err
	}
	if p.errBody, err = v.schemas.Schema(op.ErrorSchema); err != nil {
		return err
	}
	for _, side := range []spec.Side{spec.Request, spec.Response} {
		sites, err := v.spec.RuleSites(op.Path, side)
		if err != nil {
			return err
		}
		fields, err := v.spec.Fields(op.Path, side)
		if err != nil {
			return err
		}
		byPtr := map[string]spec.Field{}
		for _, f := range fields {
			byPtr[f.Pointer] = f
		}
		for _, s := range sites {
			r, ok := v.rules[s.Rule]
			if !ok {
				return &RuleError{Rule: s.Rule, Msg: "named in " + op.Path + " but not defined"}
			}
			toks := jsonptr.Split(s.Pointer)
			p.sites[side] = append(p.sites[side], site{tokens: toks, pointer: s.Pointer, wild: slices.Contains(toks, "*"),
				rule: r, impl: v.impls[s.Rule], field: byPtr[s.Pointer]})
		}
	}
	v.ops[op.Path] = p
	return nil
}

// indexSchema records every compiled schema by its location, so errors can
// be traced back to the schema's properties and required lists.
func indexSchema(s *jsonschema.Schema, seen map[string]*jsonschema.Schema) {
	if s == nil {
		return
	}
	if _, ok := seen[s.Location]; ok {
		return
	}
	seen[s.Location] = s
	indexSchema(s.Ref, seen)
	for _, p := range s.Properties {
		indexSchema(p, seen)
	}
	for _, l := range [][]*jsonschema.Schema{s.OneOf, s.AnyOf, s.AllOf, s.PrefixItems} {
		for _, x := range l {
			indexSchema(x, seen)
		}
	}
	indexSchema(s.Items2020, seen)
	if x, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
		indexSchema(x, seen)
	}
}

// Spec returns the spec the validator checks against.
func (v *Validator) Spec() *spec.Spec { return v.spec }

// Operation finds a call by path ("/account/create"); a "/v2" prefix is
// accepted.
func (v *Validator) Operation(path string) (spec.Operation, bool) {
	p, ok := v.ops[opPath(path)]
	if !ok {
		return spec.Operation{}, false
	}
	return p.op, true
}
