#!/usr/bin/env bash
# Throughput of `wepaykit validate` beside Redocly's `drift` (Node,
# experimental) on one generated HAR of realistic /account exchanges (nine
# in ten valid, the rest with findings: see TestGenerateBigHAR), timed in the
# same run. Not part of CI: it installs the Redocly CLI from npm into a
# temporary folder. Prints both times, entries/s, peak RSS and the ratio.
#   scripts/bench-drift.sh [MB]        (default 50)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mb=${1:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
echo "machine: $(nproc) cores, $(go version | awk '{print $3}'), node $(node --version)"
echo "-- generating a ${mb} MB HAR"
WEPAYKIT_BIG_HAR="$work/h.har" WEPAYKIT_BIG_MB="$mb" go test ./cmd/wepaykit -run '^TestGenerateBigHAR$' -count=1 -v | grep 'wrote' || true
go build -o "$work/wepaykit" ./cmd/wepaykit
echo "-- installing @redocly/cli 2.77.0 from npm"
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @redocly/cli@2.77.0 >/dev/null)
entries=$("$work/wepaykit" validate --quiet --format json "$work/h.har" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])' || true)
measure() { # name command...: prints "seconds maxrss_kb"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
  cat "$work/$name.time" | tail -n 1
}
read -r wt wm < <(measure wepaykit "$work/wepaykit" validate --quiet --format json "$work/h.har")
read -r rt rm < <(measure drift "$work/node_modules/.bin/redocly" drift "$work/h.har" --api spec/openapi.yaml --format json)
python3 - "$entries" "$wt" "$wm" "$rt" "$rm" <<'PY'
import sys
n, wt, wm, rt, rm = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"{n} entries")
print(f"wepaykit validate: {wt:.2f} s, {n/wt:,.0f} entries/s, peak RSS {wm/1024:.0f} MB")
print(f"redocly drift:     {rt:.2f} s, {n/rt:,.0f} entries/s, peak RSS {rm/1024:.0f} MB")
print(f"ratio (entries/s, wepaykit / drift): {rt/wt:.1f}x")
PY
