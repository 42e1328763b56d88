#!/usr/bin/env bash
# Regenerate testdata/lint/<RULE_ID>/expected.txt by running the real buf binary.
#
# Usage: scripts/lint-fixture-expectations.sh [FIXTURE_DIR_OR_RULE_ID ...]
#   With no arguments, every directory under testdata/lint/ is regenerated.
#   The buf binary is taken from $BUF, or `buf` on PATH.
#
# expected.txt holds one line per finding, `path:start_line:start_column RULE_ID`,
# sorted with LC_ALL=C and de-duplicated. An empty file means buf reports nothing.
set -euo pipefail

script_dir=$(cd "$(dirname "$0")" && pwd)
lint_root="$script_dir/../testdata/lint"
buf_bin=${BUF:-buf}

if ! command -v "$buf_bin" >/dev/null 2>&1; then
  echo "error: buf binary not found (set \$BUF or put buf on PATH): $buf_bin" >&2
  exit 1
fi
buf_bin=$(command -v "$buf_bin")
case "$buf_bin" in
  /*) ;;
  *) buf_bin="$PWD/$buf_bin" ;;
esac

# JSON lines -> "path:line:col TYPE". Fails on a COMPILE finding or unparsable output.
to_expectations() {
  if command -v jq >/dev/null 2>&1; then
    jq -r 'if .type == "COMPILE" then error("compile error: \(.path):\(.start_line):\(.start_column) \(.message)")
           else "\(.path):\(.start_line):\(.start_column) \(.type)" end'
  else
    python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    a = json.loads(line)
    if a.get("type") == "COMPILE":
        sys.exit("compile error: %s:%s:%s %s" % (a.get("path"), a.get("start_line"), a.get("start_column"), a.get("message")))
    print("%s:%s:%s %s" % (a.get("path", ""), a.get("start_line", 0), a.get("start_column", 0), a["type"]))
'
  fi
}

regen() {
  local dir=$1
  if [ ! -f "$dir/buf.yaml" ]; then
    echo "error: $dir has no buf.yaml" >&2
    return 1
  fi
  local out err rc=0
  out=$(mktemp) err=$(mktemp)
  (cd "$dir" && "$buf_bin" lint --error-format json) >"$out" 2>"$err" || rc=$?
  # A buf.yaml whose `use` resolves to no rule at all (only the deprecated no-op
  # IMPORT_NO_WEAK) makes buf 1.75 abort with an internal "resultRules was empty"
  # error. No rule runs, so there is nothing to report: record an empty expectation.
  if [ "$rc" -ne 0 ] && grep -q 'resultRules was empty' "$err"; then
    echo "warning: $(basename "$dir"): buf ran no rules (deprecated no-op only); writing empty expected.txt" >&2
    : >"$out"
    rc=0
  fi
  # buf exits 0 when clean and 100 when it reports findings; anything else is a failure.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 100 ]; then
    echo "error: buf lint failed in $dir (exit $rc):" >&2
    cat "$err" "$out" >&2
    rm -f "$out" "$err"
    return 1
  fi
  if [ "$rc" -eq 100 ] && [ ! -s "$out" ]; then
    echo "error: buf lint exited 100 with no findings in $dir:" >&2
    cat "$err" >&2
    rm -f "$out" "$err"
    return 1
  fi
  local tmp
  tmp=$(mktemp)
  if ! to_expectations <"$out" | LC_ALL=C sort -u >"$tmp"; then
    echo "error: could not convert buf output in $dir" >&2
    rm -f "$out" "$err" "$tmp"
    return 1
  fi
  mv "$tmp" "$dir/expected.txt"
  chmod 644 "$dir/expected.txt"
  rm -f "$out" "$err"
  echo "$(basename "$dir"): $(wc -l <"$dir/expected.txt" | tr -d ' ') finding(s)"
}

dirs=()
if [ "$#" -eq 0 ]; then
  for d in "$lint_root"/*/; do
    [ -d "$d" ] && dirs+=("${d%/}")
  done
else
  for arg in "$@"; do
    if [ -d "$arg" ]; then
      dirs+=("$(cd "$arg" && pwd)")
    elif [ -d "$lint_root/$arg" ]; then
      dirs+=("$lint_root/$arg")
    else
      echo "error: no such fixture: $arg" >&2
      exit 1
    fi
  done
fi

status=0
for d in "${dirs[@]}"; do
  regen "$d" || status=1
done
exit "$status"
