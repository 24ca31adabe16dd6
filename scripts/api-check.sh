#!/usr/bin/env bash
# Starts a throwaway control plane and checks it against its own OpenAPI document with schemathesis:
# no 5xx, no status or body the document does not list. Part of `make test`. Snapshot polls are capped
# at one second so that generated `Prefer: wait` values cannot hold the run.
#
#   scripts/api-check.sh            (SCHEMATHESIS_MAX_EXAMPLES sets examples per operation; default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/debug/gatehouse
[ -x "$binary" ] || swift build --product gatehouse
work=$(mktemp -d)
"$binary" control --data-dir "$work/data" --listen 127.0.0.1:0 --max-wait 1 --log-level error >"$work/out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
address=""
for _ in $(seq 100); do
    address=$(sed -n 's/^control plane listening on //p' "$work/out")
    [ -n "$address" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/out" >&2; exit 1; }
    sleep 0.1
done
[ -n "$address" ] || { echo "api-check: the control plane did not start" >&2; cat "$work/out" >&2; exit 1; }
if ! SCHEMATHESIS_MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-10}" scripts/schemathesis.sh "$address" \
    "$work/data/admin.token"; then
    echo "api-check: the control plane's output:" >&2
    cat "$work/out" >&2
    exit 1
fi
