#!/usr/bin/env bash
# Times `protogate history` over N tags (default 200) of the example tree. Each tag adds a
# message, so every version is a distinct tree. Usage: scripts/bench-history.sh [N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-200}
(cd "$repo" && cargo build --release --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init --quiet
git config user.name bench && git config user.email bench@example.com
cp -r "$repo/examples/proto" proto
file=proto/acme/catalog/v1/product.proto
for i in $(seq 1 "$count"); do
  printf '\n// Added in version %s.\nmessage Note%s {\n  // Text.\n  string text = 1;\n}\n' "$i" "$i" >> "$file"
  git add -A && git commit --quiet -m "v1.$i.0"
  git tag -a "v1.$i.0" -m "v1.$i.0"
done
echo "tags: $(git tag | wc -l), machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB" >&2
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 "$repo/target/release/protogate history proto"
else
  for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, %M KiB peak RSS" "$repo/target/release/protogate" history proto
  done
fi
