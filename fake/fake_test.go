package fake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

var sides = []spec.Side{spec.Request, spec.Response}

// shared builds the contract once for every test; a Contract is safe for
// concurrent use.
var shared = sync.OnceValues(func() (*fake.Contract, error) {
	sp, err := spec.Load()
	if err != nil {
		return nil, err
	}
	return fake.NewContract(sp)
})

func contract(t testing.TB) *fake.Contract {
	t.Helper()
	c, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestValidBodies: for every call and side and seeds 1..500, the body
// passes its JSON Schema, breaks no state invariant and keeps the named
// rules.
func TestValidBodies(t *testing.T) {
	c := contract(t)
	sch := schemaChecks(t)
	seeds := 500
	if testing.Short() {
		seeds = 50
	}
	for _, op := range c.Operations() {
		for _, side := range sides {
			t.Run(strings.TrimPrefix(op.Path, "/")+"/"+string(side), func(t *testing.T) {
				t.Parallel()
				for seed := int64(1); seed <= int64(seeds); seed++ {
					g := c.Generator(seed)
					p, err := g.Body(op.Path, side)
					if err != nil {
						t.Fatalf("seed %d: %v", seed, err)
					}
					if f := sch.check(op.Path, side, p.JSON); len(f) > 0 {
						t.Fatalf("seed %d: schema findings %v in %s", seed, f, p.JSON)
					}
					checkPayload(t, c.Spec(), op.Path, side, p)
				}
			})
		}
	}
}

// checkPayload checks what the JSON Schema cannot: Value matches JSON, the
// state invariants and the named rules hold and values look real.
func checkPayload(t *testing.T, sp *spec.Spec, op string, side spec.Side, p fake.Payload) {
	t.Helper()
	var decoded any
	if err := json.Unmarshal(p.JSON, &decoded); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(decoded, p.Value) {
		t.Fatalf("Value differs from the decoded JSON: %s", p.JSON)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s %s: "+format+"\n%s", append(append([]any{op, side}, args...), p.JSON)...)
	}
	for _, a := range accountsOf(op, side, p.Value) {
		if v := sp.States().Violations(a); len(v) > 0 {
			fail("state violations %+v", v)
		}
		checkAccount(fail, a)
	}
	if list, ok := p.Value.([]any); ok {
		for i := 1; i < len(list); i++ {
			if ct(list[i-1]) < ct(list[i]) {
				fail("find answer not newest first")
			}
		}
	}
	walkJSON(p.Value, "", func(ptr string, v any) {
		name := ptr[strings.LastIndexByte(ptr, '/')+1:]
		switch x := v.(type) {
		case float64:
			if strings.HasSuffix(name, "_id") && (x <= 0 || x >= 1<<53 || x != math.Trunc(x)) {
				fail("%s: id %v", ptr, x)
			}
			if strings.HasSuffix(name, "_time") || name == "time" {
				if x < float64(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) || x >= float64(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) {
					fail("%s: time %v outside 2015..2025", ptr, x)
				}
			}
		case string:
			if strings.HasSuffix(name, "_uri") || name == "uri" || name == "url" {
				if !strings.HasPrefix(x, "https://") {
					fail("%s: %q is not https", ptr, x)
				}
				host := strings.TrimPrefix(x, "https://")
				host = host[:strings.IndexAny(host+"/", "/?")]
				if strings.ContainsAny(host, ":_") {
					fail("%s: host %q has a port or an underscore", ptr, host)
				}
			}
			if accountName.MatchString(ptr) || strings.HasSuffix(ptr, "/properties/business_name") {
				checkName(fail, ptr, x)
			}
			if strings.HasSuffix(name, "_color") && len(x) != 6 {
				fail("%s: colour %q", ptr, x)
			}
		}
	})
	obj, _ := p.Value.(map[string]any)
	switch {
	case op == "/account/delete" && side == spec.Response:
		if obj["state"] != "deleted" {
			fail("delete answered state %v", obj["state"])
		}
	case op == "/account/settlement_setup":
		check := obj["method"] == "check"
		if sm, ok := obj["settlement_method"].(map[string]any); ok {
			_, check = sm["send_check_to_address"]
		}
		if check && obj["frequency"] == "daily" {
			fail("daily payouts by check")
		}
	case op == "/account/create" && side == spec.Request:
		country, _ := obj["country"].(string)
		if country == "" {
			country = "US"
		}
		if cur, ok := obj["currencies"].([]any); ok && cur[0] != map[string]string{"US": "USD", "CA": "CAD"}[country] {
			fail("currency %v for %s", cur, country)
		}
		if _, ok := obj["country_options"]; ok && country != "CA" {
			fail("country_options for %s", country)
		}
	}
}

func checkName(fail func(string, ...any), ptr, s string) {
	if s == "" || strings.Contains(strings.ToLower(s), "wepay") {
		fail("%s: name %q", ptr, s)
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			fail("%s: name %q has a non-printable character", ptr, s)
		}
	}
}

