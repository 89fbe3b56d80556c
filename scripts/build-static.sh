#!/usr/bin/env bash
# Builds the static wepaykit binary that the container image and release
# archives ship: no cgo, no file system paths in the binary. The Dockerfile
# runs this script, and so does CI, so the image's build step is tested.
#   scripts/build-static.sh OUT
set -euo pipefail
out=${1:?usage: build-static.sh OUT}
CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$out" ./cmd/wepaykit
