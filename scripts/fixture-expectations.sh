#!/usr/bin/env bash
# Regenerate the expected.txt of lint or breaking fixtures by running the real buf binary.
#
# Usage: scripts/fixture-expectations.sh lint|breaking [FIXTURE_DIR_OR_RULE_ID ...]
#   With no fixture arguments, every directory under testdata/<kind>/ is regenerated,
#   except those with a protogate.yaml (protogate's own rules; expectations by hand).
#   The buf binary is taken from $BUF, or `buf` on PATH.
#
# lint:     each fixture dir is a module root with a buf.yaml; buf is run on a copy of it,
#           with protogate's bundled buf/validate/validate.proto added when the fixture has
#           none, as `buf lint --error-format json`.
# breaking: each fixture holds two module roots, previous/ and current/, with the same
#           buf.yaml; buf is run inside current/ as
#           `buf breaking --against ../previous --error-format json`.
#
# expected.txt holds one line per finding, `path:start_line:start_column RULE_ID`,
# sorted with LC_ALL=C and de-duplicated. An empty file means buf reports nothing.
# Findings without a location (e.g. a deleted file, FILE_NO_DELETE, or a deleted
# package, PACKAGE_NO_DELETE) have no "path" key in buf's JSON: they are written
# with an empty path, e.g. `:1:1 FILE_NO_DELETE`.
# A fixture dir that holds a buf-messages.txt also gets buf's message texts written there,
# `path:line:col RULE_ID message` per finding (tests that compare messages read it).
set -euo pipefail

usage="usage: $0 lint|breaking [FIXTURE_DIR_OR_RULE_ID ...]"
if [ "$#" -lt 1 ]; then
  echo "$usage" >&2
  exit 1
fi
kind=$1
shift
case "$kind" in
  lint | breaking) ;;
  *)
    echo "$usage" >&2
    exit 1
    ;;
esac

script_dir=$(cd "$(dirname "$0")" && pwd)
fixture_root="$script_dir/../testdata/$kind"
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
    jq -r 'if .type == "COMPILE" then error("compile error: \(.path // ""):\(.start_line // 0):\(.start_column // 0) \(.message)")
           else "\(.path // ""):\(.start_line // 0):\(.start_column // 0) \(.type)" end'
  else
    python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    a = json.loads(line)
    if a.get("type") == "COMPILE":
        sys.exit("compile error: %s:%s:%s %s" % (a.get("path", ""), a.get("start_line", 0), a.get("start_column", 0), a.get("message")))
    print("%s:%s:%s %s" % (a.get("path", ""), a.get("start_line", 0), a.get("start_column", 0), a["type"]))
'
  fi
}

# Checks a fixture's layout and runs buf on it, JSON to $1 and stderr to $2; prints the
# exit code.
run_buf() {
  local dir=$1 out=$2 err=$3 rc=0 side
  if [ "$kind" = lint ]; then
    if [ ! -f "$dir/buf.yaml" ]; then
      echo "error: $dir has no buf.yaml" >&2
      return 1
    fi
    # buf does not bundle buf/validate/validate.proto as protogate does: lint a copy of
    # the fixture with it added, and drop buf's findings in that file.
    local copy
    copy=$(mktemp -d)
    cp -R "$dir/." "$copy"
    if [ ! -e "$copy/buf/validate/validate.proto" ]; then
      mkdir -p "$copy/buf/validate"
      cp "$script_dir/../src/compile/bundled/buf/validate/validate.proto" "$copy/buf/validate/"
    fi
    (cd "$copy" && "$buf_bin" lint --error-format json) >"$out.all" 2>"$err" || rc=$?
    grep -v '"path":"buf/validate/validate.proto"' "$out.all" >"$out" || true
    rm -rf "$copy" "$out.all"
  else
    for side in previous current; do
      if [ ! -f "$dir/$side/buf.yaml" ]; then
        echo "error: $dir/$side has no buf.yaml" >&2
        return 1
      fi
    done
    if ! cmp -s "$dir/previous/buf.yaml" "$dir/current/buf.yaml"; then
      echo "error: $dir: previous/buf.yaml and current/buf.yaml differ" >&2
      return 1
    fi
    (cd "$dir/current" && "$buf_bin" breaking --against ../previous --error-format json) >"$out" 2>"$err" || rc=$?
  fi
  echo "$rc"
}

regen() {
  local dir=$1
  local out err rc
  out=$(mktemp) err=$(mktemp)
  if ! rc=$(run_buf "$dir" "$out" "$err"); then
    rm -f "$out" "$err"
    return 1
  fi
  # A buf.yaml whose `use` resolves to no rule at all (only a deprecated no-op such as
  # IMPORT_NO_WEAK or MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT) makes buf 1.75 abort with an
  # internal "resultRules was empty" error. No rule runs, so there is nothing to report:
  # record an empty expectation.
  if [ "$rc" -ne 0 ] && grep -q 'resultRules was empty' "$err"; then
    echo "warning: $(basename "$dir"): buf ran no rules (deprecated no-op only); writing empty expected.txt" >&2
    : >"$out"
    rc=0
  fi
  # buf exits 0 when clean and 100 when it reports findings; anything else is a failure
  # (a compile error is reported with exit 100 and a COMPILE finding, caught by
  # to_expectations).
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 100 ]; then
    echo "error: buf $kind failed in $dir (exit $rc):" >&2
    cat "$err" "$out" >&2
    rm -f "$out" "$err"
    return 1
  fi
  if [ "$rc" -eq 100 ] && [ ! -s "$out" ]; then
    echo "error: buf $kind exited 100 with no findings in $dir:" >&2
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
  # A fixture that keeps buf's message texts (buf-messages.txt) gets them refreshed too.
  if [ -f "$dir/buf-messages.txt" ]; then
    python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        a = json.loads(line)
        message = a["message"].replace("\u00a0", " ")
        print("%s:%s:%s %s %s" % (a.get("path", ""), a.get("start_line", 0), a.get("start_column", 0), a["type"], message))
' <"$out" | LC_ALL=C sort -u >"$dir/buf-messages.txt"
  fi
  rm -f "$out" "$err"
  echo "$(basename "$dir"): $(wc -l <"$dir/expected.txt" | tr -d ' ') finding(s)"
}

dirs=()
if [ "$#" -eq 0 ]; then
  for d in "$fixture_root"/*/; do
    # Fixtures of protogate's own rules carry a protogate.yaml and hand-written
    # expectations: buf does not know those rules.
    [ -d "$d" ] && [ ! -f "$d/protogate.yaml" ] && dirs+=("${d%/}")
  done
else
  for arg in "$@"; do
    if [ -d "$arg" ]; then
      dirs+=("$(cd "$arg" && pwd)")
    elif [ -d "$fixture_root/$arg" ]; then
      dirs+=("$fixture_root/$arg")
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
