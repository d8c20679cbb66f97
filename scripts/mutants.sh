#!/usr/bin/env bash
# make mutants: cargo-mutants over the core's modules that hold the rules (rate limiting,
# retries, auth, pagination, validation, error decoding). Two passes: every mutant against the
# core's unit tests (seconds each), then the survivors again (`--iterate`) with the API
# integration tests added (paging, cursors, filters and faults against the sandbox). Installs
# cargo-mutants into target/tools when missing; writes target/mutants/mutants.out and prints
# the counts that bench/RESULTS.md records. Mutants shown to be equivalent are excluded by name
# in .cargo/mutants.toml, each with its reason.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
TOOLS=$ROOT/target/tools
[ -x "$TOOLS/bin/cargo-mutants" ] || cargo install --locked --root "$TOOLS" cargo-mutants
export PATH=$TOOLS/bin:$PATH
ensure_redis_server
files=(--file core/src/rate_limit.rs --file core/src/retry.rs --file core/src/auth.rs
       --file core/src/pagination.rs --file core/src/validate.rs --file core/src/error.rs)
started=$(date +%s)
cargo mutants --package alternative-payments --output target/mutants "${files[@]}" --timeout 15 "$@" -- --lib || true
status=0
cargo mutants --package alternative-payments --output target/mutants "${files[@]}" --timeout 30 --iterate "$@" \
  -- --lib --test api --test reliability || status=$?
python3 - target/mutants/mutants.out "$(( $(date +%s) - started ))" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
lines = lambda name: [l for l in (out / name).read_text().splitlines() if l] if (out / name).exists() else []
print(f"missed after both passes: {len(lines('missed.txt'))}, timeouts (caught): {len(lines('timeout.txt'))}, "
      f"unviable: {len(lines('unviable.txt'))}; time: {int(sys.argv[2]) // 60} min")
for line in lines("missed.txt"):
    print("  missed:", line)
PY
# cargo-mutants exits 2 when a mutant was missed: each must be killed or explained in bench/RESULTS.md.
exit "$status"
