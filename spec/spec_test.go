package spec_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
)

func TestLoadValidates(t *testing.T) {
	s := load(t)
	if err := s.Document().Validate(context.Background()); err != nil {
		t.Fatalf("kin-openapi Validate: %v", err)
	}
	if s.Name() != spec.EmbeddedName {
		t.Errorf("Name() = %q, want %q", s.Name(), spec.EmbeddedName)
	}
	if got := s.Document().OpenAPI; !strings.HasPrefix(got, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", got)
	}
}

func TestLoadFileMatchesEmbedded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partner.yaml")
	writeFile(t, path, spec.Embedded())
	s, err := spec.LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if s.Name() != path {
		t.Errorf("Name() = %q, want %q", s.Name(), path)
	}
	if len(s.Operations()) != len(load(t).Operations()) {
		t.Errorf("LoadFile of a copy lists %d operations", len(s.Operations()))
	}
}

func TestOperations(t *testing.T) {
	want := map[string]string{
		"/account":                     "account",
		"/account/find":                "accountFind",
		"/account/create":              "accountCreate",
		"/account/modify":              "accountModify",
		"/account/delete":              "accountDelete",
		"/account/get_update_uri":      "accountGetUpdateUri",
		"/account/get_reserve_details": "accountGetReserveDetails",
		"/account/settlement_setup":    "accountSettlementSetup",
	}
	s := load(t)
	if n := s.Document().Paths.Len(); n != len(want) {
		t.Errorf("the document has %d paths, want %d", n, len(want))
	}
	ops := s.Operations()
	if len(ops) != len(want) {
		t.Fatalf("Operations() lists %d calls, want %d", len(ops), len(want))
	}
	if !sort.SliceIsSorted(ops, func(i, j int) bool { return ops[i].Path < ops[j].Path }) {
		t.Errorf("Operations() is not sorted by path")
	}
	for _, op := range ops {
		id, ok := want[op.Path]
		if !ok {
			t.Errorf("unexpected path %s", op.Path)
			continue
		}
		if op.ID != id {
			t.Errorf("%s: operationId %q, want %q", op.Path, op.ID, id)
		}
		if got, ok := s.Operation(op.Path + "/"); !ok || got.ID != id {
			t.Errorf("Operation(%q) with a trailing slash = %v, %v", op.Path+"/", got, ok)
		}
		if wantDep := op.Path == "/account/get_reserve_details"; op.Deprecated != wantDep {
			t.Errorf("%s: Deprecated = %v, want %v", op.Path, op.Deprecated, wantDep)
		}
		// Only /account/find may be called without a body ("If both name and
		// reference_id are blank, this will return an array of all of the
		// user's accounts").
		if wantBody := op.Path != "/account/find"; op.BodyRequired != wantBody {
			t.Errorf("%s: BodyRequired = %v, want %v", op.Path, op.BodyRequired, wantBody)
		}
		if op.ErrorSchema != "Error" {
			t.Errorf("%s: ErrorSchema = %q, want Error", op.Path, op.ErrorSchema)
		}
		for _, name := range []string{op.RequestSchema, op.ResponseSchema} {
			if _, ok := s.Schema(name); !ok {
				t.Errorf("%s: schema %q is not a component", op.Path, name)
			}
		}
		post := s.Document().Paths.Value(op.Path).Post
		if post == nil || !slices.ContainsFunc(post.Parameters, func(p *openapi3.ParameterRef) bool {
			return p.Value != nil && p.Value.Name == "Api-Version" && p.Value.In == "header"
		}) {
			t.Errorf("%s: no Api-Version header parameter", op.Path)
		}
	}
	if _, ok := s.Operation("/account/nope"); ok {
		t.Errorf("Operation of an unknown path succeeded")
	}
	var nf *spec.NotFoundError
	if _, err := s.Fields("/account/nope", spec.Request); !errors.As(err, &nf) || nf.Kind != "operation" {
		t.Errorf("Fields of an unknown call: %v, want *spec.NotFoundError for an operation", err)
	}
	if _, err := s.Fields("/account", spec.Side("sideways")); !errors.As(err, &nf) {
		t.Errorf("Fields of an unknown side: %v, want *spec.NotFoundError", err)
	}
}

func TestServersAndSecurity(t *testing.T) {
	doc := load(t).Document()
	var urls []string
	for _, sv := range doc.Servers {
		urls = append(urls, sv.URL)
	}
	if want := []string{"https://wepayapi.com/v2", "https://stage.wepayapi.com/v2"}; !slices.Equal(urls, want) {
		t.Errorf("servers = %v, want %v", urls, want)
	}
	var bearer []string
	for name, ref := range doc.Components.SecuritySchemes {
		if ref.Value != nil && ref.Value.Type == "http" && strings.EqualFold(ref.Value.Scheme, "bearer") {
			bearer = append(bearer, name)
		}
	}
	if len(bearer) != 1 {
		t.Fatalf("bearer security schemes: %v, want exactly one", bearer)
	}
	found := false
	for _, req := range doc.Security {
		_, ok := req[bearer[0]]
		found = found || ok
	}
	if !found {
		t.Errorf("the top-level security does not require %s", bearer[0])
	}
}

