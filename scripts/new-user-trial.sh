#!/usr/bin/env bash
# Times the README's first steps as a new user takes them: a fresh clone, an empty cargo
# home (every crate is downloaded and built), `cargo install`, a lint of the examples, a
# breaking check against HEAD~1, `generate`, and the generated reference server until it
# accepts a gRPC connection. Prints the seconds since the start after each step.
#
# Usage: scripts/new-user-trial.sh [WORK_DIR]
#   WORK_DIR   where the clone and the cargo home go (default: a new temp dir, removed after)
# Any step that fails ends the trial with its exit code.
# Needs the Rust toolchain, git, python3, and network access to crates.io. With Python's
# grpcio installed, the last step waits for a gRPC channel; without it, for the TCP port.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
server=
keep=${1:-}
if [ -n "$keep" ]; then
  work=$(mkdir -p "$keep" && cd "$keep" && pwd)
else
  work=$(mktemp -d)
fi
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    pkill -f "$work/protogate/gen/catalog-api/target/debug/reference-server" || true
  fi
  if [ -z "$keep" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
export CARGO_HOME="$work/cargo-home"
export PATH="$CARGO_HOME/bin:$PATH"
port=50051
start=$(date +%s.%N)
step() { printf '%6.1f s  %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$*"; }

git clone --quiet "$repo" "$work/protogate"
cd "$work/protogate"
step "cloned $(git rev-parse --short HEAD)"
cargo install --locked --path . >"$work/install.log" 2>&1
step "cargo install --locked --path . ($(grep -c Compiling "$work/install.log") crates compiled)"
protogate lint examples/proto
step "protogate lint examples/proto"
protogate breaking examples/proto --against '.git#ref=HEAD~1,subdir=examples/proto'
step "protogate breaking --against HEAD~1"
protogate generate examples/proto --out gen/catalog-api
step "protogate generate"
cd gen/catalog-api
cargo run --bin reference-server >"$work/server.log" 2>&1 &
server=$!
python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
while True:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        break
    except OSError:
        time.sleep(0.5)
try:
    import grpc
except ImportError:
    sys.exit(0)
grpc.channel_ready_future(grpc.insecure_channel(f"127.0.0.1:{port}")).result(timeout=30)
PY
step "reference server up on 127.0.0.1:$port ($(tail -1 "$work/server.log"))"
