#!/usr/bin/env bash
# The demo: the same end-to-end flow from Rust, Python and Node. Against a local sandbox, or,
# when ALTERNATIVE_PAYMENTS_CLIENT_ID and _CLIENT_SECRET are set, against the real API
# (the simulated payment and payout are then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_sandbox EXIT

step "Building (debug): the sandbox, the Rust example, the Python and Node packages"
# Two builds: `-p a -p b --example x` would build only the example, not the sandbox binary.
cargo build -q -p ap-sandbox
cargo build -q -p alternative-payments --example quickstart
setup_python debug
setup_node debug >/dev/null

if [ -n "${ALTERNATIVE_PAYMENTS_CLIENT_ID:-}" ] && [ -n "${ALTERNATIVE_PAYMENTS_CLIENT_SECRET:-}" ]; then
  # The SDK's own rule (docs/behaviour.md, "Settings"): the base URL, else the environment's.
  case "${ALTERNATIVE_PAYMENTS_ENVIRONMENT:-production}" in
    [Dd][Ee][Mm][Oo]) api=https://public-api.demo.alternativepayments.io ;;
    *) api=https://public-api.alternativepayments.io ;;
  esac
  echo "Using the real API at ${ALTERNATIVE_PAYMENTS_BASE_URL:-$api}"
else
  start_sandbox debug
  echo "Sandbox running at $SANDBOX_URL"
  export ALTERNATIVE_PAYMENTS_BASE_URL=$SANDBOX_URL
  export ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id
  export ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret
fi

step "Rust (core/examples/quickstart.rs)"
./target/debug/examples/quickstart

step "Python (bindings-python/examples/quickstart.py)"
.venv/bin/python bindings-python/examples/quickstart.py

step "Node (bindings-node/examples/quickstart.mjs)"
(cd bindings-node && node examples/quickstart.mjs)
