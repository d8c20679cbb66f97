#!/usr/bin/env bash
# The bench command: builds release, starts a release sandbox, runs each benchmark with its
# baseline in the same process, prints a table and writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_sandbox EXIT

step "Building release: sandbox, Rust benchmarks, the Python wheel, the Node addon"
cargo build --release -q -p ap-sandbox -p ap-bench
cargo build --release -q -p alternative-payments --example fleet_worker
ensure_redis_server
setup_python release
.venv/bin/python -m pip install --quiet requests httpx
setup_node release >/dev/null
step "The release artifacts (make dist): their sizes, and the import time of the published wheel"
bash scripts/dist.sh > /dev/null
rm -rf target/dist-venv && python3 -m venv target/dist-venv
target/dist-venv/bin/python -m pip install --quiet --no-index dist/*.whl

start_sandbox release --rate-limit off
rows=$(mktemp)
step "Rust"
SANDBOX_URL=$SANDBOX_URL ./target/release/ap-bench | tee -a "$rows"
step "Python"
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/python_bench.py latency throughput tokens pagination concurrent | tee -a "$rows"
SANDBOX_URL=$SANDBOX_URL target/dist-venv/bin/python bench/python_bench.py startup | tee -a "$rows"
step "Node"
SANDBOX_URL=$SANDBOX_URL node --expose-gc bench/node_bench.mjs | tee -a "$rows"
step "Per call, every face as a ratio to the floor (raw reqwest), interleaved rounds"
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/per_call.py | tee -a "$rows"
step "Many processes, one key (Redis)"
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/fleet_bench.py | tee -a "$rows"
addon=$(mktemp -d) && tar xzf dist/alternative-payments-linux-x64-gnu-*.tgz -C "$addon"
size_row() { # what, file, target in MB
  printf '{"lang":"dist","bench":"size","what":"%s","bytes":%d,"target_mb":%s}\n' "$1" "$(stat -c %s "$2")" "$3" >> "$rows"
}
size_row "Python wheel ($(basename dist/*.whl))" dist/*.whl 3
size_row "Node addon, stripped (alternative-payments.linux-x64-gnu.node)" "$addon"/package/*.node 6
size_row "npm tarball of the addon package" dist/alternative-payments-linux-x64-gnu-*.tgz 6
size_row "npm tarball of the main package" dist/alternative-payments-[0-9]*.tgz 1
rm -rf "$addon"

step "Results (also in bench/RESULTS.md)"
.venv/bin/python bench/report.py < "$rows"
rm -f "$rows"
