#!/usr/bin/env bash
# The contract test: schemathesis (a tool we did not write) generates requests from
# openapi/alternative-payments.yaml, written from the vendor's reference, and checks that the
# sandbox answers them without a server error and as the description says (statuses, content
# types, response schemas). A fixed seed and a bounded number of examples keep it short and
# repeatable. Needs .venv with schemathesis and a debug sandbox build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_sandbox EXIT
start_sandbox debug --rate-limit off
curl -fsS -X POST "$SANDBOX_URL/_sandbox/config" -d "{\"shapes\": \"${CONTRACT_SHAPES:-reference}\"}" > /dev/null
curl -fsS -X POST "$SANDBOX_URL/_sandbox/seed" -d '{"customers": 3, "transactions": 3}' > /dev/null
curl -fsS -X POST "$SANDBOX_URL/_sandbox/payouts" > /dev/null
token=$(curl -fsS -u sandbox_client_id:sandbox_client_secret -d grant_type=client_credentials "$SANDBOX_URL/oauth/token" \
  | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
.venv/bin/schemathesis run openapi/alternative-payments.yaml --url "$SANDBOX_URL" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${CONTRACT_EXAMPLES:-20}" --seed 1 --workers 1 --no-color --warnings off
