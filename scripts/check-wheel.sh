#!/usr/bin/env bash
# Builds the Python wheel (debug profile, as the tests use), installs it into a fresh virtualenv
# with nothing else, and runs the `alternative-payments` console script and an import there
# against a sandbox: what `pip install alternative-payments` gives a user. Then the testing kit
# from the installed wheel: the README's pytest example, with the `ap_sandbox` fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
work=$(mktemp -d)
trap 'stop_sandbox; rm -rf "$work"' EXIT
VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH \
  maturin build --quiet --profile dev -m bindings-python/Cargo.toml -o "$work/wheels" > /dev/null
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --no-index "$work"/wheels/*.whl
start_sandbox debug
export ALTERNATIVE_PAYMENTS_BASE_URL=$SANDBOX_URL ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
  ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret
"$work/venv/bin/python" -c 'import alternative_payments as ap; ap.Client().customers.create(name="Fresh", email="f@x.test")'
"$work/venv/bin/alternative-payments" customers list --format table
"$work/venv/bin/python" -m pip install --quiet pytest
cp bindings-python/examples/test_with_sandbox.py "$work/"
(cd "$work" && unset ALTERNATIVE_PAYMENTS_BASE_URL && "$work/venv/bin/python" -m pytest -q -p no:cacheprovider test_with_sandbox.py)
