package audit

import (
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

// TestContractOpMatchesSpec keeps contractOp's switch to the spec's list.
func TestContractOpMatchesSpec(t *testing.T) {
	for _, op := range spec.OperationPaths() {
		if !contractOp(op) {
			t.Errorf("contractOp(%q) = false", op)
		}
	}
	for _, op := range []string{"", "/account/", "/checkout/create", "/account/add_bank"} {
		if contractOp(op) {
			t.Errorf("contractOp(%q) = true", op)
		}
	}
}
