package validate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/policy"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// emptyAccounts is a find answer of n empty objects: every one lacks every
// required member of an account.
func emptyAccounts(n int) []byte {
	return []byte("[" + strings.TrimSuffix(strings.Repeat("{},", n), ",") + "]")
}

// requiredOfAccount counts the members the one-account answer requires.
func requiredOfAccount(t *testing.T, v *validate.Validator) int {
	t.Helper()
	fs, err := v.Body("/account", spec.Response, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("an empty account passed")
	}
	return len(fs)
}

func TestMaxFindingsCounts(t *testing.T) {
	v, err := validate.New(validate.WithMaxFindings(20))
	if err != nil {
		t.Fatal(err)
	}
	per := requiredOfAccount(t, v)
	if per > 20 {
		t.Fatalf("an empty account has %d findings, over the test's limit", per)
	}
	for name, w := range map[string]*validate.Validator{"fast": v, "reference": validate.ReferenceOf(v)} {
		fs, err := w.Body("/account/find", spec.Response, emptyAccounts(1000))
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 21 {
			t.Fatalf("%s: %d findings, want 20 and the limit's", name, len(fs))
		}
		last := limitFinding(t, fs)
		more := per*1000 - 20
		want := fmt.Sprintf("%d more findings not listed (%d errors, 0 warnings): the limit is 20 findings", more, more)
		if last.Rule != validate.RuleFindingsLimit || last.Severity != validate.SeverityError || !strings.Contains(last.Message, want) {
			t.Errorf("%s: last finding %+v, want findings-limit error with %q", name, last, want)
		}
	}
}

func TestMaxFindingsUnderLimit(t *testing.T) {
	v, err := validate.New(validate.WithMaxFindings(1000))
	if err != nil {
		t.Fatal(err)
	}
	per := requiredOfAccount(t, v)
	fs, _ := v.Body("/account/find", spec.Response, emptyAccounts(1000/per))
	for _, f := range fs {
		if f.Rule == validate.RuleFindingsLimit {
			t.Fatalf("%d findings, under the limit, gave %v", len(fs), f)
		}
	}
	if len(fs) != per*(1000/per) {
		t.Fatalf("%d findings, want %d", len(fs), per*(1000/per))
	}
}

// The findings past the limit are counted as the policy decides, even by
// a validator without it (package audit applies the policy itself).
func TestMaxFindingsPolicy(t *testing.T) {
	p, err := policy.Parse(".wepaykit.yaml", []byte(`
max-findings: 3
rules:
  unknown-field: error
ignore:
  - rule: unknown-field
    pointer: /z*
    reason: our own members
`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New(validate.WithPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"a":1,"b":2,"c":3,"d":4,"e":5,"za":6,"zb":7}`)
	for name, w := range map[string]*validate.Validator{"with": v, "without": v.WithoutPolicy()} {
		fs, err := w.Body("/account/find", spec.Request, body)
		if err != nil {
			t.Fatal(err)
		}
		last := limitFinding(t, fs)
		want := "2 more findings not listed (2 errors, 0 warnings): the limit is 3 findings"
		if last.Rule != validate.RuleFindingsLimit || last.Severity != validate.SeverityError || !strings.Contains(last.Message, want) {
			t.Errorf("%s policy: last finding %+v, want an error with %q", name, last, want)
		}
	}
}

func TestWithMaxFindingsRefused(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := validate.New(validate.WithMaxFindings(n)); err == nil {
			t.Errorf("WithMaxFindings(%d) accepted", n)
		}
	}
}

// A request and its answer each have their own limit.
func TestMaxFindingsEachSide(t *testing.T) {
	v, err := validate.New(validate.WithMaxFindings(2))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := v.Body("/account/find", spec.Request, []byte(`{"a":1,"b":2,"c":3}`))
	if err != nil {
		t.Fatal(err)
	}
	if last := limitFinding(t, fs); len(fs) != 3 || last.Severity != validate.SeverityWarning ||
		!strings.Contains(last.Message, "1 more finding not listed (0 errors, 1 warning)") {
		t.Fatalf("findings %+v", fs)
	}
}

// limitFinding is the one findings-limit finding of fs, at the body's root.
func limitFinding(t *testing.T, fs []validate.Finding) validate.Finding {
	t.Helper()
	var got []validate.Finding
	for _, f := range fs {
		if f.Rule == validate.RuleFindingsLimit {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Pointer != "" || got[0].Location != validate.InBody {
		t.Fatalf("findings-limit findings %+v, want one at the root of the body", got)
	}
	return got[0]
}

// The findings listed are the first in the report's order, the same on
// every run, whatever order Go's maps walk the members in, on the fast
// path and on the schema library's.
func TestMaxFindingsListsFirstInReportOrder(t *testing.T) {
	all, err := validate.New(validate.WithMaxFindings(1 << 20))
	if err != nil {
		t.Fatal(err)
	}
	ten, err := validate.New(validate.WithMaxFindings(10))
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for i := range 40 {
		items = append(items, fmt.Sprintf(`{"account_id":"x%d","name":%d,"state":"nope","extra_%d":1,"z":2,"support_contact_number":%d}`, i, i, i, i))
	}
	body := []byte("[" + strings.Join(items, ",") + "]")
	want, err := all.Body("/account/find", spec.Response, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 100 {
		t.Fatalf("only %d findings in the body", len(want))
	}
	for name, v := range map[string]*validate.Validator{"fast": ten, "reference": validate.ReferenceOf(ten)} {
		for range 20 {
			got, err := v.Body("/account/find", spec.Response, body)
			if err != nil {
				t.Fatal(err)
			}
			limitFinding(t, got)
			var listed []validate.Finding
			for _, f := range got {
				if f.Rule != validate.RuleFindingsLimit {
					listed = append(listed, f)
				}
			}
			if len(listed) != 10 {
				t.Fatalf("%s: %d findings listed", name, len(listed))
			}
			for i := range listed {
				if listed[i] != want[i] {
					t.Fatalf("%s: finding %d is %v, want %v", name, i, listed[i], want[i])
				}
			}
		}
	}
}
