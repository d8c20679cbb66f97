#!/usr/bin/env bash
# Packs the npm package (with the debug addon already built), installs the tarball into an
# empty project, and runs the quickstart there against a sandbox, the command line, and the
# testing kit's example.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
work=$(mktemp -d)
sandbox_pid=
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd bindings-node && npm pack --ignore-scripts --silent --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/alternative-payments-*.tgz)
mkdir "$work/app"
cp bindings-node/examples/quickstart.mjs bindings-node/examples/sandbox.test.mjs "$work/app/"
(cd "$work/app" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$tarball")

"$ROOT/target/debug/ap-sandbox" --port 0 > "$work/sandbox.out" &
sandbox_pid=$!
for _ in $(seq 50); do grep -q listening "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/sandbox.out")

(cd "$work/app" && ALTERNATIVE_PAYMENTS_BASE_URL=$url ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
  ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret node quickstart.mjs | tail -n 3)

# The command line comes with the package, as `npx alternative-payments`.
(cd "$work/app" && ALTERNATIVE_PAYMENTS_BASE_URL=$url ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
  ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret ./node_modules/.bin/alternative-payments customers list --format table)

# The testing kit from the installed package: the README's node:test example.
(cd "$work/app" && node --test sandbox.test.mjs | grep -E '^# (pass|fail)')
