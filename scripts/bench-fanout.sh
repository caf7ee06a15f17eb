#!/usr/bin/env bash
# WebSocket fan-out benchmark: a release `bourse exchange` (fresh SQLite journal in a temporary folder),
# `bourse bench fanout` with N reading subscribers plus slow ones that never read, and wrk trading BTC-USDT
# over REST meanwhile (Benchmarks/rest/orders.lua). Prints wrk's report, the fan-out JSON and the exchange's
# peak resident memory (VmHWM), which must stay bounded although the slow subscribers read nothing.
# Usage: scripts/bench-fanout.sh [subscribers=1000] [seconds=10] [slow=10]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-1000}; seconds=${2:-10}; slow=${3:-10}
source scripts/bench-exchange-lib.sh
echo "VmRSS before subscribers: $(grep VmRSS /proc/$pid/status)" >&2
"$bin" bench fanout --url "ws://${url#http://}/realtime" --subscribers "$subscribers" --slow "$slow" \
    --seconds $((seconds + 4)) >"$data/fanout.json" &
fanout=$!
sleep 3
BOURSE_TOKENS=$tokens wrk -t1 -c16 -d"${seconds}s" --latency -s Benchmarks/rest/orders.lua "$url"
wait $fanout
cat "$data/fanout.json"
grep -E "VmHWM|VmRSS" /proc/$pid/status
