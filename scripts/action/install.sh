#!/usr/bin/env bash
# The action's install step: puts wepaykit on the job's PATH.
#   WEPAYKIT_VERSION  a tag, "latest", or "local" (build the action's checkout)
set -euo pipefail
version=${WEPAYKIT_VERSION:-latest}
bin="${RUNNER_TEMP:-$(mktemp -d)}/wepaykit-bin"
mkdir -p "$bin"
if [ "$version" = local ]; then
  (cd "${GITHUB_ACTION_PATH:?}" && go build -o "$bin/wepaykit" ./cmd/wepaykit)
else
  GOBIN="$bin" go install "github.com/wepaykit/wepaykit/cmd/wepaykit@$version"
fi
echo "$bin" >> "${GITHUB_PATH:?}"
"$bin/wepaykit" version
