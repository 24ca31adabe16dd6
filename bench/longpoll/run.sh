#!/usr/bin/env bash
# Long-poll load on the control plane: 10,000 nodes hold snapshot polls, a version is published, and the time
# each poll takes to get the new snapshot is measured (p50/p99/max), with the control plane's resident memory.
#
#   bench/longpoll/run.sh [-n POLLS] [-w WAIT_SECONDS]
#
# Builds the release executable, runs `gatehouse control` on a fresh temporary data directory, and drives it
# with longpoll.py (Python 3, standard library only).
set -euo pipefail
cd "$(dirname "$0")/../.."
polls=10000 wait=120
while getopts "n:w:" option; do
  case $option in
    n) polls=$OPTARG ;;
    w) wait=$OPTARG ;;
    *) exit 2 ;;
  esac
done

# Each poll is a socket in both processes; both inherit this limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((polls + 100)) ]; then
  echo "longpoll: the open-file limit $(ulimit -n) is too low for $polls polls" >&2
  exit 1
fi

swift build -c release --product gatehouse >/dev/null
work=$(mktemp -d /tmp/gatehouse-longpoll-XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

.build/release/gatehouse --log-level warning control --data-dir "$work/data" --listen 127.0.0.1:0 \
  >"$work/stdout" 2>"$work/stderr" &
server=$!
for _ in $(seq 100); do
  grep -q '^control plane listening on' "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
address=$(sed -n 's|^control plane listening on http://||p' "$work/stdout")
if [ -z "$address" ]; then
  echo "longpoll: the control plane did not start" >&2
  cat "$work/stderr" >&2
  exit 1
fi
echo "control plane pid $server on $address, open-file limit $(ulimit -n), $(nproc) cores"
python3 bench/longpoll/longpoll.py "$address" "$work/data" "$server" --polls "$polls" --wait "$wait"