// checkAccount checks an account's country, currency and payouts.
func checkAccount(fail func(string, ...any), a map[string]any) {
	country := a["country"].(string)
	cur := map[string]string{"US": "USD", "CA": "CAD"}[country]
	if c := a["currencies"].([]any); len(c) != 1 || c[0] != cur {
		fail("currencies %v for %s", c, country)
	}
	debit := a["country_options"].(map[string]any)["debit_opt_in"]
	if (country == "US") != (debit == nil) {
		fail("debit_opt_in %v for %s", debit, country)
	}
	state := a["state"].(string)
	if n := len(a["action_reasons"].([]any)); (n > 0) != (state == "action_required") {
		fail("%d action reasons in state %s", n, state)
	}
	if n := len(a["disabled_reasons"].([]any)); (n > 0) != (state == "disabled") {
		fail("%d disabled reasons in state %s", n, state)
	}
	if state == "disabled" && a["disablement_time"] == nil {
		fail("disabled without disablement_time")
	}
	for _, b := range a["balances"].([]any) {
		b := b.(map[string]any)
		if b["currency"] != cur {
			fail("balance in %v", b["currency"])
		}
		period, _ := b["withdrawal_period"].(string)
		if period == "" {
			for _, k := range []string{"withdrawal_type", "withdrawal_next_time", "withdrawal_bank_name"} {
				if b[k] != nil {
					fail("%s set without withdrawals", k)
				}
			}
			continue
		}
		if b["withdrawal_type"] == "check" && period == "daily" {
			fail("daily payouts by check")
		}
		next := time.Unix(int64(b["withdrawal_next_time"].(float64)), 0).UTC()
		if next.Hour()+next.Minute()+next.Second() != 0 ||
			period == "weekly" && next.Weekday() != time.Monday ||
			period == "monthly" && next.Day() != 1 {
			fail("%s payout at %v", period, next)
		}
		if next.Unix() <= int64(a["create_time"].(float64)) {
			fail("payout before creation")
		}
	}
}

