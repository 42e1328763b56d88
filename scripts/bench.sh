#!/usr/bin/env bash
# Times protogate against buf and protoc on the googleapis protos and writes BENCHMARKS.md.
#
# Usage: scripts/bench.sh [CACHE_DIR]
#   RUNS=3            measured runs of each command (interleaved: run 1 of every command,
#                     then run 2, ...); medians are reported
#   SCALE_RUNS=5      hyperfine runs of each scaling lint (1x, 2x, 4x the corpus)
#   CURRENT=5.0.3     google-proto-files version linted and compared
#   PREVIOUS=4.2.0    google-proto-files version breaking compares against
#   PROTOGATE=path    a protogate binary (default: a release build of this checkout)
#   SKIP_PEERS=1      time protogate only (no buf, no protoc)
#   NICE=-10          niceness of the timed commands (default -10 as root, else 0), so that
#                     other work on the machine disturbs both tools less
#
# On a fresh machine it installs what is missing: buf 1.75 and both corpora with npm into
# the cache dir (shared with scripts/compare-buf.sh), protoc, hyperfine and GNU time with
# apt-get. The corpus is `google/` and `grafeas/` without `google/protobuf/` (both tools
# bundle the well-known types) under a `version: v2` buf.yaml, so both use buf's defaults.
set -euo pipefail
source "$(dirname "$0")/compare-setup.sh" "$@"
runs=${RUNS:-3}
scale_runs=${SCALE_RUNS:-5}
current_version=${CURRENT:-5.0.3}
if [ "$(id -u)" = 0 ]; then niceness=${NICE:--10}; else niceness=${NICE:-0}; fi
previous_version=${PREVIOUS:-4.2.0}

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "$@" >/dev/null
}
command -v protoc >/dev/null || apt_install protobuf-compiler
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

current=$(corpus "googleapis-$current_version" "$current_version")
previous=$(corpus "googleapis-$previous_version" "$previous_version")
files=$(cd "$current" && find google grafeas -name '*.proto' | wc -l)
work="$cache/bench"
mkdir -p "$work"

# The git form: both versions committed as two tags of one repository; the working tree
# holds the current version.
gitrepo="$work/git-$previous_version-$current_version"
if [ ! -d "$gitrepo/.git" ]; then
  rm -rf "$gitrepo.partial"
  mkdir -p "$gitrepo.partial"
  (
    cd "$gitrepo.partial"
    git init --quiet
    git config user.name bench && git config user.email bench@example.com
    cp -r "$previous/google" "$previous/grafeas" "$previous/buf.yaml" .
    git add -A && git commit --quiet -m "google-proto-files $previous_version"
    git tag "v$previous_version"
    rm -rf google grafeas
    cp -r "$current/google" "$current/grafeas" .
    git add -A && git commit --quiet -m "google-proto-files $current_version"
    git tag "v$current_version"
  )
  mv "$gitrepo.partial" "$gitrepo"
fi

