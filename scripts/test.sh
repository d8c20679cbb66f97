#!/usr/bin/env bash
# Every suite, every language, from a fresh clone. Installs what it needs into the project
# (.venv/, bindings-node/node_modules/) and builds everything in debug.
#
#   bash scripts/test.sh            every face (`make test`, what CI runs)
#   bash scripts/test.sh rust       one face: rust, python, node or ffi (`make test-rust`, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
FACE=${1:-all}
case $FACE in all | rust | python | node | ffi) ;; *) echo "usage: $0 [rust|python|node|ffi]" >&2; exit 2 ;; esac
STEPS=0
# `face X` says whether the steps that follow belong to this run.
face() { [ "$FACE" = all ] || [ "$FACE" = "$1" ]; }
step() { STEPS=$((STEPS + 1)); printf '\n== %s\n' "$*"; }

# Every face needs the core built and the sandbox binary.
step "Rust: core (unit, integration, property, doc tests, the Redis coordinator against redis-server) and sandbox"
ensure_redis_server
if face rust; then
  cargo test --workspace --exclude alternative-payments-python --exclude alternative-payments-node \
    --exclude alternative-payments-ffi
fi
cargo build -p ap-sandbox

if face rust; then
  step "Rust: a short fuzz pass over every decoder and argument parser (FUZZ_SECONDS=20; the long run is in the README)"
  FUZZ_SECONDS=20 cargo test -q -p alternative-payments --features fuzzing --test fuzz -- --ignored --nocapture

  step "Rust: no unwrap, expect or panic in library code (a panic across FFI would kill the host)"
  cargo clippy -q --workspace -- -A clippy::result_large_err -A clippy::too_many_arguments -D warnings

  step "Generated files are up to date (make generate: the Python and Node resource namespaces)"
  cargo run -q -p ap-generate -- --check

  step "The release workflow passes actionlint (built from the Go module proxy into target/tools)"
  ensure_actionlint
  target/tools/bin/actionlint -color=false .github/workflows/*.yml

  step "Rust: cargo doc of the core without a broken link"
  RUSTDOCFLAGS="-D warnings" cargo doc -q -p alternative-payments --no-deps
fi

if face python || face ffi; then
  step "Python: .venv with maturin, pytest and mypy; the binding built in debug"
  setup_python debug
fi

if face python; then
  step "Python: mypy --strict on the package and a typed example"
  .venv/bin/mypy --strict bindings-python/python/alternative_payments bindings-python/examples/typed_usage.py

  step "Python: pytest against the sandbox"
  .venv/bin/python -m pytest bindings-python/tests -q

  step "Python: make dist's wheel (manylinux2014, glibc 2.17) and sdist, built once in the dist profile"
  bash scripts/dist.sh python

  step "Python: the wheel in a fresh virtualenv without Rust runs the quickstart, the CLI and the testing kit; the sdist builds"
  bash scripts/check-wheel.sh

  step "Contract: schemathesis checks the sandbox against openapi/alternative-payments.yaml (the vendor's reference)"
  bash scripts/contract-test.sh
fi

if face node; then
  step "Node: dev dependencies and the addon (debug)"
  setup_node debug

  step "Node: tsc --strict on a typed example"
  (cd bindings-node && npx tsc --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --types node examples/typed.ts)

  step "Node: node --test against the sandbox"
  (cd bindings-node && node --test test/)

  step "Node: make dist's npm package and its linux-x64-gnu addon package (glibc 2.17), built once in the dist profile"
  bash scripts/dist.sh node

  step "Node: the tarballs in an empty project without Rust run the quickstart, the CLI and the testing kit"
  bash scripts/check-npm-pack.sh
fi

if [ "$FACE" = all ]; then
  step "Many processes, one key: 3 Python, 1 Node and 1 Rust process share a real Redis"
  cargo build -q -p alternative-payments --example fleet_worker
  .venv/bin/python -m pytest tests/fleet -q
fi

if face ffi; then
  step "uniffi: build the library; generate Python, Kotlin and Swift bindings"
  bash scripts/uniffi-bindings.sh python kotlin swift

  step "uniffi: the generated Python binding against the sandbox"
  .venv/bin/python -m pytest udl/tests -q

  step "uniffi: the generated Kotlin binding, compiled with JNA, runs the whole flow on the JVM"
  trap stop_sandbox EXIT
  start_sandbox debug
  SANDBOX_URL=$SANDBOX_URL mvn -q -B -Dstyle.color=never -f udl/kotlin/pom.xml compile exec:java -Djna.library.path="$ROOT/target/debug"
  stop_sandbox
fi

if [ "$FACE" = all ]; then
  step "Demo: the README's first command works with none of its binaries built yet"
  rm -f target/debug/ap-sandbox target/debug/examples/quickstart
  bash scripts/demo.sh > target/demo.log 2>&1 || { cat target/demo.log; exit 1; }
  grep -q "payout" target/demo.log || { cat target/demo.log; echo "the demo did not reach the payout" >&2; exit 1; }
  tail -n 5 target/demo.log
fi

# Every step above stops the script on failure (set -e), so reaching here means all passed.
printf '\nsteps: %d passed, 0 failed\n' "$STEPS"
