#!/usr/bin/env bash
# Tests a running control plane against its own OpenAPI document with schemathesis.
#
# Usage: scripts/schemathesis.sh BASE_URL TOKEN_FILE
#
#   BASE_URL    where the control plane listens, such as http://127.0.0.1:7070
#   TOKEN_FILE  a file holding an admin bearer token, such as DATA_DIR/admin.token
#
# The first run creates a virtual environment in .build/venv and installs pinned versions of
# schemathesis and its property-testing engine there; later runs reuse it. The run writes to the
# control plane's draft, so point it at a throwaway data directory.
#
# Environment:
#   SCHEMATHESIS_MAX_EXAMPLES  examples generated per operation (default 25, about a minute)
#
# Exits non-zero when a check fails: a 5xx answer, a status the document does not list, or a
# body that does not match the documented schema.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 BASE_URL TOKEN_FILE" >&2
    exit 2
fi
base_url="${1%/}"
token_file="$2"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-25}"

# Schemathesis 3.39 reaches into Hypothesis internals that later Hypothesis releases changed, so
# both are pinned together.
schemathesis_pin="schemathesis==3.39.16"
hypothesis_pin="hypothesis==6.130.13"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.build/venv"
stamp="$venv/.gatehouse-pins"

if [[ ! -r "$token_file" ]]; then
    echo "error: cannot read the token file $token_file" >&2
    exit 2
fi
token="$(tr -d '[:space:]' <"$token_file")"
if [[ -z "$token" ]]; then
    echo "error: the token file $token_file is empty" >&2
    exit 2
fi

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$schemathesis_pin $hypothesis_pin" ]]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$schemathesis_pin" "$hypothesis_pin"
    echo "$schemathesis_pin $hypothesis_pin" >"$stamp"
fi

# Hypothesis keeps a directory of its own even with no example database; keep it out of the tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$root/.build/hypothesis"

# Prefer is pinned to a short wait: a generated wait of minutes would hold the snapshot long poll
# open past the request timeout whenever the generated ETag happens to name the current snapshot.
exec "$venv/bin/schemathesis" run "$base_url/v1/openapi.json" \
    --experimental=openapi-3.1 \
    --base-url "$base_url" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --hypothesis-max-examples "$max_examples" \
    --hypothesis-database none \
    --set-header "Prefer=wait=1" \
    --request-timeout 15000 \
    --schemathesis-io-telemetry false \
    --no-color