# Scaled corpora: copy k renames the roots google/ and grafeas/ to googleK/ and grafeasK/,
# and with them every import, package and type reference (the packages outside google.*,
# maps.fleetengine and cloud.kubernetes, become mapsK and cloudK), except google.protobuf:
# the well-known types stay bundled. Each copy compiles on its own: 4x is four googleapis.
scaled() {
  local factor=$1 dir="$work/scale-$1"
  if [ ! -d "$dir" ]; then
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    cp -r "$current/google" "$current/grafeas" "$current/buf.yaml" "$dir.partial/"
    for k in $(seq 2 "$factor"); do
      cp -r "$current/google" "$dir.partial/google$k"
      cp -r "$current/grafeas" "$dir.partial/grafeas$k"
      find "$dir.partial/google$k" "$dir.partial/grafeas$k" -name '*.proto' -print0 |
        xargs -0 perl -pi -e "
          s{google([./])protobuf}{\x00PB\$1protobuf}g;
          s{\\bgoogle([./])}{google$k\$1}g;
          s{\\bgrafeas([./])}{grafeas$k\$1}g;
          s{(?<![\\w.])(\\.?)(maps|cloud)\\.(fleetengine|kubernetes)}{\${1}\${2}$k.\${3}}g;
          s{\x00PB}{google}g;"
    done
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

# measure LABEL DIR OK_CODES COMMAND...: one run of COMMAND in DIR under GNU time; appends
# "label wall user sys max_rss_kib" to $results. An exit code outside OK_CODES stops.
results="$work/runs.tsv"
: >"$results"
measure() {
  local label=$1 dir=$2 ok=$3 rc=0
  shift 3
  (cd "$dir" && nice -n "$niceness" /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt") || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    echo "error: $label exited $rc:" >&2
    head -20 "$work/err.txt" >&2
    exit 1
  fi
  echo "$label $(tail -1 "$work/time.txt")" >>"$results"
}

protoc_files=$(cd "$current" && find google grafeas -name '*.proto' | sort)
commands() { # label dir ok-codes command...
  measure "protogate build -o" "$current" "0" "$protogate" build -o "$work/protogate.binpb"
  measure "protogate lint" "$current" "0 1" "$protogate" lint
  measure "protogate breaking --against DIR" "$current" "0 1" "$protogate" breaking --against "$previous"
  measure "protogate breaking --against .git#tag" "$gitrepo" "0 1" "$protogate" breaking --against ".git#tag=v$previous_version"
  [ -n "${SKIP_PEERS:-}" ] && return
  # shellcheck disable=SC2086 # one argument per file
  measure "protoc -o" "$current" "0" protoc -I . --include_imports --include_source_info -o "$work/protoc.binpb" $protoc_files
  measure "buf build -o" "$current" "0" "$buf" build -o "$work/buf.binpb"
  measure "buf lint" "$current" "0 100" "$buf" lint
  measure "buf breaking --against DIR" "$current" "0 100" "$buf" breaking --against "$previous"
  measure "buf breaking --against .git#tag" "$gitrepo" "0 100" "$buf" breaking --against ".git#tag=v$previous_version"
}

echo "corpus: google-proto-files $current_version ($files files), previous $previous_version; $runs runs" >&2
find "$current" "$previous" -name '*.proto' -print0 | xargs -0 cat >/dev/null # warm the page cache
"$protogate" lint "$current" >/dev/null || true
for run in $(seq 1 "$runs"); do
  echo "run $run/$runs" >&2
  commands
done

# Scaling: the same lint on 1x, 2x and 4x the corpus.
scaling="$work/scaling.tsv"
: >"$scaling"
for factor in 1 2 4; do
  dir=$(scaled "$factor")
  n=$(find "$dir" -name '*.proto' | wc -l)
  echo "scaling ${factor}x: $n files" >&2
  nice -n "$niceness" hyperfine --style none --warmup 1 --runs "$scale_runs" -i \
    --export-json "$work/scale-$factor.json" "cd '$dir' && '$protogate' lint" >/dev/null 2>&1
  nice -n "$niceness" /usr/bin/time -f "%M" -o "$work/time.txt" sh -c "cd '$dir' && '$protogate' lint >/dev/null" || true
  echo "$factor $n $work/scale-$factor.json $(tail -1 "$work/time.txt")" >>"$scaling"
done

versions="protogate $(cd "$repo" && git describe --always --dirty 2>/dev/null || echo unknown)"
[ -n "${SKIP_PEERS:-}" ] || versions="$versions, buf $("$buf" --version), $(protoc --version)"
machine="$(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem/ {print $2}') GiB RAM, load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$scaling" "$repo/BENCHMARKS.md" "$versions" "$machine" \
  "google-proto-files $current_version ($files files; breaking against $previous_version)" "$runs" <<'EOF'
import collections, json, statistics, sys, datetime

results, scaling, out, versions, machine, corpus, runs = sys.argv[1:8]
rows = collections.defaultdict(list)
for line in open(results):
    *label, wall, user, system, rss = line.split()
    rows[" ".join(label)].append((float(wall), float(user) + float(system), int(rss)))

def med(label, i):
    return statistics.median(r[i] for r in rows[label])

jobs = [
    ("build", "protogate build -o", ["protoc -o", "buf build -o"]),
    ("lint", "protogate lint", ["buf lint"]),
    ("breaking, directory", "protogate breaking --against DIR", ["buf breaking --against DIR"]),
    ("breaking, git tag", "protogate breaking --against .git#tag", ["buf breaking --against .git#tag"]),
]
lines = [
    "| job | command | median wall (s) | median user+sys (s) | peak RSS (MiB) | wall: peer / protogate | CPU: peer / protogate |",
    "|---|---|---:|---:|---:|---:|---:|",
]
for job, ours, peers in jobs:
    if ours not in rows:
        continue
    w, c, m = med(ours, 0), med(ours, 1), med(ours, 2) / 1024
    lines.append(f"| {job} | `{ours}` | {w:.2f} | {c:.2f} | {m:.0f} | | |")
    for peer in peers:
        if peer not in rows:
            continue
        pw, pc, pm = med(peer, 0), med(peer, 1), med(peer, 2) / 1024
        lines.append(f"| | `{peer}` | {pw:.2f} | {pc:.2f} | {pm:.0f} | **{pw / w:.1f}×** | {pc / c:.1f}× |")

scale = ["| corpus | files | median wall (s) | mean user+sys (s) | wall ms per file | CPU ms per file | CPU per file vs 1× | peak RSS (MiB) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
base = None
for line in open(scaling):
    factor, n, path, rss = line.split()
    result = json.load(open(path))["results"][0]
    wall = result["median"]
    cpu = result["user"] + result["system"]  # hyperfine reports their means
    per_file = wall / int(n) * 1000
    cpu_per_file = cpu / int(n) * 1000
    base = base or cpu_per_file
    scale.append(f"| {factor}× | {n} | {wall:.2f} | {cpu:.2f} | {per_file:.3f} | {cpu_per_file:.3f} | {cpu_per_file / base:.2f} | {int(rss) / 1024:.0f} |")

text = f"""# Benchmarks

Written by `scripts/bench.sh` on {datetime.date.today().isoformat()}.

- Versions: {versions}
- Machine: {machine}
- Corpus: {corpus}, `google/` and `grafeas/` without `google/protobuf/`, default v2 config
- Method: {runs} runs of each command, interleaved (run 1 of every command, then run 2, ...),
  at the same niceness; medians of wall and user+sys time and of peak RSS, from GNU time.
  Ratios above 1 mean protogate is faster. When other work shares the machine, wall times
  stretch and user+sys CPU time is the steadier measure.

{chr(10).join(lines)}

## Scaling

`protogate lint` on 1×, 2× and 4× the corpus (copies under renamed roots and packages),
median of hyperfine runs.

{chr(10).join(scale)}
"""
open(out, "w").write(text)
print(text)
EOF
