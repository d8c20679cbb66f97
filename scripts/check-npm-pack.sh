#!/usr/bin/env bash
# The npm artifacts of `make dist` as a user meets them (run after scripts/dist.sh node):
#   - the prebuilt addon needs no glibc symbol newer than 2.17;
#   - the two tarballs (the package and its linux-x64-gnu addon package) install into an empty
#     project with no Rust on PATH, and there the quickstart, the command line and the testing
#     kit's example run against a sandbox (`npm install alternative-payments`);
#   - without the addon package (npm --omit=optional), the error names the platform and how to
#     build from source.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
work=$(mktemp -d)
trap 'stop_sandbox; rm -rf "$work"' EXIT
package=$(ls dist/alternative-payments-[0-9]*.tgz)
addon_package=$(ls dist/alternative-payments-linux-x64-gnu-*.tgz)

tar xzf "$addon_package" -C "$work"
check_glibc_2_17 "$work/package/alternative-payments.linux-x64-gnu.node"

user_path=$(path_without_rust)
install() { # an empty project in $1 with the given tarballs installed
  mkdir "$1"
  (cd "$1" && PATH=$user_path npm init -y > /dev/null \
    && PATH=$user_path npm install --no-audit --no-fund --loglevel=error "${@:2}")
}
install "$work/app" "$ROOT/$addon_package" "$ROOT/$package"
cp bindings-node/examples/quickstart.mjs bindings-node/examples/sandbox.test.mjs "$work/app/"

start_sandbox debug
export ALTERNATIVE_PAYMENTS_BASE_URL=$SANDBOX_URL ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
  ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret
(cd "$work/app" && PATH=$user_path node quickstart.mjs | tail -n 3)
# The command line comes with the package, as `npx alternative-payments`.
(cd "$work/app" && PATH=$user_path ./node_modules/.bin/alternative-payments customers list --format table | head -n 3)
# The testing kit from the installed package: the README's node:test example.
(cd "$work/app" && unset ALTERNATIVE_PAYMENTS_BASE_URL && PATH=$user_path node --test sandbox.test.mjs | grep -E '^# (pass|fail)')

install "$work/no-addon" --omit=optional "$ROOT/$package"
if (cd "$work/no-addon" && node -e "require('alternative-payments')" 2> "$work/no-addon.err"); then
  echo "alternative-payments loaded without its addon package" >&2; exit 1
fi
grep -q 'no prebuilt native addon for linux-x64-gnu.*build it from source' "$work/no-addon.err" \
  || { cat "$work/no-addon.err"; echo "the error does not name the platform and how to build" >&2; exit 1; }
echo "without the addon package: $(grep -o 'no prebuilt native addon for linux-x64-gnu' "$work/no-addon.err")"
