#!/usr/bin/env bash
# `make dist`: the release artifacts this machine can build (Linux x86_64), once, into dist/:
#   alternative_payments-<v>-cp39-abi3-manylinux2014_x86_64...whl  the wheel (glibc 2.17, Python 3.9+)
#   alternative_payments-<v>.tar.gz                                the sdist (builds with a Rust toolchain)
#   alternative-payments-<v>.tgz                                   the npm package (JS, typings, loader)
#   alternative-payments-linux-x64-gnu-<v>.tgz                     its prebuilt addon (glibc 2.17)
# Built with the `dist` profile (fat LTO, stripped, opt-level "s") and linked by zig against
# glibc 2.17. The other platforms are built by .github/workflows/release.yml.
#
#   bash scripts/dist.sh [python|node]    one of the two (all by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
WHAT=${1:-all}
case $WHAT in all | python | node) ;; *) echo "usage: $0 [python|node]" >&2; exit 2 ;; esac
TARGET=x86_64-unknown-linux-gnu

node bindings-node/scripts/versions.js
setup_dist_tools
export VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH
mkdir -p dist

if [ "$WHAT" != node ]; then
  rm -f dist/*.whl dist/*.tar.gz
  maturin build --quiet --profile dist --zig --compatibility manylinux2014 --target "$TARGET" \
    -m bindings-python/Cargo.toml -o dist
  maturin sdist -m bindings-python/Cargo.toml -o dist > /dev/null
fi

if [ "$WHAT" != python ]; then
  rm -f dist/*.tgz
  platform=linux-x64-gnu
  cargo-zigbuild zigbuild --quiet --profile dist --target "$TARGET.2.17" -p alternative-payments-node
  stage=$(mktemp -d)
  cp -r "bindings-node/npm/$platform/." "$stage/"
  cp "target/$TARGET/dist/libalternative_payments_napi.so" "$stage/alternative-payments.$platform.node"
  (cd "$stage" && npm pack --silent --pack-destination "$ROOT/dist" > /dev/null)
  rm -rf "$stage"
  (cd bindings-node && npm pack --silent --ignore-scripts --pack-destination "$ROOT/dist" > /dev/null)
fi

ls -l dist
