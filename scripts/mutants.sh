#!/usr/bin/env bash
# make mutants: cargo-mutants over the core's modules that hold the rules (rate limiting,
# retries, auth, pagination, validation, error decoding), against the core's unit tests and
# the integration tests of those rules. Installs cargo-mutants into target/tools when missing.
# Writes target/mutants/mutants.out and prints the counts that bench/RESULTS.md records; the
# surviving mutants and why each is equivalent are listed there too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
TOOLS=$ROOT/target/tools
[ -x "$TOOLS/bin/cargo-mutants" ] || cargo install --locked --root "$TOOLS" cargo-mutants
ensure_redis_server
started=$(date +%s)
status=0
PATH=$TOOLS/bin:$PATH cargo mutants --package alternative-payments --output target/mutants \
  --file core/src/rate_limit.rs --file core/src/retry.rs --file core/src/auth.rs \
  --file core/src/pagination.rs --file core/src/validate.rs --file core/src/error.rs \
  --timeout 180 "$@" -- --lib --test api --test reliability || status=$?
outcomes=target/mutants/mutants.out/outcomes.json
python3 - "$outcomes" "$(( $(date +%s) - started ))" <<'PY'
import json, sys
outcomes = json.load(open(sys.argv[1]))
counts = {k: outcomes.get(k, 0) for k in ("total_mutants", "caught", "missed", "unviable", "timeout")}
print("mutants: {total_mutants}, caught: {caught}, missed: {missed}, unviable: {unviable}, timeout: {timeout}".format(**counts),
      f"time: {int(sys.argv[2]) // 60} min {int(sys.argv[2]) % 60} s")
PY
# cargo-mutants exits 2 when a mutant was missed: the list is in target/mutants/mutants.out/missed.txt.
exit "$status"
