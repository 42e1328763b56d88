#!/usr/bin/env bash
# Lints the googleapis protos with buf 1.75 and with protogate (same v2 default config) and
# compares the (path, line, column, rule) sets. Usage: scripts/compare-buf.sh [CACHE_DIR]
# (set-up shared with compare-buf-breaking.sh in compare-setup.sh).
set -euo pipefail
source "$(dirname "$0")/compare-setup.sh" "$@"
corpus=$(corpus googleapis latest)
echo "buf: $("$buf" --version), corpus: google-proto-files $(corpus_version googleapis), $(find "$corpus" -name '*.proto' | wc -l) files" >&2
(cd "$corpus" && "$buf" lint --error-format json > "$cache/buf-lint.json") || true
(cd "$corpus" && "$protogate" lint --error-format json > "$cache/protogate-lint.json") || true
python3 "$repo/scripts/compare-findings.py" "$cache/buf-lint.json" "$cache/protogate-lint.json"
