#!/usr/bin/env bash
# Lints the Dockerfile: the house rules below, then dockerfile-utils (the
# linter behind VS Code's Docker support, from npm) when npm is at hand.
# hadolint itself ships only as a prebuilt binary, which this machine cannot
# fetch. Exit 1 on any finding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
f="$root/Dockerfile"
fail=0
say() { echo "Dockerfile: $*"; fail=1; }
grep -qE '^FROM [^ ]+:latest' "$f" && say "an image pinned to :latest"
grep -qE '^FROM [^ :]+( |$)' "$f" && say "an image without a tag"
[ "$(grep -c '^FROM ' "$f")" -ge 2 ] || say "not a multi-stage build"
last_user=$(grep -E '^USER ' "$f" | tail -n 1 | awk '{print $2}')
case "$last_user" in ""|root|0|root:*|0:*) say "the final stage runs as root" ;; esac
grep -q 'scripts/build-static.sh' "$f" || say "does not build with scripts/build-static.sh (the command CI runs)"
tail_from=$(grep -n '^FROM ' "$f" | tail -n 1 | cut -d: -f1)
tail -n +"$tail_from" "$f" | grep -qE '^RUN ' && say "the final stage runs commands (it has no shell)"
if command -v npm >/dev/null 2>&1; then
  tool=$(mktemp -d)
  trap 'rm -rf "$tool"' EXIT
  if npm install --prefix "$tool" --silent --no-audit --no-fund dockerfile-utils@0.16.3 >/dev/null 2>&1; then
    out=$("$tool/node_modules/.bin/dockerfile-utils" lint "$f")
    if [ -n "$out" ]; then echo "$out"; fail=1; fi
  else
    echo "Dockerfile: dockerfile-utils could not be installed from npm; only the house rules were checked"
  fi
fi
[ "$fail" -eq 0 ] && echo "Dockerfile: clean"
exit "$fail"
