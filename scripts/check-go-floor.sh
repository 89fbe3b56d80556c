#!/usr/bin/env bash
# A partner module on wepaykit's oldest supported Go adds wepaykit without
# its go line moving: make such a module in a temporary folder, require
# wepaykit (replaced by this work tree), tidy and build it, and check that
# its go directive is still the floor named in wepaykit's go.mod.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
floor=$(awk '$1 == "go" {print $2; exit}' "$root/go.mod")
case "$floor" in
  *.*.0) ;;
  *) echo "go.mod's go directive is $floor: want the oldest supported release as X.Y.0, never a patch pin"; exit 1 ;;
esac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/go.mod" <<MOD
module example.com/partner

go $floor

require github.com/wepaykit/wepaykit v0.0.0

replace github.com/wepaykit/wepaykit => $root
MOD
cat > "$dir/partner_test.go" <<'GO'
package partner

import (
	"net/http"
	"testing"

	"github.com/wepaykit/wepaykit/validate"
)

func TestBuilds(t *testing.T) {
	_ = &http.Client{Transport: validate.Transport(t, nil)}
}
GO
cd "$dir"
GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go mod tidy >/dev/null
got=$(awk '$1 == "go" {print $2; exit}' go.mod)
if [ "$got" != "$floor" ]; then
  echo "adding wepaykit moved a partner's go line from $floor to $got"; exit 1
fi
if grep -q '^toolchain' go.mod; then
  echo "adding wepaykit added a toolchain line: $(grep '^toolchain' go.mod)"; exit 1
fi
GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go vet ./...
echo "a partner module on go $floor adds wepaykit; its go line stays $floor"
