#!/usr/bin/env bash
# Lints the googleapis protos with only the API_DESIGN rules and prints the count per rule
# and a random sample of 50 findings per rule, with the source line, for review by hand.
# Usage: scripts/api-design-sample.sh [CACHE_DIR]   (shares scripts/compare-setup.sh's cache)
set -euo pipefail
source "$(dirname "$0")/compare-setup.sh" "$@"
googleapis=$(corpus googleapis latest)
corpus="$cache/api-design"
rm -rf "$corpus" && mkdir -p "$corpus"
cp -r "$googleapis/google" "$googleapis/grafeas" "$corpus/"
printf 'version: v2\nlint:\n  use: [API_DESIGN]\n' > "$corpus/protogate.yaml"
(cd "$corpus" && "$protogate" lint --error-format json > "$cache/api-design.json") || true
python3 - "$cache/api-design.json" "$corpus" <<'PY'
import collections, json, random, sys
findings, root = sys.argv[1], sys.argv[2]
by_rule = collections.defaultdict(list)
for line in open(findings, encoding="utf-8"):
    finding = json.loads(line)
    by_rule[finding["type"]].append(finding)
random.seed(50)
for rule, items in sorted(by_rule.items()):
    print(f"== {rule}: {len(items)} findings; sample of {min(50, len(items))}")
    for f in random.sample(items, min(50, len(items))):
        source = open(f"{root}/{f['path']}", encoding="utf-8").read().split("\n")[f["start_line"] - 1].strip()
        print(f"  {f['path']}:{f['start_line']}  {source[:80]}")
PY
