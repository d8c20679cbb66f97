#!/usr/bin/env bash
# Builds the uniffi library (debug) and generates the bindings of the languages given
# (python, kotlin, swift, ...) into target/uniffi/<language>/, in library mode.
# Python gets the library copied beside its module, so `import alternative_payments_ffi` works
# with target/uniffi/python on sys.path.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p alternative-payments-ffi
library=target/debug/libalternative_payments_ffi.so
[ "$(uname)" = Darwin ] && library=target/debug/libalternative_payments_ffi.dylib
for language in "$@"; do
  rm -rf "target/uniffi/$language"
  ./target/debug/uniffi-bindgen generate --no-format --library "$library" --language "$language" \
    --out-dir "target/uniffi/$language"
  echo "generated target/uniffi/$language"
done
if [ -d target/uniffi/python ]; then
  cp "$library" target/uniffi/python/
fi
