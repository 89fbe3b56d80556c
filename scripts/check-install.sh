#!/usr/bin/env bash
# What a partner does on a fresh machine with only Go: `go install
# github.com/wepaykit/wepaykit/cmd/wepaykit@TAG`, then `wepaykit version`.
# The tag is served by a local module proxy made from this work tree's
# committed HEAD (file:// GOPROXY, the layout of the module proxy protocol);
# dependencies come from the usual proxy. The installed binary must report
# the tag.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tag=${1:-v0.0.0-ci}
mod=github.com/wepaykit/wepaykit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir="$work/proxy/$mod/@v"
mkdir -p "$dir"
# A module zip holds no nested module: leave out every directory with its
# own go.mod (benchmarks/, testdata/partner/), as the go command does when
# it makes one ("go.mod file not in module root directory" otherwise).
excludes=()
while IFS= read -r f; do
  [ "$f" = go.mod ] || excludes+=(":(exclude)$(dirname "$f")")
done < <(git -C "$root" ls-files -- 'go.mod' '**/go.mod')
git -C "$root" archive --format=zip --prefix="$mod@$tag/" -o "$dir/$tag.zip" HEAD -- . "${excludes[@]}"
cp "$root/go.mod" "$dir/$tag.mod"
printf '{"Version":"%s","Time":"%s"}\n' "$tag" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$dir/$tag.info"
echo "$tag" > "$dir/list"
upstream=$(go env GOPROXY)
# A module cache of its own: a shared one would keep the zip of an earlier
# run under the same tag and install that instead of this HEAD. The shared
# cache's downloads serve the dependencies (no network when they are
# there), after the tag's own proxy.
shared=$(go env GOMODCACHE)/cache/download
GOFLAGS=-modcacherw GOMODCACHE="$work/modcache" GOPROXY="file://$work/proxy,file://$shared,$upstream" GONOSUMDB="$mod" GOBIN="$work/bin" \
  go install "$mod/cmd/wepaykit@$tag"
out=$("$work/bin/wepaykit" version)
echo "$out"
case "$out" in
  "wepaykit $tag "*) ;;
  *) echo "wepaykit version does not report $tag"; exit 1 ;;
esac
