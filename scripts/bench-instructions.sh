#!/usr/bin/env bash
# Instructions per operation of a Go benchmark, counted by valgrind
# (cachegrind, no cache simulation) rather than timed: on a shared machine
# whose timings move by 25% from one minute to the next, a count moves by
# well under 1% between runs, so a change of a few percent can be read.
# Each binary runs the benchmark N+1 times and once, one core, garbage
# collector off (the collector's pace follows the clock); the difference
# over N is what one operation takes. Not part of CI (valgrind is slow).
#   scripts/bench-instructions.sh PKG BENCH N [REV...]
#   e.g. scripts/bench-instructions.sh ./validate 'BenchmarkValidateExchangeLongName$' 2000 HEAD~3 HEAD
# Without REV it measures the working tree.
set -euo pipefail
pkg=$1 bench=$2 n=$3; shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree prune; rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
count() { # testbin ops: instructions of a run
  GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file=/dev/null "$1" -test.run '^$' -test.bench "$bench" -test.cpu 1 \
    -test.benchtime "${2}x" 2>&1 | awk '/I *refs/ {gsub(",", "", $4); print $4}'
}
measure() { # label dir
  (cd "$2" && go test -c -o "$work/t.test" "$pkg")
  local one many
  one=$(count "$work/t.test" 1)
  many=$(count "$work/t.test" $((n + 1)))
  echo "$1: $(( (many - one) / n )) instructions/op ($bench, $n ops)"
}
if [ $# -eq 0 ]; then
  measure "working tree" "$root"
fi
for rev in "$@"; do
  git -C "$root" worktree add -q --detach "$work/$rev" "$rev"
  measure "$(git -C "$root" rev-parse --short "$rev")" "$work/$rev"
done