func accountsOf(op string, side spec.Side, v any) []map[string]any {
	if side != spec.Response {
		return nil
	}
	var list []any
	switch op {
	case "/account", "/account/create", "/account/modify":
		list = []any{v}
	case "/account/find":
		list, _ = v.([]any)
	}
	var out []map[string]any
	for _, a := range list {
		if m, ok := a.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func ct(v any) float64 { return v.(map[string]any)["create_time"].(float64) }

func walkJSON(v any, ptr string, fn func(string, any)) {
	if ptr != "" {
		fn(ptr, v)
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walkJSON(e, ptr+"/"+k, fn)
		}
	case []any:
		for i, e := range x {
			walkJSON(e, ptr+"/"+itoa(i), fn)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// accountName matches the pointer of an account's name in any body.
var accountName = regexp.MustCompile(`^(/[0-9]+)?/name$`)

func TestDeterministic(t *testing.T) {
	c := contract(t)
	for _, op := range c.Operations() {
		for _, side := range sides {
			a, _ := c.Generator(99).Bodies(op.Path, side, 5)
			b, _ := c.Generator(99).Bodies(op.Path, side, 5)
			d, _ := c.Generator(100).Bodies(op.Path, side, 5)
			same, differ := true, false
			for i := range a {
				same = same && bytes.Equal(a[i].JSON, b[i].JSON)
				differ = differ || !bytes.Equal(a[i].JSON, d[i].JSON)
			}
			if !same {
				t.Errorf("%s %s: the same seed gave different bodies", op.Path, side)
			}
			if !differ {
				t.Errorf("%s %s: seeds 99 and 100 gave the same bodies", op.Path, side)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	c := contract(t)
	sp := c.Spec()
	for _, state := range sp.States().Names() {
		for _, country := range []string{"US", "CA"} {
			for seed := int64(1); seed <= 20; seed++ {
				g := c.Generator(seed)
				p, err := g.Body("/account", spec.Response, fake.WithState(state), fake.WithCountry(country),
					fake.WithType("nonprofit"), fake.WithBalance(12.5))
				if state == "deleted" {
					if !isOptionError(err) {
						t.Fatalf("deleted with a balance: err %v", err)
					}
					p, err = g.Body("/account", spec.Response, fake.WithState(state), fake.WithCountry(country), fake.WithType("nonprofit"))
				}
				if err != nil {
					t.Fatal(err)
				}
				a := p.Value.(map[string]any)
				if a["state"] != state || a["country"] != country || a["type"] != "nonprofit" {
					t.Fatalf("options not applied: %s", p.JSON)
				}
				bal := a["balances"].([]any)[0].(map[string]any)["balance"]
				if want := map[bool]float64{true: 0, false: 12.5}[state == "deleted"]; bal != want {
					t.Fatalf("balance %v, want %v", bal, want)
				}
				if v := sp.States().Violations(a); len(v) > 0 {
					t.Fatalf("%s: violations %+v", state, v)
				}
				if a["country_options"].(map[string]any)["debit_opt_in"] == nil != (country == "US") {
					t.Fatalf("debit_opt_in for %s: %s", country, p.JSON)
				}
			}
		}
	}
	g := c.Generator(1)
	for _, o := range []fake.BodyOption{fake.WithState("frozen"), fake.WithCountry("MX"), fake.WithType("government"), fake.WithBalance(math.NaN())} {
		if _, err := g.Body("/account", spec.Response, o); !isOptionError(err) {
			t.Errorf("bad option: err %v", err)
		}
	}
	if _, err := g.Body("/account/find", spec.Response, fake.WithState("deleted")); !isOptionError(err) {
		t.Errorf("find with deleted accounts: err %v", err)
	}
	p, err := g.Body("/account/create", spec.Request, fake.WithCountry("CA"), fake.WithRequiredOnly())
	if err != nil || p.Value.(map[string]any)["country"] != "CA" || p.Value.(map[string]any)["currencies"].([]any)[0] != "CAD" {
		t.Errorf("create request for CA: %s %v", p.JSON, err)
	}
	var uo *fake.UnknownOperationError
	if _, err := g.Body("/account/frobnicate", spec.Request); !errors.As(err, &uo) {
		t.Errorf("unknown call: err %v", err)
	}
	if _, err := g.Body("/account", "error"); !errors.As(err, &uo) || uo.Side != "error" {
		t.Errorf("unknown side: err %v", err)
	}
	if _, err := fake.New(1, fake.WithOptionalRate(2)); !isOptionError(err) {
		t.Errorf("rate 2: err %v", err)
	}
}

func isOptionError(err error) bool {
	var oe *fake.OptionError
	return errors.As(err, &oe)
}

func TestRequiredOnlyAndAllFields(t *testing.T) {
	c := contract(t)
	sch := schemaChecks(t)
	for _, op := range c.Operations() {
		for _, side := range sides {
			for seed := int64(1); seed <= 20; seed++ {
				for _, o := range []fake.BodyOption{fake.WithRequiredOnly(), fake.WithAllFields()} {
					p, err := c.Generator(seed).Body(op.Path, side, o)
					if err != nil {
						t.Fatal(err)
					}
					if f := sch.check(op.Path, side, p.JSON); len(f) > 0 {
						t.Fatalf("%s %s: %v in %s", op.Path, side, f, p.JSON)
					}
					checkPayload(t, c.Spec(), op.Path, side, p)
				}
			}
		}
	}
}

func TestWriteJSONLines(t *testing.T) {
	g, err := fake.New(5)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteJSONLines(&buf, "/account/find", spec.Response, 7); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not JSON: %s", l)
		}
	}
}
