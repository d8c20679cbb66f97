#!/usr/bin/env bash
# The Python artifacts of `make dist` as a user meets them (run after scripts/dist.sh python):
#   - the wheel is manylinux2014 (auditwheel) and needs no glibc symbol newer than 2.17;
#   - it installs into a fresh virtualenv with no Rust on PATH, and there the quickstart, the
#     `alternative-payments` console script and the testing kit's pytest example run against a
#     sandbox (`pip install alternative-payments`);
#   - the sdist builds from source with a Rust toolchain (dev profile, sharing target/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
work=$(mktemp -d)
trap 'stop_sandbox; rm -rf "$work"' EXIT
wheel=$(ls dist/alternative_payments-*-cp39-abi3-manylinux2014_x86_64*.whl)
sdist=$(ls dist/alternative_payments-*.tar.gz)

.venv/bin/auditwheel show "$wheel" | tr -s ' \n' ' ' | grep -o 'consistent with the following platform tag: "manylinux_2_17_x86_64"' \
  || { .venv/bin/auditwheel show "$wheel"; echo "the wheel is not manylinux2014" >&2; exit 1; }
(cd "$work" && python3 -m zipfile -e "$ROOT/$wheel" unpacked)
check_glibc_2_17 "$work"/unpacked/alternative_payments/_native.abi3.so

user_path=$(path_without_rust)
PATH=$user_path bash -c '! command -v cargo > /dev/null && ! command -v rustc > /dev/null' \
  || { echo "cargo is still on the user's PATH" >&2; exit 1; }
PATH=$user_path python3 -m venv "$work/venv"
PATH=$user_path "$work/venv/bin/python" -m pip install --quiet --no-index "$wheel"

start_sandbox debug
export ALTERNATIVE_PAYMENTS_BASE_URL=$SANDBOX_URL ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
  ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret
PATH=$user_path "$work/venv/bin/python" bindings-python/examples/quickstart.py | tail -n 3
PATH=$user_path "$work/venv/bin/alternative-payments" customers list --format table | head -n 3
PATH=$user_path "$work/venv/bin/python" -m pip install --quiet pytest
cp bindings-python/examples/test_with_sandbox.py "$work/"
(cd "$work" && unset ALTERNATIVE_PAYMENTS_BASE_URL && PATH=$user_path "$work/venv/bin/python" -m pytest -q -p no:cacheprovider test_with_sandbox.py)

# The sdist, as pip builds it where no wheel fits: maturin from the sdist's pyproject.toml.
VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH CARGO_TARGET_DIR=$ROOT/target MATURIN_PEP517_ARGS="--profile dev" \
  .venv/bin/python -m pip wheel --quiet --no-deps --no-build-isolation -w "$work/from-sdist" "$sdist"
python3 -m venv "$work/sdist-venv"
"$work/sdist-venv/bin/python" -m pip install --quiet --no-index "$work"/from-sdist/*.whl
"$work/sdist-venv/bin/python" -c 'import alternative_payments as ap; print("from the sdist:", ap.__version__)'
