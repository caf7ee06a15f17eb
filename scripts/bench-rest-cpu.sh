#!/usr/bin/env bash
# REST order entry with the exchange's CPU per order: scripts/bench-rest.sh's setup (release build, fresh SQLite
# journal, demo users logged in), wrk for SECONDS, and the exchange's and wrk's CPU from /proc/PID/stat over 6 s
# in the middle of the run. Prints one line: orders/s, p50, p99, exchange cores, CPU µs per order, wrk cores.
# Usage: scripts/bench-rest-cpu.sh [seconds=10] [connections=64] [wrk threads=2] [script=Benchmarks/rest/orders.lua]
# BOURSE_BIN and BOURSE_EXCHANGE_ARGS as for bench-rest.sh (e.g. BOURSE_EXCHANGE_ARGS=--no-order-lane).
# BOURSE_SERVER=http-ceiling runs the same load against `bourse bench http-ceiling` instead of the exchange: the
# exchange's HTTP stack answering every request at once with a fixed body (no parsing, matching or journal), the
# ceiling of the HTTP layer alone on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; connections=${2:-64}; threads=${3:-2}; script=${4:-Benchmarks/rest/orders.lua}
if [ "${BOURSE_SERVER:-exchange}" = http-ceiling ]; then
    if [ -n "${BOURSE_BIN:-}" ]; then bin=$BOURSE_BIN; else
        swift build -c release --product bourse >&2
        bin=$(swift build -c release --show-bin-path)/bourse
    fi
    log=$(mktemp)
    ulimit -n 65536 2>/dev/null || true
    "$bin" bench http-ceiling --port 0 >"$log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
    for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)
    tokens=none
else
    source scripts/bench-exchange-lib.sh
fi
out=$(mktemp)
BOURSE_TOKENS=$tokens wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$script" "$url" >"$out" &
wrkpid=$!
sleep 2
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
w=$(pgrep -n -x wrk)
a=$(ticks "$pid"); wa=$(ticks "$w"); t0=$(date +%s.%N)
sleep 6
b=$(ticks "$pid"); wb=$(ticks "$w"); t1=$(date +%s.%N)
wait $wrkpid
rps=$(awk '/Requests\/sec/ {print $2}' "$out")
p50=$(awk '$1 == "50%" {print $2}' "$out"); p99=$(awk '$1 == "99%" {print $2}' "$out")
hz=$(getconf CLK_TCK)
python3 -c "
cores = ($b - $a) / $hz / ($t1 - $t0); wrk = ($wb - $wa) / $hz / ($t1 - $t0)
print(f'orders/s {$rps:.0f} p50 $p50 p99 $p99 exchange_cores {cores:.2f} cpu_us_per_order {cores / $rps * 1e6:.1f} wrk_cores {wrk:.2f}')"
rm -f "$out"
