#!/usr/bin/env bash
# Schemathesis (from PyPI, in its own venv) against a fresh `neardup serve` on loopback, from docs/openapi.json:
# examples, boundary values, fuzzing and stateful sequences, every check. Bounded by --max-examples per operation.
#
#   scripts/api-fuzz.sh [MAX_EXAMPLES]        # default 300; needs .build/release/neardup (swift build -c release)
#
# Findings are printed by schemathesis; the script fails if the server stopped answering (a crash).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${NEARDUP_FUZZ_VENV:-$root/.build-fuzz-api/venv}
[ -x "$venv/bin/schemathesis" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q schemathesis; }
state=$(mktemp -d)
log=$state.log
"$root/.build/release/neardup" serve --state "$state" --listen 127.0.0.1:0 --max-bytes 65536 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
"$venv/bin/schemathesis" run "$root/docs/openapi.json" --url "$url" --checks all \
    --max-examples "${1:-300}" --request-timeout 10 || true
curl -sf "$url/healthz" >/dev/null || { echo "api-fuzz: the server stopped answering" >&2; tail -20 "$log" >&2; exit 1; }
echo "api-fuzz: the server answered throughout"
