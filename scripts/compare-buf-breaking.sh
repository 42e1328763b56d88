#!/usr/bin/env bash
# Runs `buf breaking` (1.75) and `protogate breaking` on two versions of the googleapis
# protos, npm google-proto-files 4.2.0 as the previous and the latest as the current, and
# compares the (path, line, column, rule) sets: once with the v2 default config (FILE) and
# once with every category. Usage: scripts/compare-buf-breaking.sh [CACHE_DIR]
# (set-up shared with compare-buf.sh in compare-setup.sh).
set -euo pipefail
source "$(dirname "$0")/compare-setup.sh" "$@"
current=$(corpus googleapis latest)
previous=$(corpus googleapis-4.2.0 4.2.0)
echo "buf: $("$buf" --version); previous: google-proto-files $(corpus_version googleapis-4.2.0), $(find "$previous" -name '*.proto' | wc -l) files; current: google-proto-files $(corpus_version googleapis), $(find "$current" -name '*.proto' | wc -l) files" >&2
trap 'printf "version: v2\n" >"$current/buf.yaml"' EXIT

# check TOOL "OK_CODES" OUT COMMAND...: runs COMMAND in the current corpus with stdout to
# OUT; an exit code outside OK_CODES (findings are 100 for buf, 1 for protogate) stops.
check() {
  local tool=$1 ok=$2 out=$3 rc=0
  shift 3
  (cd "$current" && "$@" >"$out" 2>"$out.err") || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    echo "error: $tool exited $rc:" >&2
    head -20 "$out.err" >&2
    exit 1
  fi
}

compare() {
  local label=$1 config=$2
  printf "$config" >"$current/buf.yaml"
  local start=$SECONDS
  check buf "0 100" "$cache/buf-breaking-$label.json" "$buf" breaking --against "$previous" --error-format json
  local buf_seconds=$((SECONDS - start))
  start=$SECONDS
  check protogate "0 1" "$cache/protogate-breaking-$label.json" "$protogate" breaking --against "$previous" --error-format json
  echo "== breaking, $label config (buf ${buf_seconds}s, protogate $((SECONDS - start))s)"
  python3 "$repo/scripts/compare-findings.py" "$cache/buf-breaking-$label.json" "$cache/protogate-breaking-$label.json"
}

compare default 'version: v2\n'
compare all-categories 'version: v2\nbreaking:\n  use: [FILE, PACKAGE, WIRE_JSON, WIRE, CSR]\n'