func TestAPIVersionHeader(t *testing.T) {
	doc := load(t).Document()
	var p *openapi3.Parameter
	for _, ref := range doc.Components.Parameters {
		if ref.Value != nil && ref.Value.Name == "Api-Version" {
			p = ref.Value
		}
	}
	if p == nil {
		t.Fatal("no Api-Version parameter in components.parameters")
	}
	if p.In != "header" || p.Required {
		t.Errorf("Api-Version: in %q required %v, want an optional header", p.In, p.Required)
	}
	if p.Schema == nil || p.Schema.Value == nil || p.Schema.Value.Pattern == "" {
		t.Fatal("Api-Version has no pattern")
	}
	re, err := regexp.Compile(p.Schema.Value.Pattern)
	if err != nil {
		t.Fatalf("Api-Version pattern: %v", err)
	}
	for v, want := range map[string]bool{
		"2019-04-03": true, "2011-01-15": true, "2018-08-29": true,
		"2019-4-3": false, "2019-13-01": false, "2019-04-32": false, "20190403": false,
		"": false, "2019-04-03 ": false, "v2": false,
	} {
		if got := re.MatchString(v); got != want {
			t.Errorf("Api-Version %q: match %v, want %v", v, got, want)
		}
	}
}

func TestRulesNamedBySchemasExist(t *testing.T) {
	s := load(t)
	for _, op := range s.Operations() {
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			sites, err := s.RuleSites(op.Path, side)
			if err != nil {
				t.Fatalf("RuleSites(%s, %s): %v", op.Path, side, err)
			}
			for _, site := range sites {
				if _, ok := s.Rule(site.Rule); !ok {
					t.Errorf("%s %s %q names undefined rule %s", op.Path, side, site.Pointer, site.Rule)
				}
			}
		}
	}
	for name, ref := range s.Document().Components.Schemas {
		forEachSchema(ref, func(sc *openapi3.Schema) {
			for _, id := range ruleIDs(sc) {
				if _, ok := s.Rule(id); !ok {
					t.Errorf("components.schemas.%s names undefined rule %s", name, id)
				}
			}
		})
	}
}

func TestEveryRuleHasACitation(t *testing.T) {
	rules := load(t).Rules()
	if len(rules) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range rules {
		if len(r.Cite) == 0 {
			t.Errorf("rule %s cites nothing", r.ID)
		}
		for _, c := range r.Cite {
			if strings.TrimSpace(c.Source) == "" || strings.TrimSpace(c.Text) == "" {
				t.Errorf("rule %s has a citation without source or text: %+v", r.ID, c)
			}
		}
		if r.Summary == "" {
			t.Errorf("rule %s has no summary", r.ID)
		}
	}
}

// fixtureOnlyQuirks are quirks of the reference's examples (or of a whole
// call) that no field carries, with where each shows instead.
var fixtureOnlyQuirks = map[string]func(t *testing.T, s *spec.Spec){
	// A transport quirk: no field carries it; its rule does.
	"get-without-body": func(t *testing.T, s *spec.Spec) {
		if r, ok := s.Rule("method-get-without-body"); !ok || r.Severity != "warning" {
			t.Errorf("rule method-get-without-body is missing or not a warning: %+v", r)
		}
	},
	"settlement-method-wrapped": func(t *testing.T, s *spec.Spec) {
		f, err := fixtures.Get("structure.settlement_method")
		if err != nil || !f.HasQuirk("settlement-method-wrapped") || f.Pointer != "/settlement_method" {
			t.Errorf("fixture structure.settlement_method does not record settlement-method-wrapped at /settlement_method: %+v %v", f, err)
		}
	},
	"unlisted-support-phone-number": func(t *testing.T, s *spec.Spec) {
		f, err := fixtures.Get("create.response")
		if err != nil || !f.HasQuirk("unlisted-support-phone-number") {
			t.Errorf("fixture create.response does not record unlisted-support-phone-number: %v", err)
		}
		if _, ok := s.Schema("Account"); ok {
			sc, _ := s.Schema("Account")
			if _, listed := sc.Properties["support_phone_number"]; listed {
				t.Errorf("Account lists support_phone_number, which the quirk says is not added")
			}
		}
	},
	// The fixtures record this one as "deprecated-endpoint"; the spec shows
	// it as the call's deprecated flag.
	"get-reserve-details-deprecated": func(t *testing.T, s *spec.Spec) {
		op, ok := s.Operation("/account/get_reserve_details")
		if !ok || !op.Deprecated {
			t.Errorf("/account/get_reserve_details is not marked deprecated")
		}
	},
}

