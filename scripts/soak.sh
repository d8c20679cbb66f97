#!/usr/bin/env bash
# Soak (outside the test command, a few minutes): 20,000 calls through the Python and the Node
# bindings against a release sandbox with the rate limit off, showing memory and open sockets as
# it goes; the figures are appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_sandbox EXIT

cargo build --release -q -p ap-sandbox
setup_python release
setup_node release >/dev/null
start_sandbox release --rate-limit off --client-id soak-python
rows=$(mktemp)
SANDBOX_URL=$SANDBOX_URL .venv/bin/python bench/soak_python.py | tee -a "$rows"
stop_sandbox
start_sandbox release --rate-limit off --client-id soak-node
SANDBOX_URL=$SANDBOX_URL node --expose-gc bench/soak_node.mjs | tee -a "$rows"

{
  printf '\n## Soak: 20,000 calls per binding (rate limit off)\n\n'
  printf '| language | calls | RSS (MB) | open sockets |\n|---|---|---|---|\n'
  .venv/bin/python -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print("| {} | {} | {} | {} |".format(r["lang"], r["calls"], r["rss_mb"], r["sockets"]))
' < "$rows"
} >> bench/RESULTS.md
rm -f "$rows"
echo "appended to bench/RESULTS.md"
