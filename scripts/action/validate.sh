#!/usr/bin/env bash
# The action's validate step: annotations for the pull request (GitHub
# workflow commands on stdout), a SARIF file for code scanning, and
# wepaykit's exit code as the step's.
#   WEPAYKIT_PATHS    recordings, separated by white space
#   WEPAYKIT_CONFIG   policy file, or empty
#   WEPAYKIT_FAIL_ON  error or warning
#   WEPAYKIT_SARIF    where the SARIF report goes
#   WEPAYKIT_ARGS     more flags, separated by white space
set -uo pipefail
read -r -d '' -a paths <<< "${WEPAYKIT_PATHS:?no paths given}" || true
read -r -d '' -a extra <<< "${WEPAYKIT_ARGS:-}" || true
sarif=${WEPAYKIT_SARIF:-wepaykit.sarif}
args=(validate --quiet --format github --format "sarif=$sarif" --fail-on "${WEPAYKIT_FAIL_ON:-error}")
if [ -n "${WEPAYKIT_CONFIG:-}" ]; then
  args+=(--config "$WEPAYKIT_CONFIG")
fi
wepaykit "${args[@]}" "${extra[@]}" -- "${paths[@]}"
code=$?
{
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif"; fi
  echo "exit-code=$code"
} >> "${GITHUB_OUTPUT:?}"
exit "$code"
