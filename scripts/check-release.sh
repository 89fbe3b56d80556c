#!/usr/bin/env bash
# Release packaging checks, run by CI:
#  - the static build the Dockerfile runs (scripts/build-static.sh) works and
#    gives a binary that runs `wepaykit validate` on the sample recordings;
#  - the Dockerfile passes scripts/lint-dockerfile.sh (no Docker engine runs
#    here, so the image itself is not built);
#  - `goreleaser check` and a snapshot build, when GoReleaser can be
#    installed (it is a Go module) within the time budget;
#  - `go install ...@TAG` from a local module proxy reports the tag.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "-- static build (the Dockerfile's build step)"
bash scripts/build-static.sh "$tmp/wepaykit"
set +e
"$tmp/wepaykit" validate --quiet testdata/traffic/samples.har > /dev/null
code=$?
set -e
[ "$code" -eq 1 ] || { echo "static binary: validate exited $code, want 1 (findings)"; exit 1; }
if command -v file >/dev/null 2>&1; then
  file "$tmp/wepaykit" | grep -q 'statically linked' || { echo "not statically linked: $(file "$tmp/wepaykit")"; exit 1; }
fi

# The image's binary is built without .git: its version comes from the
# VERSION build argument.
WEPAYKIT_VERSION=v0.0.0-image bash scripts/build-static.sh "$tmp/wepaykit-image"
case "$("$tmp/wepaykit-image" version)" in
  "wepaykit v0.0.0-image "*) ;;
  *) echo "static build ignores WEPAYKIT_VERSION: $("$tmp/wepaykit-image" version)"; exit 1 ;;
esac

echo "-- Dockerfile lint"
bash scripts/lint-dockerfile.sh

echo "-- goreleaser"
gr=$(command -v goreleaser || true)
if [ -z "$gr" ] && [ -x "$(go env GOPATH)/bin/goreleaser" ]; then
  gr="$(go env GOPATH)/bin/goreleaser"
fi
if [ -z "$gr" ]; then
  if GOBIN="$tmp/bin" timeout "${GORELEASER_INSTALL_BUDGET:-300}" go install github.com/goreleaser/goreleaser/v2@v2.15.1 >/dev/null 2>&1; then
    gr="$tmp/bin/goreleaser"
  fi
fi
if [ -n "$gr" ]; then
  "$gr" check
  "$gr" build --snapshot --clean --single-target --output "$tmp/gr-out" >/dev/null
  echo "goreleaser: config valid, snapshot build done"
else
  echo "goreleaser: could not be installed within the budget here; config not checked (set GORELEASER_INSTALL_BUDGET)"
fi

echo "-- go install from a tag"
bash scripts/check-install.sh v0.0.0-ci
