package fake_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

// TestInvalidVariants: every variant has exactly one defect. A variant the
// checker can see must be reported with its Want, and every finding must
// sit at or around Want's pointer; a variant it cannot see (a named rule,
// with the schema-only checker) must pass it, so the rest of the body is
// valid. Variants keep the state invariants unless they break one on
// purpose.
func TestInvalidVariants(t *testing.T) {
	c := contract(t)
	testVariants(t, c, schemaChecks(t), []int64{1, 2, 3, 17})
}

func testVariants(t *testing.T, c *fake.Contract, ch checks, seeds []int64) {
	sp := c.Spec()
	for _, op := range c.Operations() {
		for _, side := range sides {
			t.Run(strings.TrimPrefix(op.Path, "/")+"/"+string(side), func(t *testing.T) {
				t.Parallel()
				testOpVariants(t, c, sp, ch, op.Path, side, seeds)
			})
		}
	}
}

func testOpVariants(t *testing.T, c *fake.Contract, sp *spec.Spec, ch checks, op string, side spec.Side, seeds []int64) {
	states := sp.States()
	for _, seed := range seeds {
		vs, err := c.Generator(seed).Invalid(op, side)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) == 0 {
			t.Fatalf("%s %s: no variants", op, side)
		}
		if !sort.SliceIsSorted(vs, func(i, j int) bool { return vs[i].Name < vs[j].Name }) {
			t.Errorf("%s %s: variants not sorted by name", op, side)
		}
		for i, v := range vs {
			if i > 0 && vs[i-1].Name == v.Name {
				t.Errorf("%s %s: duplicate %s", op, side, v.Name)
			}
			checkVariant(t, sp, states, ch, op, side, v)
		}
	}
}

func checkVariant(t *testing.T, sp *spec.Spec, states *spec.StateTable, ch checks, op string, side spec.Side, v fake.Variant) {
	t.Helper()
	got := ch.check(op, side, v.Payload.JSON)
	where := op + " " + string(side) + " " + v.Name
	body := string(v.Payload.JSON)
	if len(body) > 400 {
		body = body[:400] + "..."
	}
	want := v.Want
	if want.Severity == "" || want.Rule == "" {
		t.Fatalf("%s: incomplete Want %+v", where, want)
	}
	if ch.canSee(want.Rule) {
		found := false
		for _, f := range got {
			found = found || f.Rule == want.Rule && f.Pointer == want.Pointer
			if !related(f.Pointer, want.Pointer) {
				t.Errorf("%s: unrelated finding %+v (a second defect?) in %s", where, f, body)
			}
		}
		if !found {
			t.Errorf("%s: want %+v, got %+v in %s", where, want, got, body)
		}
	} else if len(got) > 0 {
		t.Errorf("%s: the rest of the body is not valid: %+v in %s", where, got, body)
	}
	var broken []spec.Violation
	for _, a := range accountsOf(op, side, v.Payload.Value) {
		broken = append(broken, states.Violations(a)...)
	}
	if want.Rule == "account-state-invariants" {
		if len(broken) != 1 || !strings.HasSuffix(want.Pointer, broken[0].Pointer) {
			t.Errorf("%s: want one violation at %s, got %+v", where, want.Pointer, broken)
		}
	} else if len(broken) > 0 {
		t.Errorf("%s: state violations %+v", where, broken)
	}
	if r, ok := sp.Rule(want.Rule); ok {
		if want.Severity != r.Severity || (want.Env == "production") != (r.Environment == "production") {
			t.Errorf("%s: Want %+v disagrees with rule %+v", where, want, r)
		}
	}
}