func TestEveryQuirkIsUsed(t *testing.T) {
	s := load(t)
	onFields := map[string][]string{}
	for name, ref := range s.Document().Components.Schemas {
		forEachSchema(ref, func(sc *openapi3.Schema) {
			if q, ok := sc.Extensions[spec.ExtQuirk].(string); ok {
				onFields[q] = append(onFields[q], name)
			}
		})
	}
	listed := map[string]bool{}
	for _, q := range s.Quirks() {
		listed[q.ID] = true
		if q.Found == "" || q.Handling == "" {
			t.Errorf("quirk %s lacks found or handling", q.ID)
		}
		check, fixtureOnly := fixtureOnlyQuirks[q.ID]
		switch {
		case fixtureOnly && len(onFields[q.ID]) > 0:
			t.Errorf("quirk %s is listed as fixture-only but fields carry it (%v): update fixtureOnlyQuirks", q.ID, onFields[q.ID])
		case fixtureOnly:
			t.Run(q.ID, func(t *testing.T) { check(t, s) })
		case len(onFields[q.ID]) == 0:
			t.Errorf("quirk %s is referenced by no field and is not documented as fixture-only", q.ID)
		}
	}
	for id := range fixtureOnlyQuirks {
		if !listed[id] {
			t.Errorf("fixture-only quirk %s is not in x-wepaykit-quirks", id)
		}
	}
}

func TestParseRejectsUndefinedRule(t *testing.T) {
	data := spec.Embedded()
	old := []byte("x-wepaykit-rules: [account-name-no-wepay, account-name-printable]")
	if !bytes.Contains(data, old) {
		t.Fatalf("the embedded spec no longer contains %q", old)
	}
	bad := bytes.Replace(data, old, []byte("x-wepaykit-rules: [no-such-rule, account-name-printable]"), 1)
	_, err := spec.Parse(bad, "bad.yaml")
	var se *spec.SpecError
	if !errors.As(err, &se) {
		t.Fatalf("Parse with an undefined rule: %v (%T), want *spec.SpecError", err, err)
	}
	if !strings.Contains(se.Msg, "no-such-rule") || !strings.HasPrefix(se.Where, "components.schemas.") || se.File != "bad.yaml" {
		t.Errorf("SpecError = %+v, want the undefined rule named in components.schemas of bad.yaml", se)
	}
}

func TestParseRejectsUndefinedQuirk(t *testing.T) {
	data := spec.Embedded()
	old := []byte("x-wepaykit-quirk: region-length")
	if !bytes.Contains(data, old) {
		t.Fatalf("the embedded spec no longer contains %q", old)
	}
	_, err := spec.Parse(bytes.Replace(data, old, []byte("x-wepaykit-quirk: no-such-quirk"), 1), "bad.yaml")
	var se *spec.SpecError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "no-such-quirk") {
		t.Fatalf("Parse with an undefined quirk: %v, want *spec.SpecError naming it", err)
	}
}

func TestParseRejectsDuplicateRule(t *testing.T) {
	data := spec.Embedded()
	old := []byte("x-wepaykit-rules:\n  - id: account-name-no-wepay\n")
	if !bytes.Contains(data, old) {
		t.Fatalf("the embedded spec no longer contains %q", old)
	}
	dup := []byte("x-wepaykit-rules:\n" +
		"  - id: account-name-no-wepay\n" +
		"    severity: error\n" +
		"    where: field\n" +
		"    summary: a second definition\n" +
		"    cite: [{source: test, text: test}]\n" +
		"  - id: account-name-no-wepay\n")
	_, err := spec.Parse(bytes.Replace(data, old, dup, 1), "dup.yaml")
	var se *spec.SpecError
	if !errors.As(err, &se) {
		t.Fatalf("Parse with a duplicate rule: %v (%T), want *spec.SpecError", err, err)
	}
	if !strings.Contains(se.Where, "account-name-no-wepay") || !strings.Contains(se.Msg, "twice") {
		t.Errorf("SpecError = %+v, want the duplicate named", se)
	}
}

