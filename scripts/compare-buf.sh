#!/usr/bin/env bash
# Lints the googleapis protos with buf 1.75 and with protogate (same v2 default config) and
# compares the (path, line, column, rule) sets. Usage: scripts/compare-buf.sh [CACHE_DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/protogate-compare}
mkdir -p "$cache"
cd "$cache"
if [ ! -x node_modules/.bin/buf ] || [ ! -d node_modules/google-proto-files ]; then
  npm install --no-save --silent @bufbuild/buf@1.75 google-proto-files >/dev/null
fi
corpus="$cache/googleapis"
if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus"
  cp -r node_modules/google-proto-files/google node_modules/google-proto-files/grafeas "$corpus/"
  rm -rf "$corpus/google/protobuf"
  printf 'version: v2\n' > "$corpus/buf.yaml"
fi
(cd "$repo" && cargo build --release --quiet)
echo "buf: $(node_modules/.bin/buf --version), corpus: $(find "$corpus" -name '*.proto' | wc -l) files" >&2
(cd "$corpus" && "$cache/node_modules/.bin/buf" lint --error-format json > "$cache/buf-lint.json") || true
(cd "$corpus" && "$repo/target/release/protogate" lint --error-format json > "$cache/protogate-lint.json") || true
python3 "$repo/scripts/compare-findings.py" "$cache/buf-lint.json" "$cache/protogate-lint.json"
