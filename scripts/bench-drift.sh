#!/usr/bin/env bash
# Throughput of `wepaykit validate` beside Redocly's `drift` (Node,
# experimental) on one generated HAR of realistic /account exchanges (nine
# in ten valid, the rest with findings: see TestGenerateBigHAR), timed in the
# same run. Not part of CI: it installs the Redocly CLI from npm into a
# temporary folder. Prints both times, entries/s, peak RSS and the ratio.
#   scripts/bench-drift.sh [MB]        (default 50; RUNS=3 runs of each)
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
measure() { # name command...: appends "seconds maxrss_kb" to $work/name.times
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
  tail -n 1 "$work/$name.time" >> "$work/$name.times"
}
# Each tool runs $RUNS times (default 3), in turns, so that both see the
# same moments of a noisy machine; the median run of each is compared.
runs=${RUNS:-3}
for _ in $(seq "$runs"); do
  measure wepaykit "$work/wepaykit" validate --quiet --format json "$work/h.har"
  measure drift "$work/node_modules/.bin/redocly" drift "$work/h.har" --api spec/openapi.yaml --format json
done
python3 - "$entries" "$work/wepaykit.times" "$work/drift.times" <<'PY'
import statistics, sys
n = int(sys.argv[1])
def read(path):
    rows = [line.split() for line in open(path) if line.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
(wts, wms), (rts, rms) = read(sys.argv[2]), read(sys.argv[3])
wt, rt = statistics.median(wts), statistics.median(rts)
print(f"{n} entries, {len(wts)} runs of each, in turns; medians:")
print(f"wepaykit validate: {wt:.2f} s, {n/wt:,.0f} entries/s, peak RSS {max(wms)/1024:.0f} MB  (runs: {' '.join(f'{t:.2f}' for t in wts)})")
print(f"redocly drift:     {rt:.2f} s, {n/rt:,.0f} entries/s, peak RSS {max(rms)/1024:.0f} MB  (runs: {' '.join(f'{t:.2f}' for t in rts)})")
print(f"ratio (entries/s, wepaykit / drift): {rt/wt:.1f}x")
PY
