package fake_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// propertySeeds is how many seeds TestPropertyAgainstValidator runs per call
// and side; WEPAYKIT_PROPERTY_SEEDS raises it for a longer run.
func propertySeeds(t *testing.T) int {
	n := 500
	if s := os.Getenv("WEPAYKIT_PROPERTY_SEEDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			t.Fatalf("WEPAYKIT_PROPERTY_SEEDS=%q is not a positive number", s)
		}
		n = v
	}
	return n
}

// TestPropertyAgainstValidator is the property the fake generator promises:
// every valid payload passes package validate with zero findings (strict,
// production: the strictest reading), and every single-defect variant is
// caught by the validator with its rule at its pointer.
func TestPropertyAgainstValidator(t *testing.T) {
	sp, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := fake.NewContract(sp)
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New(validate.Strict(true), validate.WithEnvironment(validate.EnvProduction))
	if err != nil {
		t.Fatal(err)
	}
	seeds := propertySeeds(t)
	valid, variants, caught := 0, 0, 0
	for _, op := range c.Operations() {
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			for seed := 1; seed <= seeds; seed++ {
				p, err := c.Generator(int64(seed)).Body(op.Path, side)
				if err != nil {
					t.Fatalf("%s %s seed %d: %v", op.Path, side, seed, err)
				}
				fs, err := v.Body(op.Path, side, p.JSON)
				if err != nil {
					t.Fatal(err)
				}
				valid++
				if len(fs) > 0 {
					t.Errorf("%s %s seed %d: a valid payload has findings: %v\n%s", op.Path, side, seed, fs, p.JSON)
				}
			}
			// Variants have the same structure for every seed; a few seeds
			// vary their values.
			for seed := 1; seed <= 5; seed++ {
				vs, err := c.Generator(int64(seed)).Invalid(op.Path, side)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range vs {
					variants++
					fs, err := v.Body(op.Path, side, x.Payload.JSON)
					if err != nil {
						t.Fatal(err)
					}
					if hasFinding(fs, x.Want) {
						caught++
						continue
					}
					t.Errorf("%s %s seed %d variant %s: want %s at %q, got %v", op.Path, side, seed, x.Name, x.Want.Rule, x.Want.Pointer, fs)
				}
			}
		}
	}
	t.Logf("%d valid payloads with zero findings; %d of %d invalid variants caught at their pointer", valid, caught, variants)
}

func hasFinding(fs []validate.Finding, want fake.Expect) bool {
	for _, f := range fs {
		if f.Rule == want.Rule && f.Pointer == want.Pointer && (want.Severity == "" || string(f.Severity) == want.Severity) {
			return true
		}
	}
	return false
}
