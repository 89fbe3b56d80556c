package spec_test

// THE FIELD TABLE TEST.
//
// The table (fields_table_test.go) is typed by hand from the argument and response tables of
// WePay's v2 /account reference ("The /account API calls", v2 2019-04-03) and,
// for the structures that reference names but does not spell out (balances,
// statuses, International phone number, themes, rbits, the KYC name, phone,
// address and date), from the project's notes of other public WePay material
// (rows marked fromFacts). It is NOT generated from the spec: it is the second,
// independent description the spec is checked against.
//
// Every row gives the JSON pointer as spec.Fields reports it, the JSON type the
// table's type maps to (Integer (64 bits) -> integer, String (N chars) ->
// string with maxLength N, Decimal -> number, Array, Object or a structure ->
// array/object, Boolean, enum -> string), the "Possible values", the Required
// column (requests) or the spec's required list (responses, whose tables have
// no Required column), the "Default:", and whether the reference shows null.
//
// Where the spec deliberately departs from a table, the row keeps the table's
// value and names the quirk (x-wepaykit-quirks in openapi.yaml) together with
// the value the spec uses instead. A departure without a matching quirk on the
// spec field fails.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

const (
	srcRef   = "reference" // a table of the /account reference
	srcFacts = "facts"     // a structure the reference names but does not spell out
)

// departure is what the spec uses instead of the table's value, under a quirk.
type departure struct {
	id    string
	types []string // nil: the table's type
	max   *uint64  // nil: the table's maxLength
	enum  []string // nil: the table's Possible values
}

// row is one documented field.
type row struct {
	ptr      string
	typ      string   // JSON type of the table's type
	max      uint64   // "(N chars)"; 0 when the table gives none
	enum     []string // "Possible values"
	req      bool
	hasDef   bool
	def      any // "Default:"; nil with hasDef means "Default: null"
	null     bool
	src      string
	dep      *departure // the quirk the field is subject to, with the spec's values
	ref      string     // structure (component) name, when checked
	rule     string     // a named rule the field must carry
	maxItems *uint64    // "Only one currency", "up to the next 10"
	maximum  *float64   // "The maximum allowed is 50"
}

func field(p, typ string) row { return row{ptr: p, typ: typ, src: srcRef} }

func str(p string, max uint64) row { r := field(p, "string"); r.max = max; return r }
func integer(p string) row         { return field(p, "integer") }
func number(p string) row          { return field(p, "number") }
func boolean(p string) row         { return field(p, "boolean") }
func array(p string) row           { return field(p, "array") }
func object(p string) row          { return field(p, "object") }

// structure is a field whose type is a named structure (a component schema).
func structure(p, name string) row { r := object(p); r.ref = name; return r }

func (r row) required() row            { r.req = true; return r }
func (r row) values(v ...string) row   { r.enum = v; return r }
func (r row) dflt(v any) row           { r.hasDef, r.def = true, v; return r }
func (r row) dfltNull() row            { r.hasDef, r.def, r.null = true, nil, true; return r }
func (r row) nullable() row            { r.null = true; return r }
func (r row) fromFacts() row           { r.src = srcFacts; return r }
func (r row) governedBy(id string) row { r.rule = id; return r }
func (r row) atMostItems(n uint64) row { r.maxItems = &n; return r }
func (r row) atMost(x float64) row     { r.maximum = &x; return r }

// quirk names the quirk a field is subject to; with no departures the spec
// keeps the table's values and only carries the id.
func (r row) quirk(id string, ds ...func(*departure)) row {
	d := &departure{id: id}
	for _, f := range ds {
		f(d)
	}
	r.dep = d
	return r
}

func specTypes(t ...string) func(*departure) { return func(d *departure) { d.types = t } }
func specMax(n uint64) func(*departure)      { return func(d *departure) { d.max = &n } }
func specEnum(v ...string) func(*departure)  { return func(d *departure) { d.enum = v } }

// under prefixes the pointers of a structure's rows.
func under(p string, rows ...[]row) []row {
	var out []row
	for _, rs := range rows {
		for _, r := range rs {
			r.ptr = p + r.ptr
			out = append(out, r)
		}
	}
	return out
}

func join(parts ...[]row) []row { return under("", parts...) }

// mismatch is one difference between a row and the spec's field.
type mismatch struct {
	attr string // "type", "maxLength", "enum", "required", "default", "nullable", "quirk", ...
	msg  string
}

// problem is one way the spec differs from the reference tables; id is
// "op side pointer attribute" (the key of knownSpecMismatches).
type problem struct {
	id  string
	msg string
}

