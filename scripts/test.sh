#!/usr/bin/env bash
# Every suite, every language, from a fresh clone. Installs what it needs into the project.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: core and sandbox"
cargo test --workspace
