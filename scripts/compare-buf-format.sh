#!/usr/bin/env bash
# Formats the googleapis protos (google/ and grafeas/, without google/protobuf/) with buf
# 1.75 (`buf format`) and with `protogate fmt`, then reports:
#   - the share of files whose formatted text is byte-identical, and the main kinds of
#     difference (with example files);
#   - whether `protogate fmt` is idempotent on every file (its output formats to itself);
#   - whether the formatted tree compiles to the same descriptors as the original, source
#     info aside (both built with `protogate build -o`, compared by the ignored test
#     `images_from_the_environment_have_the_same_descriptors` in tests/fmt_corpus.rs).
# Usage: scripts/compare-buf-format.sh [CACHE_DIR]   (set-up shared in compare-setup.sh)
# Exits 1 when formatting is not idempotent or changes a descriptor.
set -euo pipefail
source "$(dirname "$0")/compare-setup.sh" "$@"
corpus=$(corpus googleapis latest)
work="$cache/fmt"
rm -rf "$work"
mkdir -p "$work"
version=$(corpus_version googleapis 2>/dev/null || echo "unknown")
(cd "$corpus" && find google grafeas -name '*.proto' | LC_ALL=C sort) >"$work/files.txt"
echo "buf: $("$buf" --version), corpus: google-proto-files $version, $(wc -l <"$work/files.txt") files" >&2

echo "formatting with buf..." >&2
(cd "$corpus" && "$buf" format -o "$work/buf")
echo "formatting with protogate..." >&2
mkdir -p "$work/protogate"
cp -R "$corpus/." "$work/protogate/"
(cd "$work/protogate" && "$protogate" fmt -w)

# Idempotent: the formatted tree is formatted already.
status=0
mkdir -p "$work/again"
cp -R "$work/protogate/." "$work/again/"
if (cd "$work/again" && "$protogate" fmt --check >"$work/not-idempotent.txt"); then
  echo "idempotent: yes, on every file"
else
  echo "idempotent: NO, $(wc -l <"$work/not-idempotent.txt") files change when formatted again (listed in $work/not-idempotent.txt)"
  status=1
fi

python3 - "$work" <<'EOF'
import collections, difflib, os, sys

work = sys.argv[1]
files = [line.strip() for line in open(os.path.join(work, "files.txt")) if line.strip()]
kinds = collections.defaultdict(list)
identical = 0

def kind_of(buf_lines, pg_lines):
    changed = [
        line
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, buf_lines, pg_lines).get_opcodes()
        if tag != "equal"
        for line in buf_lines[i1:i2] + pg_lines[j1:j2]
    ]
    stripped = [line.strip() for line in changed]
    if sorted(buf_lines) == sorted(pg_lines):
        if all(line.startswith("import ") for line in stripped):
            return "import order (kept as written: it is the descriptor's dependency order)"
        if all(line.startswith("option ") or not line.startswith(("import", "message", "enum", "service")) for line in stripped):
            return "file option order"
        return "statement order"
    if all(line == "" for line in stripped):
        return "blank lines"
    if all(line == "" or line.startswith(("//", "/*", "*")) for line in stripped):
        return "comments"
    return "other"

for name in files:
    with open(os.path.join(work, "buf", name), encoding="utf-8") as f:
        buf_text = f.read()
    with open(os.path.join(work, "protogate", name), encoding="utf-8") as f:
        pg_text = f.read()
    if buf_text == pg_text:
        identical += 1
    else:
        kinds[kind_of(buf_text.split("\n"), pg_text.split("\n"))].append(name)

total = len(files)
print(f"byte-identical to buf format: {identical} of {total} files ({100.0 * identical / total:.2f}%)")
for kind, names in sorted(kinds.items(), key=lambda item: -len(item[1])):
    print(f"  {len(names):5}  {kind}")
    for name in names[:3]:
        print(f"           e.g. {name}")
with open(os.path.join(work, "differing.txt"), "w") as f:
    for kind, names in kinds.items():
        for name in names:
            f.write(f"{kind}\t{name}\n")
print(f"(every differing file, with its kind: {os.path.join(work, 'differing.txt')};"
      f" diff -u {os.path.join(work, 'buf')}/FILE {os.path.join(work, 'protogate')}/FILE)")
EOF

echo "building both trees..." >&2
"$protogate" build "$corpus" -o "$work/original.binpb"
"$protogate" build "$work/protogate" -o "$work/formatted.binpb"
if (cd "$repo" && PROTOGATE_FMT_IMAGES="$work/original.binpb,$work/formatted.binpb" \
  cargo test --quiet --test fmt_corpus images_from_the_environment_have_the_same_descriptors \
  -- --ignored --nocapture >"$work/descriptors.txt" 2>&1); then
  grep -E "^descriptors:" "$work/descriptors.txt"
else
  grep -E "^descriptors|differ|panicked" "$work/descriptors.txt" || true
  echo "descriptors: the formatted tree does NOT compile to the same descriptors ($work/descriptors.txt)"
  status=1
fi
exit $status
