#!/usr/bin/env bash
# Times `protogate history` over N tags (default 200), each of which changes one file, so
# every version is a distinct tree that mostly repeats the previous one.
#
# Usage: scripts/bench-history.sh [N] [TREE]
#   TREE              a module directory to tag (default: examples/proto, where every tag
#                     adds a message to product.proto); with a large tree such as the
#                     googleapis corpus of scripts/bench.sh, tag i adds a message to the
#                     i-th .proto file
#   RUNS=3            measured runs
#   PROTOGATE=path    a protogate binary (default: a release build of this checkout)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-200}
tree=$(cd "${2:-$repo/examples/proto}" && pwd)
runs=${RUNS:-3}
if [ -z "${PROTOGATE:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
  PROTOGATE="$repo/target/release/protogate"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init --quiet
git config user.name bench && git config user.email bench@example.com
cp -r "$tree" proto
if [ -z "${2:-}" ]; then
  mapfile -t files < <(for _ in $(seq 1 "$count"); do echo proto/acme/catalog/v1/product.proto; done)
else
  mapfile -t files < <(cd proto && find . -name '*.proto' -not -path './google/protobuf/*' | sort | head -n "$count" | sed 's|^\./|proto/|')
fi
git add -A && git commit --quiet -m "initial tree"
for i in $(seq 1 "$count"); do
  file=${files[$(((i - 1) % ${#files[@]}))]}
  printf '\n// Added in version %s.\nmessage BenchNote%s {\n  // Text.\n  string text = 1;\n}\n' "$i" "$i" >> "$file"
  git add -A && git commit --quiet -m "v1.$i.0"
  git tag -a "v1.$i.0" -m "v1.$i.0"
done
echo "tags: $(git tag | wc -l), files: $(find proto -name '*.proto' | wc -l), machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB" >&2
for run in $(seq 1 "$runs"); do
  /usr/bin/time -f "run $run: %e s wall, %U s user, %M KB peak RSS" "$PROTOGATE" history proto >/dev/null || true
done