// TestInvalidCoverage: every field that carries a constraint gets its
// defect, and every named rule a body can break on its own has a variant.
func TestInvalidCoverage(t *testing.T) {
	c := contract(t)
	sp := c.Spec()
	for _, op := range c.Operations() {
		for _, side := range sides {
			vs, err := c.Generator(1).Invalid(op.Path, side)
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, v := range vs {
				have[v.Want.Rule+" "+pattern(v.Want.Pointer)] = true
				have[v.Want.Rule] = true
			}
			fields, err := sp.Fields(op.Path, side)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				need := []string{"schema.type"}
				if f.MaxLength != nil && len(f.Enum) == 0 && f.Pattern == "" {
					need = append(need, "schema.maxLength")
				}
				if len(f.Enum) > 0 {
					need = append(need, "schema.enum")
				}
				if f.Pattern != "" {
					need = append(need, "schema.pattern")
				}
				if f.Minimum != nil {
					need = append(need, "schema.minimum")
				}
				if f.Maximum != nil {
					need = append(need, "schema.maximum")
				}
				if f.MaxItems != nil {
					need = append(need, "schema.maxItems")
				}
				if f.Required && !strings.HasPrefix(f.Pointer, "/settlement_method/") {
					need = append(need, "schema.required")
				}
				if f.Format == "uri" {
					need = append(need, "schema.format")
				}
				if f.Pointer == "/settlement_method" {
					need = append(need, "schema.oneOf")
				}
				for _, r := range need {
					key := r + " " + f.Pointer
					if !have[key] {
						t.Errorf("%s %s: no %s variant", op.Path, side, key)
					}
				}
			}
			sites, err := sp.RuleSites(op.Path, side)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sites {
				r, _ := sp.Rule(s.Rule)
				if r.Where == "exchange" {
					continue // needs the request too
				}
				if s.Rule == spec.RuleCountryOptionsCanadaOnly && op.Path == spec.OpModify {
					continue // names no country: needs its answer or an earlier one (quirk modify-country-options-country)
				}
				if !have[s.Rule] {
					t.Errorf("%s %s: no variant breaks %s", op.Path, side, s.Rule)
				}
			}
			if !have["unknown-field"] {
				t.Errorf("%s %s: no unknown member", op.Path, side)
			}
		}
	}
}

// pattern turns a concrete pointer into a spec.Field pointer pattern.
func pattern(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, tok := range toks {
		if tok != "" && strings.Trim(tok, "0123456789") == "" {
			toks[i] = "*"
		}
	}
	return strings.Join(toks, "/")
}

func TestInvalidDeterministic(t *testing.T) {
	c := contract(t)
	a, err := c.Generator(8).Invalid("/account/modify", spec.Request)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Generator(8).Invalid("/account/modify", spec.Request)
	if len(a) != len(b) {
		t.Fatalf("%d and %d variants", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Payload.JSON, b[i].Payload.JSON) {
			t.Fatalf("variant %d differs: %s / %s", i, a[i].Name, b[i].Name)
		}
	}
}

// TestNamedRuleVariants pins the values the brief names.
func TestNamedRuleVariants(t *testing.T) {
	c := contract(t)
	find := func(op string, side spec.Side, name string) fake.Variant {
		vs, err := c.Generator(1).Invalid(op, side)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Name == name {
				return v
			}
		}
		t.Fatalf("%s %s: no variant %q", op, side, name)
		return fake.Variant{}
	}
	obj := func(v fake.Variant) map[string]any { return v.Payload.Value.(map[string]any) }
	if v := find("/account/create", spec.Request, "account-name-no-wepay /name"); obj(v)["name"] != "My WePay shop" {
		t.Errorf("no-wepay: %s", v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "account-name-printable /name control"); !strings.Contains(obj(v)["name"].(string), "\u0007") {
		t.Errorf("printable: %s", v.Payload.JSON)
	}
	if v := find("/account/modify", spec.Request, "account-name-printable /name emoji"); !strings.Contains(obj(v)["name"].(string), "\U0001F680") {
		t.Errorf("emoji: %s", v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "currency-matches-country /currencies/0"); obj(v)["country"] != "CA" || obj(v)["currencies"].([]any)[0] != "USD" {
		t.Errorf("currency: %s", v.Payload.JSON)
	}
	if v := find("/account/settlement_setup", spec.Request, "settlement-check-not-daily /frequency"); obj(v)["frequency"] != "daily" {
		t.Errorf("check daily: %s", v.Payload.JSON)
	}
	if v := find("/account/get_update_uri", spec.Request, "redirect-uri-no-underscore-subdomain /redirect_uri"); obj(v)["redirect_uri"] != "https://my_shop.example.com/done" {
		t.Errorf("underscore: %s", v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "callback-uri-no-port-in-production /callback_uri"); v.Want.Env != "production" || !strings.Contains(obj(v)["callback_uri"].(string), ":8443/") {
		t.Errorf("port: %+v %s", v.Want, v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "country-options-canada-only /country_options"); v.Want.Severity != "warning" || obj(v)["country"] != "US" {
		t.Errorf("canada only: %+v %s", v.Want, v.Payload.JSON)
	}
	if v := find("/account/settlement_setup", spec.Request, "schema.oneOf /settlement_method both"); len(obj(v)["settlement_method"].(map[string]any)) != 2 {
		t.Errorf("both: %s", v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "schema.maxLength /name"); strings.Contains(strings.ToLower(obj(v)["name"].(string)), "wepay") || len(obj(v)["name"].(string)) != 256 {
		t.Errorf("long name: %s", v.Payload.JSON)
	}
	if v := find("/account/create", spec.Request, "schema.enum /country"); obj(v)["currencies"] != nil || obj(v)["country_options"] != nil {
		t.Errorf("a bad country keeps members that depend on it: %s", v.Payload.JSON)
	}
}