// tableStats counts what the table covers.
type tableStats struct {
	total    int
	bySource map[string]int
	perCall  map[string]int
}

// compareTables compares every row of the reference tables with s.Fields and
// returns every difference, known or not. Errors in the table itself are
// fatal.
func compareTables(tb testing.TB, s *spec.Spec) ([]problem, tableStats) {
	tb.Helper()
	tables := referenceTables()
	if len(tables) != 16 {
		tb.Fatalf("the table covers %d call sides, want 8 calls x 2 sides", len(tables))
	}
	st := tableStats{bySource: map[string]int{}, perCall: map[string]int{}}
	var out []problem
	report := func(key, ptr, attr, format string, args ...any) {
		out = append(out, problem{id: key + " " + ptr + " " + attr, msg: fmt.Sprintf(format, args...)})
	}
	refsSeen := map[string]bool{}
	for _, ct := range tables {
		key := ct.op + " " + string(ct.side)
		fields, err := s.Fields(ct.op, ct.side)
		if err != nil {
			report(key, "", "fields", "Fields: %v", err)
			continue
		}
		byPtr := map[string]spec.Field{}
		for _, f := range fields {
			byPtr[f.Pointer] = f
		}
		rowPtrs := map[string]bool{}
		for _, r := range ct.rows {
			if rowPtrs[r.ptr] {
				tb.Fatalf("table error: %s %s listed twice", key, r.ptr)
			}
			rowPtrs[r.ptr] = true
			checkRowSanity(tb, key, r)
			st.bySource[r.src]++
			if r.ref != "" {
				refsSeen[r.ref] = true
			}
			f, ok := byPtr[r.ptr]
			if !ok {
				report(key, r.ptr, "missing", "documented field missing from the spec")
				continue
			}
			for _, m := range compareRow(r, f) {
				report(key, r.ptr, m.attr, "%s", m.msg)
			}
		}
		for _, f := range fields {
			if !rowPtrs[f.Pointer] {
				report(key, f.Pointer, "extra", "the spec has a field the reference does not document (types %v)", f.Types)
			}
		}
		if want := wantCounts[key]; len(ct.rows) != want {
			tb.Fatalf("table error: %s has %d rows, the hand count says %d", key, len(ct.rows), want)
		}
		if len(fields) != len(ct.rows) {
			report(key, "", "count", "the spec lists %d fields, the reference documents %d", len(fields), len(ct.rows))
		}
		st.total += len(ct.rows)
		st.perCall[key] = len(ct.rows)
	}
	for _, name := range documentedStructures {
		if !refsSeen[name] {
			tb.Fatalf("table error: structure %s is documented but no row checks it", name)
		}
	}
	return out, st
}

func TestFieldTable(t *testing.T) {
	problems, st := compareTables(t, load(t))
	seenKnown := map[string]bool{}
	for _, p := range problems {
		if why, known := knownSpecMismatches[p.id]; known {
			seenKnown[p.id] = true
			t.Logf("known spec mismatch: %s: %s (%s)", p.id, p.msg, why)
			continue
		}
		t.Errorf("%s: %s", p.id, p.msg)
	}
	for id, why := range knownSpecMismatches {
		if !seenKnown[id] {
			t.Errorf("knownSpecMismatches[%q] no longer applies (%s): remove it, and update the row if the spec now carries a quirk", id, why)
		}
	}
	t.Logf("%d documented fields (%d from the reference's tables, %d from facts about structures it names), %d structures",
		st.total, st.bySource[srcRef], st.bySource[srcFacts], len(documentedStructures))
}

