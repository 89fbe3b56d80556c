#!/usr/bin/env bash
# The action's validate step: annotations for the pull request (GitHub
# workflow commands on stdout), a SARIF file for code scanning, and
# wepaykit's exit code as the step's.
#   WEPAYKIT_PATHS    recordings: one per line, or separated by white space
#   WEPAYKIT_CONFIG   policy file, or empty
#   WEPAYKIT_FAIL_ON  error or warning
#   WEPAYKIT_SARIF    where the SARIF report goes
#   WEPAYKIT_ARGS     more flags, separated by white space
set -uo pipefail
# Paths: one per line; a line is one path when it names one that exists
# ("my recs"), else it is split on white space ("a.har b.har").
input=${WEPAYKIT_PATHS:?no paths given}
paths=()
if [[ "$input" == *$'\n'* ]]; then
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
    if [ -z "$line" ]; then continue; fi
    if [ -e "$line" ]; then
      paths+=("$line")
    else
      read -r -a words <<< "$line"
      paths+=("${words[@]}")
    fi
  done <<< "$input"
elif trimmed="${input#"${input%%[![:space:]]*}"}"; trimmed="${trimmed%"${trimmed##*[![:space:]]}"}"; [ -e "$trimmed" ]; then
  paths=("$trimmed")
else
  read -r -d '' -a paths <<< "$input" || true
fi
read -r -d '' -a extra <<< "${WEPAYKIT_ARGS:-}" || true
sarif=${WEPAYKIT_SARIF:-wepaykit.sarif}
args=(validate --quiet --format github --format "sarif=$sarif" --fail-on "${WEPAYKIT_FAIL_ON:-error}")
if [ -n "${WEPAYKIT_CONFIG:-}" ]; then
  args+=(--config "$WEPAYKIT_CONFIG")
fi
errs=$(mktemp)
wepaykit "${args[@]}" "${extra[@]}" -- "${paths[@]}" 2> >(tee "$errs" >&2)
code=$?
wait
if [ "$code" -eq 2 ]; then
  # A run that could not start, or read nothing: say why where the pull
  # request shows it (workflow commands escape %, CR and LF).
  msg=$(grep -v '^Run .* --help' "$errs" | head -c 2000)
  msg=${msg//'%'/'%25'}; msg=${msg//$'\r'/'%0D'}; msg=${msg//$'\n'/'%0A'}
  echo "::error title=wepaykit could not validate::${msg:-wepaykit exited 2}"
fi
rm -f "$errs"
{
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif"; fi
  echo "exit-code=$code"
} >> "${GITHUB_OUTPUT:?}"
exit "$code"
