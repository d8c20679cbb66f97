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
rm -rf target/wheels && VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH \
  maturin build --quiet --release -m bindings-python/Cargo.toml -o target/wheels >/dev/null

start_sandbox release --rate-limit off
rows=$(mktemp)
step "Rust"
SANDBOX_URL=$SANDBOX_URL ./target/release/ap-bench | tee -a "$rows"
step "Python"
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/python_bench.py | tee -a "$rows"
step "Node"
SANDBOX_URL=$SANDBOX_URL node --expose-gc bench/node_bench.mjs | tee -a "$rows"
step "Many processes, one key (Redis)"
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/fleet_bench.py | tee -a "$rows"
printf '{"lang":"python","bench":"size","what":"Python wheel (%s)","bytes":%d}\n' \
  "$(basename target/wheels/*.whl)" "$(stat -c %s target/wheels/*.whl)" >> "$rows"
printf '{"lang":"node","bench":"size","what":"Node addon (alternative_payments.node)","bytes":%d}\n' \
  "$(stat -c %s bindings-node/native/alternative_payments.node)" >> "$rows"

step "Results (also in bench/RESULTS.md)"
.venv/bin/python bench/report.py < "$rows"
rm -f "$rows"