// TestFieldTableDetectsSpecChanges edits copies of the embedded spec and
// checks that the table notices each edit, naming op, side and pointer.
func TestFieldTableDetectsSpecChanges(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           string // a problem id that must appear
	}{
		{"wrong maxLength", "maxLength: 4\n", "maxLength: 5\n",
			"/account/create request /mcc maxLength"},
		{"departure beyond its quirk", "maxLength: 30\n          pattern: \"^[A-Z]*$\"", "maxLength: 40\n          pattern: \"^[A-Z]*$\"",
			"/account/settlement_setup request /settlement_method/send_check_to_address/region maxLength"},
		{"departure without a quirk", "          x-wepaykit-quirk: region-length\n", "",
			"/account/settlement_setup request /settlement_method/send_check_to_address/region quirk"},
		{"missing enum value", "enum: [bank_account, kyc, document]", "enum: [bank_account, kyc]",
			"/account/find response /*/action_reasons/* enum"},
		{"extra enum value", "enum: [ach, check]\n        frequency:", "enum: [ach, check, wire]\n        frequency:",
			"/account/settlement_setup response /method enum"},
		{"wrong required", "required: [name, description]", "required: [name]",
			"/account/create request /description required"},
		{"wrong type", "        reserved_amount:\n          description: Money held back and not available for withdrawal.\n          type: number",
			"        reserved_amount:\n          description: Money held back and not available for withdrawal.\n          type: integer",
			"/account/get_reserve_details response /reserved_amount type"},
		{"wrong default", "default: desc", "default: asc",
			"/account/find request /sort_order default"},
		{"missing field", "        mcc:\n", "        merchant_category_code:\n",
			"/account/create request /mcc missing"},
		{"undocumented field", "        mcc:\n", "        merchant_category_code:\n",
			"/account/create request /merchant_category_code extra"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := spec.Embedded()
			if !bytes.Contains(data, []byte(c.old)) {
				t.Fatalf("the embedded spec no longer contains %q", c.old)
			}
			s, err := spec.Parse(bytes.Replace(data, []byte(c.old), []byte(c.new), 1), "edited.yaml")
			if err != nil {
				t.Fatalf("Parse of the edited copy: %v", err)
			}
			problems, _ := compareTables(t, s)
			var ids []string
			for _, p := range problems {
				if p.id == c.want {
					return
				}
				ids = append(ids, p.id)
			}
			t.Errorf("the edit was not reported as %q; reported: %v", c.want, ids)
		})
	}
}

// checkRowSanity catches mistakes in the table itself.
func checkRowSanity(t testing.TB, key string, r row) {
	t.Helper()
	if r.dep == nil {
		return
	}
	d := r.dep
	if d.id == "" {
		t.Fatalf("table error: %s %s: quirk without id", key, r.ptr)
	}
	if d.max != nil && *d.max == r.max {
		t.Fatalf("table error: %s %s: departure maxLength equals the table's", key, r.ptr)
	}
	if d.types != nil && sameSet(d.types, []string{r.typ}) {
		t.Fatalf("table error: %s %s: departure types equal the table's", key, r.ptr)
	}
	if d.enum != nil && sameSet(d.enum, r.enum) {
		t.Fatalf("table error: %s %s: departure enum equals the table's", key, r.ptr)
	}
}

// compareRow lists how the spec's field differs from a documented row, after
// applying the row's declared departures.
func compareRow(r row, f spec.Field) []mismatch {
	var out []mismatch
	add := func(attr, format string, args ...any) {
		out = append(out, mismatch{attr: attr, msg: fmt.Sprintf(format, args...)})
	}
	wantQuirk := ""
	if r.dep != nil {
		wantQuirk = r.dep.id
	}
	if f.Quirk != wantQuirk {
		switch {
		case wantQuirk == "":
			add("quirk", "the spec marks quirk %q, the table row names none", f.Quirk)
		case f.Quirk == "":
			add("quirk", "the table row departs under quirk %q but the spec field carries no quirk (a departure without a quirk)", wantQuirk)
		default:
			add("quirk", "the spec marks quirk %q, the table row names %q", f.Quirk, wantQuirk)
		}
	}

	// type
	wantTypes := []string{r.typ}
	if r.dep != nil && r.dep.types != nil {
		wantTypes = r.dep.types
	}
	if !sameSet(wantTypes, f.Types) {
		add("type", "reference %v, spec %v%s", wantTypes, f.Types, departNote(r, r.dep != nil && r.dep.types != nil))
	}

	// maxLength
	wantMax := r.max
	if r.dep != nil && r.dep.max != nil {
		wantMax = *r.dep.max
	}
	gotMax := uint64(0)
	if f.MaxLength != nil {
		gotMax = *f.MaxLength
	}
	if wantMax != gotMax {
		add("maxLength", "reference %s, spec %s%s", chars(wantMax), chars(gotMax), departNote(r, r.dep != nil && r.dep.max != nil))
	}

	// enum
	wantEnum := r.enum
	if r.dep != nil && r.dep.enum != nil {
		wantEnum = r.dep.enum
	}
	gotEnum := make([]string, 0, len(f.Enum))
	for _, e := range f.Enum {
		gotEnum = append(gotEnum, fmt.Sprint(e))
	}
	if missing, extra := diffSets(wantEnum, gotEnum); len(missing)+len(extra) > 0 {
		add("enum", "values missing from the spec %v, spec values the reference does not list %v%s", missing, extra,
			departNote(r, r.dep != nil && r.dep.enum != nil))
	}

	if r.req != f.Required {
		add("required", "reference %v, spec %v", r.req, f.Required)
	}

	// default
	switch {
	case r.hasDef && r.def == nil:
		if f.Default != nil || !f.Nullable {
			add("default", "reference Default: null, spec default %v (nullable %v)", jsonText(f.Default), f.Nullable)
		}
	case r.hasDef:
		if jsonText(r.def) != jsonText(f.Default) {
			add("default", "reference %s, spec %s", jsonText(r.def), jsonText(f.Default))
		}
	case f.Default != nil:
		add("default", "the reference gives no default, spec %s", jsonText(f.Default))
	}

	if r.null != f.Nullable {
		add("nullable", "reference shows null: %v, spec nullable: %v", r.null, f.Nullable)
	}
	if r.ref != "" && r.ref != f.Ref {
		add("structure", "reference %s, spec %q", r.ref, f.Ref)
	}
	if r.rule != "" && !slices.Contains(f.Rules, r.rule) {
		add("rule", "the spec does not govern the field by rule %s (rules %v)", r.rule, f.Rules)
	}
	if r.maxItems != nil && (f.MaxItems == nil || *f.MaxItems != *r.maxItems) {
		add("maxItems", "reference %d, spec %s", *r.maxItems, ptrText(f.MaxItems))
	}
	if r.maximum != nil && (f.Maximum == nil || *f.Maximum != *r.maximum) {
		add("maximum", "reference %v, spec %s", *r.maximum, ptrText(f.Maximum))
	}
	return out
}