func TestParseRejectsBadDocuments(t *testing.T) {
	cases := map[string]string{
		"empty":           "",
		"whitespace":      "  \n\n",
		"garbage":         "\x00\xff\xfe not: [yaml",
		"json garbage":    "{\"openapi\": ",
		"a list":          "- a\n- b\n",
		"null":            "null",
		"empty object":    "{}",
		"no info":         "openapi: 3.1.0\n",
		"no paths":        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
		"no operations":   "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
		"a GET":           "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
		"no state table":  strings.Replace(string(spec.Embedded()), "x-wepaykit-account-states:", "x-not-the-states:", 1),
		"external $ref":   "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody: {$ref: 'other.yaml#/x'}\n      responses: {'200': {description: ok}}\n",
		"bad rule fields": strings.Replace(string(spec.Embedded()), "    severity: warning\n", "    severity: fatal\n", 1),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := parseNoPanic(t, []byte(in))
			if err == nil {
				t.Fatalf("Parse succeeded: %v", s.Operations())
			}
			var le *spec.LoadError
			var se *spec.SpecError
			if !errors.As(err, &le) && !errors.As(err, &se) {
				t.Errorf("Parse: %v (%T), want *spec.LoadError or *spec.SpecError", err, err)
			}
			if !strings.Contains(err.Error(), "case.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := spec.LoadFile(path)
	var le *spec.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("LoadFile of a missing file: %v (%T), want *spec.LoadError", err, err)
	}
	if le.File != path || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadError = %+v, want File %q wrapping fs.ErrNotExist", le, path)
	}
}

func TestEmbeddedIsACopy(t *testing.T) {
	a := spec.Embedded()
	if len(a) == 0 {
		t.Fatal("Embedded() is empty")
	}
	a[0] ^= 0xff
	if b := spec.Embedded(); b[0] == a[0] {
		t.Errorf("Embedded() returns shared memory")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(spec.Embedded())
	for _, seed := range []string{
		"",
		"{}",
		"openapi: 3.1.0\n",
		"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
		"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n      responses: {'200': {description: ok}}\ncomponents: {schemas: {A: {type: object}}}\n",
		"a: &x [1, 2]\nb: *x\n",
		"x-wepaykit-rules: [{id: a}]\n",
		"x-wepaykit-account-states: {states: []}\n",
		"- 1\n- 2\n",
		"\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := spec.Parse(data, "fuzz.yaml")
		if err != nil {
			var le *spec.LoadError
			var se *spec.SpecError
			if !errors.As(err, &le) && !errors.As(err, &se) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		// A document that parses must be usable without panics.
		for _, op := range s.Operations() {
			for _, side := range []spec.Side{spec.Request, spec.Response} {
				_, _ = s.Fields(op.Path, side)
				_, _ = s.RuleSites(op.Path, side)
			}
		}
		st := s.States()
		for _, name := range st.Names() {
			st.Allowed(name, name)
			st.Violations(map[string]any{"state": name})
		}
		_ = s.Rules()
		_ = s.Quirks()
	})
}

// parseNoPanic parses a document and turns a panic into a test failure.
func parseNoPanic(t *testing.T, data []byte) (s *spec.Spec, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Parse panicked: %v", r)
		}
	}()
	return spec.Parse(data, "case.yaml")
}

// forEachSchema calls fn for every schema reachable from r, entering each
// component once.
func forEachSchema(r *openapi3.SchemaRef, fn func(*openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		seen[r.Value] = true
		sc := r.Value
		fn(sc)
		for _, list := range [][]*openapi3.SchemaRef{sc.OneOf, sc.AnyOf, sc.AllOf} {
			for _, m := range list {
				walk(m)
			}
		}
		for _, p := range sc.Properties {
			walk(p)
		}
		walk(sc.Items)
		walk(sc.Not)
	}
	walk(r)
}

func ruleIDs(sc *openapi3.Schema) []string {
	raw, _ := sc.Extensions[spec.ExtRules].([]any)
	var out []string
	for _, r := range raw {
		if id, ok := r.(string); ok {
			out = append(out, id)
		}
	}
	return out
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFieldsSurviveSelfReferencingOneOf: a user's spec whose schema is a
// oneOf containing itself must not recurse forever.
func TestFieldsSurviveSelfReferencingOneOf(t *testing.T) {
	data := bytes.Replace(spec.Embedded(), []byte(`    AccountDeleteRequest:
      title: /account/delete request`), []byte(`    Loop:
      oneOf:
        - $ref: "#/components/schemas/Loop"
        - type: "null"
    AccountDeleteRequest:
      title: /account/delete request`), 1)
	data = bytes.Replace(data, []byte(`        reason:
          description: Why the account is deleted.`), []byte(`        loop:
          $ref: "#/components/schemas/Loop"
        reason:
          description: Why the account is deleted.`), 1)
	s, err := spec.Parse(data, "loop.yaml")
	if err != nil {
		t.Fatalf("the looping spec should still load: %v", err)
	}
	fields, err := s.Fields("/account/delete", spec.Request)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fields {
		found = found || f.Pointer == "/loop"
	}
	if !found {
		t.Fatalf("the looping field is missing: %+v", fields)
	}
}
