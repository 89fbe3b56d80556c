#!/usr/bin/env bash
# Builds the static wepaykit binary that the container image and release
# archives ship: no cgo, no file system paths in the binary. The Dockerfile
# runs this script, and so does CI, so the image's build step is tested.
#   scripts/build-static.sh OUT
set -euo pipefail
out=${1:?usage: build-static.sh OUT}
# WEPAYKIT_VERSION (the Dockerfile's VERSION build argument) stamps the
# version for a build without .git, which would otherwise say "devel".
ldflags='-s -w'
if [ -n "${WEPAYKIT_VERSION:-}" ]; then
  case "$WEPAYKIT_VERSION" in
    *[!A-Za-z0-9.+-]*) echo "build-static.sh: WEPAYKIT_VERSION $WEPAYKIT_VERSION: only letters, digits, . + -" >&2; exit 2 ;;
  esac
  ldflags="$ldflags -X main.stamp=$WEPAYKIT_VERSION"
fi
CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$out" ./cmd/wepaykit