func departNote(r row, declared bool) string {
	if declared {
		return fmt.Sprintf(" (after the departure declared under quirk %s)", r.dep.id)
	}
	return " (no quirk declares this departure)"
}

func chars(n uint64) string {
	if n == 0 {
		return "no limit"
	}
	return fmt.Sprintf("%d chars", n)
}

func ptrText[T any](p *T) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

func sameSet(a, b []string) bool {
	m, e := diffSets(a, b)
	return len(m) == 0 && len(e) == 0
}

// diffSets returns the elements of want not in got and of got not in want.
func diffSets(want, got []string) (missing, extra []string) {
	w, g := map[string]bool{}, map[string]bool{}
	for _, x := range want {
		w[x] = true
	}
	for _, x := range got {
		g[x] = true
	}
	for _, x := range want {
		if !g[x] {
			missing = append(missing, x)
		}
	}
	for _, x := range got {
		if !w[x] {
			extra = append(extra, x)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

// TestFieldTableCatchesDepartures makes sure the comparison fails where it
// must: a test that could not fail is a defect.
func TestFieldTableCatchesDepartures(t *testing.T) {
	u := func(n uint64) *uint64 { return &n }
	base := spec.Field{Pointer: "/x", Types: []string{"string"}, MaxLength: u(255)}
	cases := []struct {
		name string
		row  row
		f    spec.Field
		want string // attribute that must be reported
	}{
		{"wrong type", integer("/x"), base, "type"},
		{"wrong maxLength", str("/x", 2083), base, "maxLength"},
		{"missing enum value", str("/x", 255).values("a"), base, "enum"},
		{"extra enum value", str("/x", 255), func() spec.Field { f := base; f.Enum = []any{"a"}; return f }(), "enum"},
		{"wrong required", str("/x", 255).required(), base, "required"},
		{"wrong default", str("/x", 255).dflt("a"), base, "default"},
		{"departure without quirk", str("/x", 255).quirk("region-length", specMax(30)),
			func() spec.Field { f := base; f.MaxLength = u(30); return f }(), "quirk"},
		{"undeclared quirk", str("/x", 255), func() spec.Field { f := base; f.Quirk = "region-length"; return f }(), "quirk"},
		{"quirk without the departure", str("/x", 255).quirk("region-length"),
			func() spec.Field { f := base; f.MaxLength = u(30); f.Quirk = "region-length"; return f }(), "maxLength"},
	}
	for _, c := range cases {
		got := compareRow(c.row, c.f)
		found := false
		for _, m := range got {
			found = found || m.attr == c.want
		}
		if !found {
			t.Errorf("%s: compareRow did not report %s (got %v)", c.name, c.want, got)
		}
	}
	// And a faithful field with a declared departure passes.
	ok := base
	ok.MaxLength = u(30)
	ok.Quirk = "region-length"
	if got := compareRow(str("/x", 255).quirk("region-length", specMax(30)), ok); len(got) != 0 {
		t.Errorf("a declared departure was reported: %v", got)
	}
}

func load(tb testing.TB) *spec.Spec {
	tb.Helper()
	s, err := spec.Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return s
}
