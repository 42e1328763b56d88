# Shared set-up of the compare-buf scripts; sourced, not run. Usage in a script:
#   source "$(dirname "$0")/compare-setup.sh" "$@"     # $1: the cache dir (optional)
# Sets $repo, $cache, $buf (buf 1.75 from npm) and $protogate (a release build, or
# $PROTOGATE), and defines `corpus NAME VERSION`.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/protogate-compare}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# Each npm install gets its own prefix: in a directory without package.json, a plain
# `npm install` would walk up to a parent's package.json and install there.
npm_install() {
  local prefix=$1
  shift
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --silent "$@" >/dev/null
}

buf="$cache/buf/node_modules/.bin/buf"
if [ ! -x "$buf" ]; then
  npm_install "$cache/buf" @bufbuild/buf@1.75
fi

# corpus NAME VERSION: prints the directory $cache/NAME holding the googleapis protos of
# npm google-proto-files@VERSION (`google/` and `grafeas/`, without `google/protobuf/`,
# which both tools bundle) under a `version: v2` buf.yaml. Made once; delete it to refresh.
corpus() {
  local name=$1 version=$2
  local dir="$cache/$name" package="$cache/npm-$name/node_modules/google-proto-files"
  if [ ! -d "$dir" ]; then
    if [ ! -d "$package" ]; then
      npm_install "$cache/npm-$name" "google-proto-files@$version"
    fi
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    cp -r "$package/google" "$package/grafeas" "$dir.partial/"
    rm -rf "$dir.partial/google/protobuf"
    printf 'version: v2\n' >"$dir.partial/buf.yaml"
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

# corpus_version NAME: the google-proto-files version a corpus was made from.
corpus_version() {
  node -p "require('$cache/npm-$1/node_modules/google-proto-files/package.json').version"
}

if [ -n "${PROTOGATE:-}" ]; then
  protogate=$PROTOGATE
else
  (cd "$repo" && cargo build --release --quiet)
  protogate="$repo/target/release/protogate"
fi
