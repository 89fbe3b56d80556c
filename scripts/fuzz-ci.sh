#!/usr/bin/env bash
# Runs every fuzz target of the module briefly, so that a regression in a
# corpus entry (a seed or a file under testdata/fuzz) fails CI, and a few
# seconds of new inputs are tried. Targets are discovered with
# `go test -list 'Fuzz.*'`: a new target needs no change here.
#
#   FUZZTIME=5000x FUZZMIN=1s bash scripts/fuzz-ci.sh
#
# The budget is a count of executions, not a duration: Go's fuzzing
# coordinator can report a bare "context deadline exceeded" (no crasher
# written) when a duration-based -fuzztime expires while a starved worker is
# mid-call (https://go.dev/issue/75804, fixed in Go 1.27). A count has no
# wall-clock deadline, so a loaded CI machine only makes the loop slower.
# The default, 2000 executions per target with 1s of minimisation at most,
# keeps the whole loop within a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-2000x}
fuzzmin=${FUZZMIN:-1s}
# Targets whose executions are slow get fewer, so that each stays within
# about 20 seconds on a loaded two-core machine: FuzzTargetAnswers runs the
# whole conformance suite per input (about 50 ms); the others compare a fast
# path with the library on every body schema, or diff two specs.
declare -A slow=([FuzzTargetAnswers]=60x [FuzzFastFindings]=400x [FuzzDiff]=800x [FuzzFormBody]=1000x [FuzzFastDecode]=1000x [FuzzJudgedDecode]=300x)
n=0
start=$SECONDS
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  grep -qs '^func Fuzz' "$dir"/*_test.go || continue
  for target in $(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz' || true); do
    budget=${slow[$target]:-$fuzztime}
    t0=$SECONDS
    echo "== fuzz $pkg $target ($budget)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$budget" -fuzzminimizetime "$fuzzmin" -parallel 2 "$pkg" >/tmp/fuzz-ci.$$ 2>&1 || {
      cat /tmp/fuzz-ci.$$; rm -f /tmp/fuzz-ci.$$
      echo "fuzz target $target of $pkg failed"; exit 1
    }
    echo "   ok in $((SECONDS - t0))s"
    n=$((n + 1))
  done
done
rm -f /tmp/fuzz-ci.$$
echo "== $n fuzz targets passed in $((SECONDS - start))s"
