#!/usr/bin/env bash
# Compares the gateway's HTTP stack with nginx on loopback, both with one worker, in alternating rounds:
# gatehouse-bench-server and nginx's `return 200` each answer a 20-byte body to `wrk -t1 -c64`.
#
#   bench/run.sh [-d SECONDS] [-c CONNECTIONS] [-r ROUNDS]
#
# Prints each run (requests/s, p99 latency, CPU time the server spent per request), then the medians and
# the ratios of the gateway to nginx. CPU per request is the steadier figure: wrk shares the two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=8 connections=64 rounds=3
while getopts "d:c:r:" option; do
  case $option in
    d) seconds=$OPTARG ;;
    c) connections=$OPTARG ;;
    r) rounds=$OPTARG ;;
    *) exit 2 ;;
  esac
done

missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench: install ${missing[*]} first" >&2
    exit 1
  fi
fi

swift build -c release --product gatehouse-bench-server >/dev/null
work=/tmp/gatehouse-bench
mkdir -p "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

nginx -c "$PWD/bench/nginx-fixed.conf" & pids+=($!)
.build/release/gatehouse-bench-server --listen 127.0.0.1:18812 --workers 1 >"$work/bench-server.log" 2>&1 &
pids+=($!)
for port in 18811 18812; do
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done

ticks_per_second=$(getconf CLK_TCK)
server_ticks() {  # user + system clock ticks of the process listening on port $1
  local total=0
  for pid in $(ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

results=$work/results.txt
: >"$results"
for round in $(seq "$rounds"); do
  for target in nginx:18811 gatehouse:18812; do
    name=${target%%:*} port=${target##*:}
    before=$(server_ticks "$port")
    report=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/")
    after=$(server_ticks "$port")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$report")
    requests=$(awk '/requests in/ {print $1}' <<<"$report")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
    cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')
    errors=$(awk '/Non-2xx|Socket errors/' <<<"$report" | tr -s ' ' | tr '\n' ' ')
    printf 'round %s %-10s %10s req/s  p99 %-8s cpu %6s us/req %s\n' "$round" "$name" "$rps" "$p99" "$cpu" "$errors"
    echo "$name $rps $cpu $p99" >>"$results"
  done
done

echo
awk '
  function median(values,    n, list, i, j, swap) {
    n = split(substr(values, 2), list, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (list[j] + 0 < list[i] + 0) { swap = list[i]; list[i] = list[j]; list[j] = swap }
    return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
  }
  function ms(text) { return text ~ /us$/ ? text / 1000 : text ~ /ms$/ ? text + 0 : text * 1000 }
  { rps[$1] = rps[$1] " " $2; cpu[$1] = cpu[$1] " " $3; p99[$1] = p99[$1] " " ms($4) }
  END {
    for (name in rps) printf "median %-10s %10.0f req/s  %6.2f cpu us/req  p99 %.2f ms\n", name, median(rps[name]), median(cpu[name]), median(p99[name])
    printf "gatehouse / nginx: req/s %.2f  cpu/req %.2f  p99 %.2f\n", median(rps["gatehouse"]) / median(rps["nginx"]),
      median(cpu["gatehouse"]) / median(cpu["nginx"]), median(p99["gatehouse"]) / median(p99["nginx"])
  }' "$results"
