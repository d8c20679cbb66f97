#!/usr/bin/env bash
# Every suite, every language, from a fresh clone. Installs what it needs into the project
# (.venv/, node_modules/) and builds everything in debug.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

step() { printf '\n== %s\n' "$*"; }

step "Rust: core (unit, integration, property, doc tests) and sandbox"
cargo test --workspace --exclude alternative-payments-python

step "Python: virtualenv with maturin, pytest and mypy"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "maturin>=1.5,<2" pytest mypy

step "Python: build the binding (debug) into .venv"
cargo build -p ap-sandbox
VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH maturin develop --quiet -m bindings-python/Cargo.toml

step "Python: mypy --strict on the package and a typed example"
.venv/bin/mypy --strict bindings-python/python/alternative_payments bindings-python/examples/typed_usage.py

step "Python: pytest against the sandbox"
.venv/bin/python -m pytest bindings-python/tests -q

step "Node: dev dependencies and the addon (debug)"
(cd bindings-node && npm install --no-audit --no-fund --loglevel=error && node scripts/build-native.js)

step "Node: tsc --strict on a typed example"
(cd bindings-node && npx tsc --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --types node examples/typed.ts)

step "Node: node --test against the sandbox"
(cd bindings-node && node --test test/)

step "Node: the packed tarball installs into an empty project and runs the quickstart"
bash scripts/check-npm-pack.sh
